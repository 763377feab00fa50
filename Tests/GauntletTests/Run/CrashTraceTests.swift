import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct CrashTraceTests {
    @Test("a traced trial whose worker died becomes a crash: the signal, its events up to the death, a trial_finished line; a torn last event is left out")
    func crashedTrial() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("trace-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let task = SuiteTask(
            id: "shop.refund", title: "Refund", tags: [], prompt: "Refund it.", world: "shop", tools: [], approvals: [],
            policy: ReferencePolicy(steps: [], answer: ""), expectations: Expectations(), domain: "shop", file: "Suites/shop/refund.json")
        let trial = Trial(task: task.id, index: 1, seed: 0xAB, position: 7)
        let events = [
            TrajectoryEvent(seq: 0, tMs: 0, kind: "trial_started", data: JSONObject([("seed", "0x00000000000000ab")])),
            TrajectoryEvent(seq: 1, tMs: 40, kind: "tool_call", data: JSONObject([("call_id", "c1"), ("tool", "get_order"), ("arguments", ["order_id": "1"])])),
            TrajectoryEvent(seq: 2, tMs: 60, kind: "model_request", data: JSONObject([("step", 2)])),
        ]
        do {
            let writer = try JournalWriter.create(at: path, firstLine: CrashTrace.header(position: 7, task: task, trial: trial, profile: "flaky"))
            for line in TrajectoryWriter.lines(events, task: task.id, trial: 1, profile: "flaky") { try writer.append(line: line, flush: false) }
            try writer.append(line: #"{"task":"shop.refund","prof"#, flush: false)
        }
        let crashed = try CrashTrace.crashedTrial(tracedIn: path, signal: SIGILL)
        #expect(crashed.position == 7)
        #expect(crashed.result.outcome == .crash)
        #expect(crashed.result.label == "shop.refund #1 [flaky]")
        #expect(crashed.result.seed == "0x00000000000000ab")
        #expect(crashed.result.stopReason == "crashed: SIGILL")
        #expect(crashed.result.durationMs == 60)
        #expect(crashed.result.checks.map(\.message) == ["expected the agent to return, found its process killed by SIGILL (signal \(SIGILL)) after 3 events; its last event was model_request at 60 ms"])
        #expect(crashed.lines.count == 4)
        #expect(crashed.lines.last == #"{"task":"shop.refund","profile":"flaky","trial":1,"seq":3,"t_ms":60,"kind":"trial_finished","outcome":"crash","failed_checks":["agent process"],"signal":"SIGILL"}"#)
    }
}
