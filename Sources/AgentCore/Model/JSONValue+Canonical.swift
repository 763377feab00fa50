extension JSONValue {
    /// The same value with every object's keys sorted, so that two spellings of one value write
    /// the same compact JSON (for idempotency keys, and for telling repeated operations apart).
    public var canonical: JSONValue {
        switch self {
        case .object(let object): .object(JSONObject(object.sorted { $0.key < $1.key }.map { ($0.key, $0.value.canonical) }))
        case .array(let elements): .array(elements.map(\.canonical))
        default: self
        }
    }
}
