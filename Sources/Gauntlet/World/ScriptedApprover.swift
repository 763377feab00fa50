import AgentCore
import Synchronization

/// The mock human: answers approval requests from a task's script.
public final class ScriptedApprover: Approver {
    private let rules: [ApprovalRule]
    private let asked = Mutex<[String: Int]>([:])

    public init(rules: [ApprovalRule]) {
        self.rules = rules
    }

    public func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        let tool = request.tool.name
        let number = asked.withLock { counts in
            counts[tool, default: 0] += 1
            return counts[tool]!
        }
        guard let rule = rules.first(where: { $0.tool == tool && ($0.call == nil || $0.call == number) }) else {
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
        }
    }
}
