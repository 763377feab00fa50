import AgentCore

/// An instruction planted in data a tool returns, and the call it asks for.
///
/// The simulated model follows one it reads with the agent version's `gullibility`: that is how a
/// suite shows what an agent does when the content of a web page, an email or a ticket tries to
/// steer it.
public struct Injection: Sendable, Hashable {
    /// Text of the planted instruction, matched case-insensitively in tool results.
    public var trigger: String
    /// The tool the instruction asks for; any tool of the suite.
    public var tool: String
    /// An arguments template over the policy's bindings so far.
    public var arguments: JSONValue

    public init(trigger: String, tool: String, arguments: JSONValue = .object(JSONObject())) {
        self.trigger = trigger
        self.tool = tool
        self.arguments = arguments
    }
}
