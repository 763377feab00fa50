/// Something that crossed one of the agent's edges: its model, its tools, its approver, its budgets.
public enum AgentEvent: Sendable, Hashable {
    /// The run began with this task.
    case started(prompt: String)
    /// The agent asked the model for its next move.
    case modelRequest(step: Int, messageCount: Int, tools: [String])
    /// The model answered.
    case modelResponse(step: Int, text: String?, toolCalls: [ToolCall], usage: TokenUsage)
    /// The model provider failed.
    case modelFailed(step: Int, error: ModelError)
    /// A call the agent refused before it reached any tool: unknown tool, not allowed, bad arguments.
    case toolRejected(call: ToolCall, error: ToolError)
    /// A call waits for a human.
    case approvalRequested(callID: String, tool: String, arguments: JSONValue)
    /// The human answered.
    case approvalAnswered(callID: String, tool: String, decision: ApprovalDecision)
    /// A call reached its tool (or, in dry-run mode, was recorded instead); `attempt` counts retries.
    case toolCalled(callID: String, tool: String, arguments: JSONValue, dryRun: Bool, attempt: Int = 1)
    /// The tool returned.
    case toolReturned(callID: String, tool: String, result: JSONValue)
    /// The tool failed.
    case toolFailed(callID: String, tool: String, error: ToolError)
    /// A failed call to `target` (a tool, or `model`) will be tried again after `delay`.
    case retryScheduled(target: String, callID: String?, attempt: Int, delay: Duration, errorClass: ErrorClass)
    /// A dependency's circuit breaker changed state.
    case breakerChanged(dependency: String, from: CircuitBreaker.State, to: CircuitBreaker.State)
    /// A call was not made because its dependency's breaker is open.
    case breakerRejected(dependency: String)
    /// A failing tool was replaced by its fallback.
    case fallback(from: String, to: String, errorClass: ErrorClass)
    /// The oldest tool results were dropped to fit the model's context window.
    case contextTrimmed(step: Int, removed: Int)
    /// The human did not answer in time; the call is treated as denied.
    case approvalTimedOut(callID: String, tool: String, after: Duration)
    /// A budget ended the run.
    case budgetExhausted(BudgetStop)
    /// The model gave its final answer.
    case answered(text: String)
    /// The run's state was saved as this checkpoint.
    case checkpointSaved(sequence: Int)
    /// A checkpoint could not be saved; the run went on.
    case checkpointFailed(reason: String)
    /// The run checkpointed and stopped to wait for a human's later decision on this call.
    case approvalParked(callID: String, tool: String)
    /// The run continued from this checkpoint, passing over the newer ones in `skipped` (torn or
    /// damaged, each with why).
    case resumed(sequence: Int, skipped: [String] = [])
}

/// Receives every `AgentEvent` as it happens.
public protocol EventSink: Sendable {
    func record(_ event: AgentEvent)
}

/// Drops every event.
public struct DiscardingEventSink: EventSink {
    public init() {}
    public func record(_ event: AgentEvent) {}
}
