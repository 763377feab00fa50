import Testing
import AgentCore
@testable import Gauntlet

@Suite struct ScriptedApproverTests {
    static let noRuleReason = "The reviewer has no instruction for this request and declines."

    func request(_ tool: String, _ arguments: JSONValue = ["order_id": "1042", "amount": 100], id: String = "call_1") throws -> ApprovalRequest {
        ApprovalRequest(callID: id, tool: try makeSpec(tool, risk: .irreversible, needsApproval: true), arguments: arguments)
    }

    @Test("an approve rule approves")
    func approve() async throws {
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .approve)])
        #expect(await approver.review(try request("refund_order")) == .approve)
    }

    @Test("a deny rule denies with its reason, or a default reason")
    func deny() async throws {
        let withReason = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .deny, reason: "Refunds over 50 need a manager.")])
        #expect(await withReason.review(try request("refund_order")) == .deny(reason: "Refunds over 50 need a manager."))
        let withoutReason = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .deny)])
        #expect(await withoutReason.review(try request("refund_order")) == .deny(reason: "The reviewer declined."))
    }

    @Test("an edit rule replaces the requested arguments key by key and keeps the rest")
    func edit() async throws {
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .edit, arguments: ["amount": 50, "note": "partial"])])
        let decision = await approver.review(try request("refund_order", ["order_id": "1042", "amount": 100]))
        #expect(decision == .approveWithEdits(["order_id": "1042", "amount": 50, "note": "partial"]))
    }

    @Test("a rule with call: n applies only to the n-th request for that tool")
    func perCall() async throws {
        let approver = ScriptedApprover(rules: [
            ApprovalRule(tool: "refund_order", call: 2, decision: .deny, reason: "not twice"),
            ApprovalRule(tool: "refund_order", decision: .approve),
        ])
        var decisions: [ApprovalDecision] = []
        for index in 1...3 { decisions.append(await approver.review(try request("refund_order", id: "call_\(index)"))) }
        #expect(decisions == [.approve, .deny(reason: "not twice"), .approve])
    }

    @Test("requests are counted per tool")
    func countsPerTool() async throws {
        let approver = ScriptedApprover(rules: [
            ApprovalRule(tool: "refund_order", call: 2, decision: .approve),
            ApprovalRule(tool: "send_email", decision: .approve),
        ])
        #expect(await approver.review(try request("send_email")) == .approve)
        #expect(await approver.review(try request("refund_order")) == .deny(reason: Self.noRuleReason))
        #expect(await approver.review(try request("send_email")) == .approve)
        #expect(await approver.review(try request("refund_order")) == .approve)
        #expect(await approver.review(try request("refund_order")) == .deny(reason: Self.noRuleReason))
    }

    @Test("a request no rule covers is denied")
    func noRule() async throws {
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "send_email", decision: .approve)])
        #expect(await approver.review(try request("refund_order")) == .deny(reason: Self.noRuleReason))
        #expect(await ScriptedApprover(rules: []).review(try request("refund_order")) == .deny(reason: Self.noRuleReason))
    }

    @Test("a rule with after_ms queues the request (deferred); the decision comes that much later on the clock, and asked again it is the same, at once")
    func laterDecision() async throws {
        let clock = VirtualClock()
        var rule = ApprovalRule(tool: "refund_order", decision: .edit, arguments: ["amount": 30])
        rule.decidesAfter = .seconds(7200)
        let approver = ScriptedApprover(rules: [rule], clock: clock)
        let asked = try request("refund_order")
        guard case .deferred(let reason) = await approver.review(asked) else {
            Issue.record("expected the request to be queued")
            return
        }
        #expect(reason.contains("2 hours"))
        let first = await clock.run { await approver.laterDecision(on: asked) }
        #expect(first == .some(.approveWithEdits(["order_id": "1042", "amount": 30])))
        #expect(clock.now == .seconds(7200))
        let again = await clock.run { await approver.laterDecision(on: asked) }
        #expect(again == first)
        #expect(clock.now == .seconds(7200))
        #expect(await approver.laterDecision(on: try request("refund_order", id: "call_9")) == nil)
    }
}
