/// Which tool calls need a human's approval before they run.
public enum ApprovalPolicy: String, Sendable, Hashable, CaseIterable {
    /// Tools whose spec says `needsApproval`.
    case perTool = "per_tool"
    /// Every tool with side effects, and tools whose spec says so.
    case allWrites = "all_writes"
    /// None: the agent acts alone.
    case none

    /// Whether a call to `tool` must be approved under this policy.
    public func requiresApproval(_ tool: ToolSpec) -> Bool {
        switch self {
        case .perTool: tool.needsApproval
        case .allWrites: tool.needsApproval || tool.risk.hasSideEffects
        case .none: false
        }
    }
}
