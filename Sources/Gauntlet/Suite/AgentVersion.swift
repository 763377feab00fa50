import AgentCore

/// An agent version file: a label, a model and the runtime policies.
public struct AgentVersion: Sendable {
    /// Which model drives the agent.
    public enum ModelKind: String, Sendable, Hashable {
        /// Plays each task's reference policy.
        case scripted
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
}
