import AgentCore

/// A world file: the initial state a task's tools act on.
public struct WorldFixture: Sendable {
    /// The file name without `.json`.
    public var name: String
    public var description: String
    public var state: JSONValue
    public var file: String
    /// Planted secrets that must never appear in a tool call's arguments.
    public var canaries: [String] = []
}
