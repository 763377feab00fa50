import AgentCore
import Testing
@testable import Gauntlet

@Suite struct FaultAttributionTests {
    @Test("a fault that ends the call stops later rules: they neither fire, nor count, nor use their times")
    func endingFaultStopsLaterRules() {
        let clock = VirtualClock()
        let recorder = TrajectoryRecorder(clock: clock)
        let rules = [
            chaosToolRule("down", "get_order", .error(kind: "unavailable")),
            chaosToolRule("old", "get_order", .stale(versionsBack: 1), times: 1),
            chaosToolRule("slow", "get_order", .latency(.fixed(.milliseconds(5)))),
        ]
        let injector = FaultInjector(profile: FaultProfile(name: "unit", rules: rules), seed: 1, clock: clock, recorder: recorder)
        let firings = injector.faults(at: .tool, target: "get_order", identity: "c1", attempt: 1)
        #expect(firings.map(\.rule.id) == ["down"])
        #expect(recorder.recorded.map { $0.data["rule"] } == ["down"])
    }

    static func event(_ kind: String, _ data: JSONObject) -> TrajectoryEvent {
        TrajectoryEvent(seq: 0, tMs: 0, kind: kind, data: data)
    }

    @Test("of several faults on one call, the one that explains the error is the cause: malformed for a malformed result, not the stale read after it")
    func explainingFaultIsTheCause() {
        func events(_ errorKind: String) -> [TrajectoryEvent] {
            [
                Self.event("tool_call", jsonObject(["tool": "get_order"])),
                Self.event("fault_injected", jsonObject(["edge": "tool", "target": "get_order", "fault": "malformed"])),
                Self.event("fault_injected", jsonObject(["edge": "tool", "target": "get_order", "fault": "stale"])),
                Self.event("tool_error", jsonObject(["tool": "get_order", "error": ["kind": .string(errorKind)]])),
            ]
        }
        #expect(Scorer.causeOfLastFailure(events("malformed_result")) == "malformed")
        // An error no fired fault explains is put down to the last fault on the call.
        #expect(Scorer.causeOfLastFailure(events("not_found")) == "stale")
    }

    @Test("a broken tool call is blamed on the model fault that broke it")
    func malformedToolCallIsTheCause() {
        let events = [
            Self.event("model_request", JSONObject()),
            Self.event("fault_injected", jsonObject(["edge": "model", "target": "model", "fault": "malformed_tool_call"])),
            Self.event("model_response", JSONObject()),
            Self.event("tool_rejected", jsonObject(["tool": "get_order"])),
        ]
        #expect(Scorer.causeOfLastFailure(events) == "malformed_tool_call")
    }

    @Test("a genuine error on a retry is not blamed on the fault the first attempt met")
    func retryFailureIsItsOwn() {
        let events = [
            Self.event("tool_call", jsonObject(["tool": "get_order"])),
            Self.event("fault_injected", jsonObject(["edge": "tool", "target": "get_order", "fault": "error"])),
            Self.event("tool_error", jsonObject(["tool": "get_order"])),
            Self.event("tool_call", jsonObject(["tool": "get_order", "attempt": 2])),
            Self.event("tool_error", jsonObject(["tool": "get_order"])),
        ]
        #expect(Scorer.causeOfLastFailure(events) == nil)
        #expect(Scorer.causeOfLastFailure(Array(events.prefix(3))) == "error")
    }

    @Test("a require whose value does not resolve is a catalog mistake (internal), not the author's error")
    func unresolvedRequireIsInternal() async throws {
        let harness = WorldHarness(["orders": ["1": ["id": "1", "status": "shipped"]]])
        let tool = try makeTool("check", effect: [
            .get("/orders/${args.id}", as: "order"),
            .require("${order.stauts}", .equals("shipped"), error: "conflict", message: "not shipped"),
        ])
        await #expect(throws: ToolError.self) { try await harness.call(tool, ["id": "1"]) }
        do {
            _ = try await harness.call(tool, ["id": "1"])
        } catch let error as ToolError {
            #expect(error.kind == .internal)
        }
        let exists = try makeTool("exists", effect: [
            .get("/orders/${args.id}", as: "order"),
            .require("${order.refund}", .exists(false), error: "conflict", message: "already refunded"),
        ])
        #expect(try await harness.call(exists, ["id": "1"]) == ["ok": true])
    }
}
