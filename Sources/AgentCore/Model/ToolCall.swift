/// A tool call as the model wrote it.
///
/// The arguments stay raw text: a model can write JSON that does not parse, and the agent core
/// must turn that into an error the model sees rather than crash or guess.
public struct ToolCall: Sendable, Hashable {
    /// The identifier that links the call to its result.
    public var id: String
    /// The tool the model asked for; it may not exist.
    public var name: String
    /// The arguments, as JSON text.
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// A call whose arguments are written from a JSON value.
    public init(id: String, name: String, arguments: JSONValue) {
        self.init(id: id, name: name, arguments: JSONWriter.compact(arguments))
    }
}
