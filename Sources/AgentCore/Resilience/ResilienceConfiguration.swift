/// The patterns that keep an agent alive when its dependencies misbehave. The defaults are off:
/// an agent built without them is the naive agent the harness compares against.
public struct ResilienceConfiguration: Sendable, Hashable {
    /// Retries of failed tool and model calls. Default: none.
    public var retry: RetryPolicy
    /// One circuit breaker per dependency (each tool, and the model). Default: none.
    public var breaker: CircuitBreaker.Configuration?
    /// How long one tool call may take. Default: no limit.
    public var toolTimeout: Duration?
    /// How long one model call may take. Default: no limit.
    public var modelTimeout: Duration?
    /// How long to wait for a human before treating the request as denied. Default: no limit.
    public var approvalTimeout: Duration?
    /// Per tool, another tool to try with the same arguments when it keeps failing.
    public var fallbackTools: [String: String]
    /// Check every result against the tool's result schema; a result that breaks it is an error
    /// the model sees, never data it could take as true. Default: off.
    public var validateResults: Bool
    /// When the model reports its context is too long, drop the oldest tool results and ask
    /// again (once per step). Default: off.
    public var trimContextOnOverflow: Bool
    /// Give every side-effecting call an idempotency key that stays the same across its retries,
    /// which also makes such calls safe to retry. Default: off.
    public var idempotencyKeys: Bool

    public init(
        retry: RetryPolicy = .none, breaker: CircuitBreaker.Configuration? = nil, toolTimeout: Duration? = nil,
        modelTimeout: Duration? = nil, approvalTimeout: Duration? = nil, fallbackTools: [String: String] = [:],
        validateResults: Bool = false, trimContextOnOverflow: Bool = false, idempotencyKeys: Bool = false
    ) {
        self.retry = retry
        self.breaker = breaker
        self.toolTimeout = toolTimeout
        self.modelTimeout = modelTimeout
        self.approvalTimeout = approvalTimeout
        self.fallbackTools = fallbackTools
        self.validateResults = validateResults
        self.trimContextOnOverflow = trimContextOnOverflow
        self.idempotencyKeys = idempotencyKeys
    }
}
