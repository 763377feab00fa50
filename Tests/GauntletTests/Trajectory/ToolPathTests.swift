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
}
