import AgentCore
import Synchronization

/// The mock human: answers approval requests from a task's script.
public final class ScriptedApprover: Approver {
    private let rules: [ApprovalRule]
    private let clock: (any AgentClock)?
    private let asked = Mutex<[String: Int]>([:])

    /// How long a reviewer who never answers stays silent: longer than any trial's horizon.
    static let silence: Duration = .seconds(366 * 24 * 3600)

    /// `clock` is what an absent reviewer (`no_answer`) waits on; without one it declines at once.
    public init(rules: [ApprovalRule], clock: (any AgentClock)? = nil) {
        self.rules = rules
        self.clock = clock
    }

    public func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        let tool = request.tool.name
        let number = asked.withLock { counts in
            counts[tool, default: 0] += 1
            return counts[tool]!
        }
        guard let rule = rules.first(where: { rule in
            rule.tool == tool && (rule.call == nil || rule.call == number) && (rule.match.map { JSONMatching.contains(request.arguments, $0) } ?? true)
        }) else {
            return .deny(reason: "The reviewer has no instruction for this request and declines.")
        }
        switch rule.decision {
        case .approve:
            return .approve
        case .deny:
            return .deny(reason: rule.reason ?? "The reviewer declined.")
        case .edit:
            var arguments = request.arguments.objectValue ?? JSONObject()
            for (key, value) in rule.arguments?.objectValue ?? JSONObject() { arguments[key] = value }
            return .approveWithEdits(.object(arguments))
        case .noAnswer:
            // The agent's approval timeout is what ends this wait; an agent without one waits on.
            try? await clock?.sleep(for: Self.silence)
            return .deny(reason: "Nobody answered the request.")
        }
    }
}
