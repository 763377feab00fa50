import Testing
import Foundation
import AgentCore
@testable import Gauntlet

@Suite struct TrajectoryWriterTests {
    @Test("the writer creates its folder and appends one JSON line per event, trial after trial")
    func writesLines() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-trajectory-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/nested/trajectories.jsonl"
        let writer = try TrajectoryWriter(path: path)
        try writer.append([
            TrajectoryEvent(seq: 0, tMs: 0, kind: "agent_started", data: jsonObject(["prompt": "hi"])),
            TrajectoryEvent(seq: 1, tMs: 12, kind: "final_answer", data: jsonObject(["text": "bye"])),
        ], task: "a.one", trial: 0)
        try writer.append([TrajectoryEvent(seq: 0, tMs: 3, kind: "agent_started", data: JSONObject())], task: "a.two", trial: 1)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text == """
            {"task":"a.one","trial":0,"seq":0,"t_ms":0,"kind":"agent_started","prompt":"hi"}
            {"task":"a.one","trial":0,"seq":1,"t_ms":12,"kind":"final_answer","text":"bye"}
            {"task":"a.two","trial":1,"seq":0,"t_ms":3,"kind":"agent_started"}

            """)
    }

    @Test("creating a writer empties an existing file")
    func truncates() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-trajectory-\(UUID().uuidString).jsonl").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "old content\n".write(toFile: path, atomically: false, encoding: .utf8)
        _ = try TrajectoryWriter(path: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "")
    }
}
