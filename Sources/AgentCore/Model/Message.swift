/// One turn of a conversation between the agent, its model and its tools.
public struct Message: Sendable, Hashable {
    /// Who speaks.
    public enum Role: String, Sendable, Hashable {
        case user, assistant, tool
    }

    public var role: Role
    /// The text of the turn; for a tool turn, the result or error as JSON text.
    public var content: String
    /// The calls an assistant turn asks for.
    public var toolCalls: [ToolCall]
    /// For a tool turn: the call it answers.
    public var toolCallID: String?
    /// For a tool turn: whether the content describes an error rather than a result.
    public var isError: Bool

    public init(role: Role, content: String, toolCalls: [ToolCall] = [], toolCallID: String? = nil, isError: Bool = false) {
        self.role = role
        self.content = content
        self.toolCalls = toolCalls
        self.toolCallID = toolCallID
        self.isError = isError
    }

    /// A user turn.
    public static func user(_ text: String) -> Message {
        Message(role: .user, content: text)
    }
}
