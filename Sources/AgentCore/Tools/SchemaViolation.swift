/// One way a JSON document breaks a schema: where (a JSON Pointer) and what was expected and found.
public struct SchemaViolation: Sendable, Hashable, CustomStringConvertible {
    public var pointer: JSONPointer
    public var message: String

    public init(pointer: JSONPointer, message: String) {
        self.pointer = pointer
        self.message = message
    }

    public var description: String { "\(pointer): \(message)" }
}
