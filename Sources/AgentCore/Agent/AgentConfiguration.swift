/// How an agent behaves: its instructions, limits and safety settings.
public struct AgentConfiguration: Sendable, Hashable {
    public var systemPrompt: String
    public var budgets: Budgets
    /// The tools this agent may call; `nil` allows every tool it was given.
    public var allowedTools: Set<String>?
    public var approvalPolicy: ApprovalPolicy
    /// Record side-effecting calls instead of performing them.
    public var dryRun: Bool
    /// Retries, breakers, timeouts, fallbacks, result validation.
    public var resilience: ResilienceConfiguration
    /// Seeds retry jitter, so that a run can be reproduced.
    public var jitterSeed: UInt64
    /// Per tool, a JSON Schema the arguments must also satisfy: the task's scope, enforced whatever
    /// the model says (tool output is data, never instructions).
    public var scope: [String: JSONSchema]
    /// Blocks sensitive values on their way to external tools; `nil` switches the guard off.
    public var egressGuard: EgressGuard?
    /// Names this run in idempotency keys. Give every run its own (the harness uses the trial's
    /// seed): runs that share an id share keys, and an API that honours keys would take a later
    /// run's writes for repeats of an earlier one's.
    public var runID: String

    public init(
        systemPrompt: String = "", budgets: Budgets = Budgets(), allowedTools: Set<String>? = nil,
        approvalPolicy: ApprovalPolicy = .perTool, dryRun: Bool = false,
        resilience: ResilienceConfiguration = ResilienceConfiguration(), jitterSeed: UInt64 = 0,
        scope: [String: JSONSchema] = [:], egressGuard: EgressGuard? = nil, runID: String = "run"
    ) {
        self.scope = scope
        self.egressGuard = egressGuard
        self.runID = runID
        self.systemPrompt = systemPrompt
        self.budgets = budgets
        self.allowedTools = allowedTools
        self.approvalPolicy = approvalPolicy
        self.dryRun = dryRun
        self.resilience = resilience
        self.jitterSeed = jitterSeed
    }
}
