/// The human (or process) that approves risky tool calls.
public protocol Approver: Sendable {
    /// Decides on one call. Taking time is fine: the agent waits on its own clock.
    func review(_ request: ApprovalRequest) async -> ApprovalDecision
}

/// A tool call waiting for approval.
public struct ApprovalRequest: Sendable, Hashable {
    public var callID: String
    public var tool: ToolSpec
    public var arguments: JSONValue

    public init(callID: String, tool: ToolSpec, arguments: JSONValue) {
        self.callID = callID
        self.tool = tool
        self.arguments = arguments
    }
}

/// What the approver decided.
public enum ApprovalDecision: Sendable, Hashable {
    case approve
    case deny(reason: String)
    /// Approve, but run with these arguments instead of the requested ones.
    case approveWithEdits(JSONValue)
    /// The request is queued with a human who decides later (hours, perhaps). An agent with a
    /// checkpoint store checkpoints and stops, and `Agent.resume(approval:)` goes on when the
    /// decision comes; one without cannot wait for it and does not make the call.
    case deferred(reason: String)

    /// `approve`, `deny` or `edit`, as written in trajectories.
    public var label: String {
        switch self {
        case .approve: "approve"
        case .deny: "deny"
        case .approveWithEdits: "edit"
        case .deferred: "deferred"
        }
    }
}

/// An approver that approves everything: for trusted, supervised settings only.
public struct ApproveAll: Approver {
    public init() {}
    public func review(_ request: ApprovalRequest) async -> ApprovalDecision { .approve }
}
