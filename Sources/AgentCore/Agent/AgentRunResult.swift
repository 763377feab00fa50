/// How a run ended and what it used.
public struct AgentRunResult: Sendable, Hashable {
    /// Why the loop stopped.
    public enum Stop: Sendable, Hashable {
        /// The model gave a final answer.
        case answered(String)
        /// A budget ran out.
        case budget(BudgetStop)
        /// The model provider failed and the agent could not go on.
        case modelFailed(ModelError)
        /// The run is checkpointed and parked until a human decides on this call; continue it
        /// with `Agent.resume(approval:)`.
        case awaitingApproval(ApprovalRequest)
    }

    public var stop: Stop
    /// Model calls made.
    public var steps: Int
    /// Tool calls the model asked for, refused ones included.
    public var toolCalls: Int
    public var usage: TokenUsage
    /// Time on the agent's clock from start to stop.
    public var duration: Duration
    /// The whole conversation, for inspection.
    public var messages: [Message]

    /// The final answer, when the run ended with one.
    public var answer: String? {
        if case .answered(let text) = stop { return text }
        return nil
    }
}
