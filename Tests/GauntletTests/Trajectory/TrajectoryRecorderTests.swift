import Testing
import AgentCore
@testable import Gauntlet

@Suite struct TrajectoryRecorderTests {
    @Test("events are stamped with their position and the virtual time in whole milliseconds")
    func stamping() {
        let clock = VirtualClock()
        let recorder = TrajectoryRecorder(clock: clock)
        recorder.record(.started(prompt: "Refund my kettle."))
        clock.advance(by: .milliseconds(450))
        recorder.record(.toolCalled(callID: "call_1", tool: "get_order", arguments: ["order_id": "1042"], dryRun: false))
        clock.advance(by: .microseconds(1999))
        recorder.append("trial_finished", jsonObject(["outcome": "pass"]))
        let events = recorder.recorded
        #expect(events.map(\.seq) == [0, 1, 2])
        #expect(events.map(\.tMs) == [0, 450, 451])
        #expect(events.map(\.kind) == ["agent_started", "tool_call", "trial_finished"])
        #expect(events[2].data == jsonObject(["outcome": "pass"]))
    }

    @Test("after seal, the recorder keeps what it had and ignores anything an abandoned agent still sends")
    func sealing() {
        let clock = VirtualClock()
        let recorder = TrajectoryRecorder(clock: clock)
        recorder.record(.started(prompt: "p"))
        let sealed = recorder.seal()
        recorder.record(.answered(text: "late"))
        recorder.append("trial_finished", JSONObject())
        #expect(sealed.map(\.kind) == ["agent_started"])
        #expect(recorder.recorded.map(\.kind) == ["agent_started"])
    }

    @Test("a JSON line starts with task, trial, seq, t_ms and kind, then the event's fields in order")
    func jsonLineOrder() {
        let clock = VirtualClock(start: .milliseconds(1250))
        let recorder = TrajectoryRecorder(clock: clock)
        recorder.append("warmup", JSONObject())
        recorder.record(.toolCalled(callID: "call_1", tool: "get_order", arguments: ["order_id": "1042"], dryRun: false))
        let line = JSONWriter.compact(recorder.recorded[1].json(task: "retail.refund", trial: 2))
        #expect(line == #"{"task":"retail.refund","trial":2,"seq":1,"t_ms":1250,"kind":"tool_call","call_id":"call_1","tool":"get_order","arguments":{"order_id":"1042"}}"#)
    }

    @Test("each agent event becomes its trajectory kind and fields", arguments: [
        (AgentEvent.started(prompt: "hi"), #"{"kind":"agent_started","prompt":"hi"}"#),
        (.modelRequest(step: 1, messageCount: 3, tools: ["a", "b"]), #"{"kind":"model_request","step":1,"messages":3,"tools":["a","b"]}"#),
        (.modelResponse(step: 2, text: "ok", toolCalls: [ToolCall(id: "c1", name: "a", arguments: "{}")], usage: TokenUsage(input: 10, output: 2)),
         #"{"kind":"model_response","step":2,"text":"ok","tool_calls":[{"id":"c1","name":"a","arguments":"{}"}],"usage":{"input":10,"output":2}}"#),
        (.modelResponse(step: 2, text: nil, toolCalls: [], usage: TokenUsage()), #"{"kind":"model_response","step":2,"tool_calls":[],"usage":{"input":0,"output":0}}"#),
        (.modelFailed(step: 3, error: ModelError(kind: "unavailable", message: "down")), #"{"kind":"model_failed","step":3,"error":{"kind":"unavailable","message":"down","retryable":true,"class":"transient"}}"#),
        (.toolRejected(call: ToolCall(id: "c1", name: "nope", arguments: "{"), error: ToolError(.malformedArguments, "bad")),
         #"{"kind":"tool_rejected","call_id":"c1","tool":"nope","arguments":"{","error":{"kind":"malformed_arguments","message":"bad","retryable":false,"class":"permanent"}}"#),
        (.approvalRequested(callID: "c1", tool: "refund", arguments: ["amount": 5]), #"{"kind":"approval_requested","call_id":"c1","tool":"refund","arguments":{"amount":5}}"#),
        (.approvalAnswered(callID: "c1", tool: "refund", decision: .approve), #"{"kind":"approval_answered","call_id":"c1","tool":"refund","decision":"approve"}"#),
        (.approvalAnswered(callID: "c1", tool: "refund", decision: .deny(reason: "no")), #"{"kind":"approval_answered","call_id":"c1","tool":"refund","decision":"deny","reason":"no"}"#),
        (.approvalAnswered(callID: "c1", tool: "refund", decision: .approveWithEdits(["amount": 1])),
         #"{"kind":"approval_answered","call_id":"c1","tool":"refund","decision":"edit","arguments":{"amount":1}}"#),
        (.toolCalled(callID: "c1", tool: "refund", arguments: [:], dryRun: true), #"{"kind":"tool_call","call_id":"c1","tool":"refund","arguments":{},"dry_run":true}"#),
        (.toolReturned(callID: "c1", tool: "get", result: ["ok": true]), #"{"kind":"tool_result","call_id":"c1","tool":"get","result":{"ok":true}}"#),
        (.toolFailed(callID: "c1", tool: "get", error: ToolError(.timeout, "slow")),
         #"{"kind":"tool_error","call_id":"c1","tool":"get","error":{"kind":"timeout","message":"slow","retryable":true,"class":"timeout"}}"#),
        (.budgetExhausted(BudgetStop(kind: .toolCalls, limit: 4, used: 4)), #"{"kind":"budget_exhausted","budget":"tool_calls","limit":4,"used":4}"#),
        (.answered(text: "Done."), #"{"kind":"final_answer","text":"Done."}"#),
    ])
    func describe(event: AgentEvent, expected: String) {
        let (kind, data) = TrajectoryRecorder.describe(event)
        var object = JSONObject([("kind", .string(kind))])
        for (key, value) in data { object[key] = value }
        #expect(JSONWriter.compact(.object(object)) == expected)
    }

    @Test("the recorder is a working event sink for a real agent run")
    func withAgent() async {
        let run = await runScripted(ReferencePolicy(steps: [], answer: "Nothing to do."))
        #expect(run.events.map(\.kind) == ["agent_started", "model_request", "model_response", "final_answer"])
        #expect(run.events.map(\.seq) == [0, 1, 2, 3])
    }
}
