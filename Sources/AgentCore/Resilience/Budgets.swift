/// Limits that stop a runaway agent cleanly; `nil` means unlimited.
public struct Budgets: Sendable, Hashable {
    /// Model calls.
    public var maxSteps: Int?
    /// Tool calls the model asks for, including ones the agent refuses.
    public var maxToolCalls: Int?
    /// Input plus output tokens over the whole run.
    public var maxTokens: Int?
    /// Time on the agent's clock from the start of the run.
    public var maxDuration: Duration?
    /// Calls the model may ask of any one tool. Past it a call is refused with `call_limit` and the
    /// run goes on, so a model stuck in a loop (an endless listing) can still answer with what it has.
    public var maxCallsPerTool: Int?

    public init(maxSteps: Int? = nil, maxToolCalls: Int? = nil, maxTokens: Int? = nil, maxDuration: Duration? = nil, maxCallsPerTool: Int? = nil) {
        self.maxSteps = maxSteps
        self.maxToolCalls = maxToolCalls
        self.maxTokens = maxTokens
        self.maxDuration = maxDuration
        self.maxCallsPerTool = maxCallsPerTool
    }
}

/// Which budget ended a run, its limit and what had been used.
public struct BudgetStop: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable {
        case steps, toolCalls = "tool_calls", tokens, time
    }

    public var kind: Kind
    public var limit: Int64
    public var used: Int64

    public init(kind: Kind, limit: Int64, used: Int64) {
        self.kind = kind
        self.limit = limit
        self.used = used
    }

    public var description: String {
        let unit = kind == .time ? " ms" : ""
        return "\(kind.rawValue) budget exhausted: used \(used)\(unit) of \(limit)\(unit)"
    }
}
