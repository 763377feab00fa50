/// How a `malformed` fault breaks a tool's result.
public enum MalformedShape: String, Sendable, Hashable, CaseIterable {
    /// Text that is not JSON.
    case invalidJSON = "invalid_json"
    /// The JSON text cut off part-way.
    case truncated
    /// A field with a value of the wrong type.
    case wrongTypes = "wrong_types"
    /// A required field left out.
    case missingField = "missing_field"
    /// A field under another name (schema drift).
    case renamedField = "renamed_field"
    /// An empty body.
    case empty
    /// Bytes that are not UTF-8.
    case nonUTF8 = "non_utf8"
    /// A payload far larger than the real one.
    case huge
}
