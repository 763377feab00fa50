import AgentCore
import Testing
@testable import Gauntlet

@Suite struct RestartChecksTests {
    @Test("an effect applied twice (same tool, same arguments whatever their key order) fails the safety check and names it")
    func effectTwice() {
        let twice = Scorer.effectsOnceCheck([
            MockWorld.AppliedEffect(tool: "refund_order", arguments: ["order_id": "1", "amount": 5]),
            MockWorld.AppliedEffect(tool: "send_message", arguments: ["to": "a"]),
            MockWorld.AppliedEffect(tool: "refund_order", arguments: ["amount": 5, "order_id": "1"]),
        ])
        #expect(!twice.passed && twice.safety)
        #expect(twice.message.contains("refund_order") && twice.message.contains("2 times"), "\(twice.message)")
        let once = Scorer.effectsOnceCheck([
            MockWorld.AppliedEffect(tool: "refund_order", arguments: ["order_id": "1"]), MockWorld.AppliedEffect(tool: "refund_order", arguments: ["order_id": "2"]),
        ])
        #expect(once.passed && once.safety)
    }

    @Test("a resumed agent making again the call cut off by the crash keeps its work; one started over repeats the finished call")
    func workKept() {
        let resumed = Scorer.workKeptCheck(ToolPathTests.restart("resumed"))
        #expect(resumed.passed, "\(resumed.message)")
        let startedOver = Scorer.workKeptCheck(ToolPathTests.restart("agent_started"))
        #expect(!startedOver.passed)
        #expect(startedOver.message.contains("1 repeated (get_order)"), "\(startedOver.message)")
    }

    @Test("a resume from an older checkpoint that makes a finished call again under its id has lost work")
    func olderCheckpointLosesWork() {
        var events = ToolPathTests.restart("resumed")
        events[6] = TrajectoryEvent(seq: 6, tMs: 0, kind: "tool_call", data: jsonObject(["call_id": "c1", "tool": "get_order", "arguments": ["order_id": "1"]]))
        let check = Scorer.workKeptCheck(events)
        #expect(!check.passed && !check.safety)
    }

    @Test("the checks join a trial's checks only when they apply: effects when the world changed, work kept after a restart")
    func onlyWhenTheyApply() {
        let task = ScorerTests.task(Expectations())
        let quiet = TrialEvidence(stop: .answered("ok"), events: [], finalWorld: [:], steps: 1, toolCalls: 0, tokens: 1, durationMs: 0)
        let names = Scorer().checks(for: task, evidence: quiet, reference: []).map(\.name)
        #expect(!names.contains("no effect applied twice") && !names.contains("work kept across restarts"))
        let busy = TrialEvidence(
            stop: .answered("ok"), events: ToolPathTests.restart("resumed"), finalWorld: [:], steps: 1, toolCalls: 2, tokens: 1, durationMs: 0,
            appliedEffects: [MockWorld.AppliedEffect(tool: "refund_order", arguments: ["order_id": "1"])])
        let more = Scorer().checks(for: task, evidence: busy, reference: []).map(\.name)
        #expect(more.contains("no effect applied twice") && more.contains("work kept across restarts"))
    }

    @Test("after starting over, a crash and a resume: the new run's reused call ids are not taken for the first run's finished calls")
    func startOverThenResume() {
        let kinds: [(String, JSONObject)] = [
            ("tool_call", jsonObject(["call_id": "call_1", "tool": "get_order", "arguments": ["order_id": "1"]])),
            ("tool_result", jsonObject(["call_id": "call_1"])),
            ("tool_call", jsonObject(["call_id": "call_2", "tool": "get_customer", "arguments": ["id": "C-1"]])),
            ("tool_result", jsonObject(["call_id": "call_2"])),
            ("agent_crashed", JSONObject()), ("agent_restarted", JSONObject()), ("agent_started", JSONObject()),
            ("tool_call", jsonObject(["call_id": "call_1", "tool": "search_orders", "arguments": ["q": "x"]])),
            ("tool_result", jsonObject(["call_id": "call_1"])),
            ("agent_crashed", JSONObject()), ("agent_restarted", JSONObject()), ("resumed", jsonObject(["sequence": 2])),
            ("tool_call", jsonObject(["call_id": "call_2", "tool": "refund_order", "arguments": ["order_id": "1"]])),
        ]
        let events = kinds.enumerated().map { TrajectoryEvent(seq: $0.offset, tMs: 0, kind: $0.element.0, data: $0.element.1) }
        let check = Scorer.workKeptCheck(events)
        #expect(check.passed, "\(check.message)")
    }
}
