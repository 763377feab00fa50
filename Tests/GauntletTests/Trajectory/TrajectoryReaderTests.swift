import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct TrajectoryReaderTests {
    static func temporaryFile(_ text: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("trajectories-\(UUID().uuidString).jsonl")
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test("one trial's lines, exactly as written, from a file the writer made")
    func readsOneTrial() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trajectories-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try TrajectoryWriter(path: path)
        let events = [
            TrajectoryEvent(seq: 0, tMs: 0, kind: "trial_started", data: JSONObject([("seed", "0x01")])),
            TrajectoryEvent(seq: 1, tMs: 250, kind: "tool_call", data: JSONObject([("call_id", "call_1"), ("tool", "get_order"), ("arguments", ["order_id": "NW-1\n\"x\""])])),
        ]
        try writer.append(events, task: "shop.a", trial: 0)
        try writer.append(events, task: "shop.a", trial: 1)
        try writer.append(events, task: "shop.a", trial: 0, profile: "flaky")
        try writer.append(events, task: "shop.ab", trial: 0)

        let lines = try TrajectoryReader.lines(in: path, task: "shop.a", trial: 1)
        #expect(lines.map(\.number) == [3, 4])
        #expect(lines.map(\.event) == events)
        #expect(lines[1].text == JSONWriter.compact(events[1].json(task: "shop.a", trial: 1)))
        let flaky = try TrajectoryReader.lines(in: path, task: "shop.a", profile: "flaky", trial: 0)
        #expect(flaky.map(\.number) == [5, 6])
        #expect(flaky.allSatisfy { $0.profile == "flaky" })
        #expect(try TrajectoryReader.lines(in: path, task: "shop", trial: 0).isEmpty)
    }

    @Test("a line in another key order is still found; a broken line of the trial is an error with its line number")
    func otherLayoutsAndErrors() throws {
        let path = try Self.temporaryFile("""
            {"task":"other","trial":0,"seq":0,"t_ms":0,"kind":"trial_started"}
            {"seq":0,"kind":"trial_started","t_ms":0,"trial":0,"task":"shop.a"}
            {"task":"shop.a","trial":0,"seq":1,"t_ms":5,"kind":
            """)
        defer { try? FileManager.default.removeItem(atPath: path) }
        do {
            _ = try TrajectoryReader.lines(in: path, task: "shop.a", trial: 0)
            Issue.record("expected an error for line 3")
        } catch {
            guard case .malformed(let line, _) = error.reason else { Issue.record("expected a malformed line, found \(error)"); return }
            #expect(line == 3)
            #expect("\(error)".hasPrefix("\(path):3: not a trajectory event: "))
        }
        let good = try Self.temporaryFile("{\"seq\":0,\"kind\":\"trial_started\",\"t_ms\":0,\"trial\":0,\"task\":\"shop.a\"}\n")
        defer { try? FileManager.default.removeItem(atPath: good) }
        #expect(try TrajectoryReader.lines(in: good, task: "shop.a", trial: 0).map(\.event.kind) == ["trial_started"])
    }

    @Test("a missing file says so")
    func missing() {
        #expect(throws: TrajectoryReadError(path: "/nonexistent/trajectories.jsonl", reason: .missing)) {
            try TrajectoryReader.lines(in: "/nonexistent/trajectories.jsonl", task: "a", trial: 0)
        }
        #expect(TrajectoryReader.path(besideRunFile: "runs/a/run.json") == "runs/a/trajectories.jsonl")
        #expect(TrajectoryReader.path(besideRunFile: "run.json") == "trajectories.jsonl")
    }
}

@Suite struct TrajectoryStoryTests {
    @Test("a call, the faults injected on it and its error share one line; retries, answers and the end have theirs")
    func story() {
        func event(_ seq: Int, _ t: Int64, _ kind: String, _ data: JSONObject) -> TrajectoryEvent {
            TrajectoryEvent(seq: seq, tMs: t, kind: kind, data: data)
        }
        let events = [
            event(0, 0, "trial_started", JSONObject([("seed", "0x2a"), ("agent", "resilient"), ("world", "shop"), ("profile", "degraded")])),
            event(1, 0, "model_request", JSONObject([("step", 1)])),
            event(2, 0, "fault_injected", JSONObject([("rule", "slow"), ("fault", "latency"), ("edge", "model"), ("target", "model")])),
            event(3, 1250, "model_response", JSONObject([("step", 1), ("tool_calls", [["id": "call_1", "name": "refund_order", "arguments": "{}"]])])),
            event(4, 1250, "tool_call", JSONObject([("call_id", "call_1"), ("tool", "refund_order"), ("arguments", ["order_id": "NW-20931"])])),
            event(5, 1250, "fault_injected", JSONObject([("rule", "dup"), ("fault", "duplicate_effect"), ("edge", "tool"), ("target", "refund_order")])),
            event(6, 31250, "tool_error", JSONObject([("call_id", "call_1"), ("tool", "refund_order"), ("error", ["kind": "timeout", "class": "timeout"])])),
            event(7, 31250, "retry_scheduled", JSONObject([("target", "refund_order"), ("call_id", "call_1"), ("attempt", 2), ("delay_ms", 400), ("class", "timeout")])),
            event(8, 31650, "tool_call", JSONObject([("call_id", "call_1"), ("tool", "refund_order"), ("arguments", ["order_id": "NW-20931"]), ("attempt", 2)])),
            event(9, 31650, "idempotent_replay", JSONObject([("call_id", "call_1"), ("tool", "refund_order"), ("attempt", 2)])),
            event(10, 31700, "tool_result", JSONObject([("call_id", "call_1"), ("tool", "refund_order"), ("result", ["ok": true])])),
            event(11, 31700, "final_answer", JSONObject([("text", "Refunded.")])),
            event(12, 31700, "trial_finished", JSONObject([("outcome", "pass"), ("failed_checks", [])])),
        ]
        #expect(TrajectoryStory.lines(events) == [
            "    0.000 s  trial     start: seed 0x2a, agent resilient, world shop, profile degraded",
            "    1.250 s  model     step 1 → refund_order (fault: latency)",
            #"    1.250 s  tool      refund_order {"order_id":"NW-20931"} → error timeout in 30.000 s (fault: duplicate_effect)"#,
            "   31.250 s  agent     retry refund_order (attempt 2) in 400 ms after timeout",
            #"   31.650 s  tool      refund_order (attempt 2) {"order_id":"NW-20931"} → ok {"ok":true} in 0.050 s (answered from an earlier write with the same idempotency key)"#,
            #"   31.700 s  answer    "Refunded.""#,
            "   31.700 s  trial     end: pass",
        ])
    }

    @Test("a call that never returned says so")
    func unanswered() {
        let events = [
            TrajectoryEvent(seq: 0, tMs: 0, kind: "tool_call", data: JSONObject([("call_id", "call_1"), ("tool", "get_order"), ("arguments", [:])])),
        ]
        #expect(TrajectoryStory.lines(events) == ["    0.000 s  tool      get_order {} → no answer"])
    }
}
