import AgentCore
import Synchronization

/// The mock human: answers approval requests from a task's script.
public final class ScriptedApprover: Approver {
    private let rules: [ApprovalRule]
    private let clock: (any AgentClock)?
    private let asked = Mutex<[String: Int]>([:])
    /// Requests queued for a later decision, by call id, with the rule that will decide them, and
    /// the decisions once made: asked again (a run resumed from a checkpoint from before the
    /// decision), the reviewer gives the same one at once.
    private let queued = Mutex<[String: (rule: ApprovalRule, decision: ApprovalDecision?)]>([:])

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
        if let after = rule.decidesAfter {
            queued.withLock { $0[request.callID] = (rule, nil) }
            return .deferred(reason: "queued for review; a decision is expected in about \(Self.describe(after))")
        }
        return await decide(rule, request)
    }

    /// The decision on a request `review` queued, when it comes (after the rule's delay on the
    /// clock, or at once when it was already made); nil for a request that was not queued.
    public func laterDecision(on request: ApprovalRequest) async -> ApprovalDecision? {
        guard let entry = queued.withLock({ $0[request.callID] }) else { return nil }
        if let decision = entry.decision { return decision }
        do {
            try await clock?.sleep(for: entry.rule.decidesAfter ?? .zero)
        } catch {
            return nil
        }
        let decision = await decide(entry.rule, request)
        queued.withLock { $0[request.callID]?.decision = decision }
        return decision
    }

    private func decide(_ rule: ApprovalRule, _ request: ApprovalRequest) async -> ApprovalDecision {
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

    static func describe(_ duration: Duration) -> String {
        let minutes = duration.milliseconds / 60_000
        return minutes >= 120 ? "\(minutes / 60) hours" : minutes >= 1 ? "\(minutes) minutes" : "\(duration.milliseconds / 1000) seconds"
    }
}
