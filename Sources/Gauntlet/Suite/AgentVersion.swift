import AgentCore

/// An agent version file: a label, a model and the runtime policies.
public struct AgentVersion: Sendable {
    /// Which model drives the agent.
    public enum ModelKind: String, Sendable, Hashable {
        /// Plays each task's reference policy.
        case scripted
        /// Plays it with the mistakes of an LLM, drawn from the trial's seed.
        case simulated
        /// Plays it like `scripted`, but traps (`fatalError`) in the tasks `trapIn` matches: a
        /// crash no code can catch, for testing the harness's process isolation.
        case trap
    }

    public var label: String
    public var description: String
    public var model: ModelKind
    public var systemPrompt: String
    public var budgets: Budgets
    public var approval: ApprovalPolicy
    /// Whether the agent is held to each task's allow-list (least privilege) or given every tool.
    public var enforcesAllowList: Bool
    public var dryRun: Bool
    public var file: String
    /// SHA-256 of the file's bytes, so a run names exactly what it ran.
    public var sha256: String
    /// Retries, breakers, timeouts, fallbacks and validation; all off by default.
    public var resilience = ResilienceConfiguration()
    /// For the simulated model: how often it errs.
    public var mistakes = ModelMistakes()
    /// The probability of following an instruction planted in a tool's output.
    public var gullibility = 0.0
    /// How often the model itself asks again after a transient error its policy does not handle.
    public var selfRetries = 0
    /// Whether each task's `scope` is enforced by the agent core.
    public var enforcesScope = true
    /// Whether the egress guard is on.
    public var usesEgressGuard = true
    /// Whether the agent checkpoints after every step and, started again after a crash, resumes
    /// from its latest good checkpoint; without, it starts the task over.
    public var checkpoints = false
    /// For the trapping model: globs on task ids whose trials trap.
    public var trapIn: [String] = []
    /// For the trapping model: globs on task ids whose trials spin forever instead.
    public var spinIn: [String] = []
}
