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

    public init(
        systemPrompt: String = "", budgets: Budgets = Budgets(), allowedTools: Set<String>? = nil,
        approvalPolicy: ApprovalPolicy = .perTool, dryRun: Bool = false,
        resilience: ResilienceConfiguration = ResilienceConfiguration(), jitterSeed: UInt64 = 0
    ) {
        self.systemPrompt = systemPrompt
        self.budgets = budgets
        self.allowedTools = allowedTools
        self.approvalPolicy = approvalPolicy
        self.dryRun = dryRun
        self.resilience = resilience
        self.jitterSeed = jitterSeed
    }
}
