import Testing
import AgentCore
@testable import Gauntlet

@Suite struct ToolPathTests {
    @Test("calls picks the tool_call events only, in order, with their arguments")
    func calls() {
        let events = [
            TrajectoryEvent(seq: 0, tMs: 0, kind: "agent_started", data: jsonObject(["prompt": "hi"])),
            TrajectoryEvent(seq: 1, tMs: 0, kind: "tool_rejected", data: jsonObject(["call_id": "c0", "tool": "delete_all", "arguments": "{}"])),
            TrajectoryEvent(seq: 2, tMs: 5, kind: "tool_call", data: jsonObject(["call_id": "c1", "tool": "get_order", "arguments": ["order_id": "1"]])),
            TrajectoryEvent(seq: 3, tMs: 9, kind: "tool_result", data: jsonObject(["call_id": "c1", "tool": "get_order", "result": ["id": "1"]])),
            TrajectoryEvent(seq: 4, tMs: 9, kind: "approval_requested", data: jsonObject(["call_id": "c2", "tool": "refund_order", "arguments": [:]])),
            TrajectoryEvent(seq: 5, tMs: 9, kind: "tool_call", data: jsonObject(["call_id": "c2", "tool": "refund_order", "arguments": ["amount": 5], "dry_run": true])),
        ]
        #expect(ToolPath.calls(in: events) == [recorded("get_order", ["order_id": "1"]), RecordedCall(tool: "refund_order", arguments: ["amount": 5], dryRun: true)])
    }

    @Test("no events, no calls")
    func empty() {
        #expect(ToolPath.calls(in: []).isEmpty)
    }

    @Test("describe joins tool names with arrows, and says when there are none")
    func describe() {
        #expect(ToolPath.describe([recorded("get_order"), recorded("refund_order", ["a": 1])]) == "get_order → refund_order")
        #expect(ToolPath.describe([]) == "(no calls)")
    }

    /// A trajectory with one restart: the first life asks for c1 (done) and c2 (cut off by a crash
    /// after its effect); the second life is resumed (`resumed`) or started over (`agent_started`).
    static func restart(_ secondLife: String) -> [TrajectoryEvent] {
        let kinds: [(String, JSONObject)] = [
            ("tool_call", jsonObject(["call_id": "c1", "tool": "get_order", "arguments": ["order_id": "1"]])),
            ("tool_result", jsonObject(["call_id": "c1", "tool": "get_order"])),
            ("tool_call", jsonObject(["call_id": "c2", "tool": "refund_order", "arguments": ["order_id": "1"]])),
            ("agent_crashed", jsonObject(["at": "refund_order"])),
            ("agent_restarted", jsonObject(["reason": "crash"])),
            (secondLife, JSONObject()),
            ("tool_call", jsonObject(["call_id": secondLife == "resumed" ? "c2" : "c1", "tool": secondLife == "resumed" ? "refund_order" : "get_order", "arguments": ["order_id": "1"]])),
            ("idempotent_replay", jsonObject(["call_id": "c2", "attempt": 1])),
        ]
        return kinds.enumerated().map { TrajectoryEvent(seq: $0.offset, tMs: 0, kind: $0.element.0, data: $0.element.1) }
    }

    @Test("a call a resumed agent makes again under its id is a further attempt of it, and a replay marks the call it follows, not the first")
    func resumedCallIsAnAttempt() {
        let calls = ToolPath.calls(in: Self.restart("resumed"))
        #expect(calls.map(\.attempt) == [1, 1, 2])
        #expect(calls.map(\.replayed) == [false, false, true])
    }

    @Test("an agent started over makes new calls, whatever their ids")
    func startedOverCallsAreNew() {
        let calls = ToolPath.calls(in: Self.restart("agent_started"))
        #expect(calls.map(\.attempt) == [1, 1, 1])
        #expect(calls.map(\.tool) == ["get_order", "refund_order", "get_order"])
    }
}
