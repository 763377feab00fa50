import AgentCore

/// Structural comparisons of JSON used by checks and path matching.
enum JSONMatching {
    /// Whether `actual` contains `expected`: objects member by member (recursively), anything
    /// else by equality.
    static func contains(_ actual: JSONValue?, _ expected: JSONValue) -> Bool {
        firstMismatch(actual, expected, at: .root) == nil
    }

    /// Where `actual` first fails to contain `expected`, with the two values there.
    static func firstMismatch(_ actual: JSONValue?, _ expected: JSONValue, at pointer: JSONPointer) -> (JSONPointer, JSONValue, JSONValue?)? {
        if case .object(let wanted) = expected {
            guard case .object(let have)? = actual else { return (pointer, expected, actual) }
            for (key, value) in wanted {
                if let mismatch = firstMismatch(have[key], value, at: pointer.appending(key)) { return mismatch }
            }
            return nil
        }
        return actual == expected ? nil : (pointer, expected, actual)
    }
}
