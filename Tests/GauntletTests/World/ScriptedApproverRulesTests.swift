import AgentCore
import Testing
@testable import Gauntlet

/// The mock human's `no_answer` decision (it waits on the trial's clock) and `match` (a rule for
/// some requests only).
@Suite struct ScriptedApproverRulesTests {
    static func request(_ arguments: JSONValue, tool: String = "refund_order") throws -> ApprovalRequest {
        ApprovalRequest(callID: "call_1", tool: try makeSpec(tool, risk: .irreversible, needsApproval: true), arguments: arguments)
    }

    static let noInstruction = ApprovalDecision.deny(reason: "The reviewer has no instruction for this request and declines.")

    // MARK: no_answer

    @Test("no_answer without a clock declines at once")
    func noAnswerWithoutClock() async throws {
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .noAnswer)])
        #expect(await approver.review(try Self.request(["order_id": "1042"])) == .deny(reason: "Nobody answered the request."))
    }

    @Test("no_answer waits on the clock for its whole silence, then declines")
    func noAnswerWaits() async throws {
        let clock = VirtualClock()
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .noAnswer)], clock: clock)
        #expect(await approver.review(try Self.request(["order_id": "1042"])) == .deny(reason: "Nobody answered the request."))
        #expect(clock.now == ScriptedApprover.silence)
        #expect(clock.now > .seconds(365 * 24 * 3600))
    }

    /// A refund that needs approval, played by the scripted model against a silent reviewer.
    static func silentReviewer(approvalTimeout: Duration?, horizon: Duration) async throws -> (result: AgentRunResult?, events: [TrajectoryEvent], world: MockWorld, clock: VirtualClock) {
        let clock = VirtualClock()
        let world = MockWorld(state: ChaosShop.world)
        let recorder = TrajectoryRecorder(clock: clock)
        let agent = Agent(
            model: ScriptedModel(policy: ChaosShop.refund),
            tools: [MockTool(definition: try ChaosShop.refundOrder(needsApproval: true), world: world, clock: clock)],
            configuration: AgentConfiguration(resilience: ResilienceConfiguration(approvalTimeout: approvalTimeout)),
            approver: ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .noAnswer)], clock: clock),
            clock: clock, events: recorder)
        let result = await clock.run(horizon: horizon) { await agent.run("Refund order 1042.") }
        return (result, recorder.recorded, world, clock)
    }

    @Test("no_answer with the agent's approval timeout: the call fails permission_denied at the timeout's virtual time and never reaches the tool")
    func noAnswerTimesOut() async throws {
        let run = try await Self.silentReviewer(approvalTimeout: .seconds(300), horizon: .seconds(7 * 86_400))
        let result = try #require(run.result)
        let timedOut = try #require(run.events.first { $0.kind == "approval_timed_out" })
        #expect(timedOut.tMs == 300_000)
        #expect(timedOut.data["after_ms"] == 300_000)
        #expect(!run.events.contains { $0.kind == "approval_answered" })
        #expect(!run.events.contains { $0.kind == "tool_call" })
        #expect(run.world.appliedEffects.isEmpty)
        let turn = try #require(result.messages.last { $0.role == .tool })
        #expect(turn.isError)
        #expect(try JSONParser.parse(turn.content)["error"]?["kind"] == "permission_denied")
        #expect(result.duration == .seconds(300))
        #expect(result.answer == "I could not complete this request: refund_order failed (permission_denied: No reviewer answered within 300000 ms; the call was not made.).")
    }

    @Test("no_answer without an approval timeout: the agent is still waiting when the trial's horizon passes")
    func noAnswerWithoutTimeoutHangs() async throws {
        let run = try await Self.silentReviewer(approvalTimeout: nil, horizon: .seconds(24 * 3600))
        #expect(run.result == nil)
        #expect(run.events.contains { $0.kind == "approval_requested" })
        #expect(run.world.appliedEffects.isEmpty)
    }

    // MARK: match

    @Test("a rule with match applies only to requests whose arguments contain those values; others fall through to later rules")
    func matchFallsThrough() async throws {
        let approver = ScriptedApprover(rules: [
            ApprovalRule(tool: "refund_order", decision: .approve, match: ["amount": 10]),
            ApprovalRule(tool: "refund_order", decision: .deny, reason: "Not that order.", match: ["order_id": "1042"]),
            ApprovalRule(tool: "refund_order", decision: .edit, arguments: ["amount": 1], match: ["order_id": "1043"]),
        ])
        #expect(await approver.review(try Self.request(["order_id": "1042", "amount": 10])) == .approve)
        #expect(await approver.review(try Self.request(["order_id": "1042", "amount": 500])) == .deny(reason: "Not that order."))
        #expect(await approver.review(try Self.request(["order_id": "1043", "amount": 500])) == .approveWithEdits(["order_id": "1043", "amount": 1]))
        #expect(await approver.review(try Self.request(["order_id": "7", "amount": 500])) == Self.noInstruction)
    }

    @Test("a request that no matching rule covers is denied, even when a rule for the tool exists")
    func matchNothingDenied() async throws {
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "refund_order", decision: .approve, match: ["amount": 10])])
        #expect(await approver.review(try Self.request(["order_id": "1042", "amount": 10.5])) == Self.noInstruction)
        #expect(await approver.review(try Self.request(["order_id": "1042"])) == Self.noInstruction)
        #expect(await approver.review(try Self.request(["order_id": "1042", "amount": 10])) == .approve)
    }

    @Test("match compares objects member by member at any depth, and other values exactly")
    func matchNested() async throws {
        let approver = ScriptedApprover(rules: [ApprovalRule(tool: "send_email", decision: .approve, match: ["options": ["notify": true], "to": ["dana@example.com"]])])
        #expect(await approver.review(try Self.request(["to": ["dana@example.com"], "options": ["notify": true, "cc": "x"], "body": "hi"], tool: "send_email")) == .approve)
        #expect(await approver.review(try Self.request(["to": ["dana@example.com"], "options": ["notify": false]], tool: "send_email")) == Self.noInstruction)
        #expect(await approver.review(try Self.request(["to": ["dana@example.com", "x@evil.test"], "options": ["notify": true]], tool: "send_email")) == Self.noInstruction)
    }
}
