import Foundation
import Testing

/// `gauntlet run` runs trials in a worker process, so an agent that traps fails its trial, not the run.
@Suite struct WorkerIsolationTests {
    static func report(in folder: URL) throws -> NSDictionary {
        try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("run.json"))) as? NSDictionary)
    }

    @Test("an agent that traps in one task: the run completes, that task's trials are crash with the signal, every other trial is as in a normal run, exit 1")
    func trapIsContained() async throws {
        let root = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let trapped = root.appendingPathComponent("trapped"), normal = root.appendingPathComponent("normal")
        let arguments = ["run", "--filter", "retail.*", "--seed", "4", "--jobs", "2", "--quiet"]
        let output = try await GauntletProcess.run(arguments + ["--agent", "Tests/GauntletCLITests/Fixtures/trapping.json", "--out", trapped.path])
        #expect(output.status == 1, "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        #expect(output.stderr.contains("gauntlet: retail.refund_blender_denied #0 crashed the agent process (SIGILL); recorded as crash")
            || output.stderr.contains("(SIGTRAP); recorded as crash"))
        #expect(output.stdout.contains("CRASH retail.refund_blender_denied #0"))
        let reference = try await GauntletProcess.run(arguments + ["--agent", "Fixtures/agents/reference.json", "--out", normal.path])
        #expect(reference.status == 0, "stderr: \(reference.stderr)")

        let trials = try #require(Self.report(in: trapped)["trials"] as? [NSDictionary])
        let expected = try #require(Self.report(in: normal)["trials"] as? [NSDictionary])
        #expect(trials.count == 11)
        for (trial, normalTrial) in zip(trials, expected) {
            if trial["task"] as? String == "retail.refund_blender_denied" {
                #expect(trial["outcome"] as? String == "crash")
                #expect(trial["stop_reason"] as? String == "crashed: SIGILL" || trial["stop_reason"] as? String == "crashed: SIGTRAP")
                let check = (trial["checks"] as? [NSDictionary])?.first
                #expect((check?["message"] as? String)?.contains("its last event was model_request") == true)
                #expect((trial["tool_path"] as? [String])?.isEmpty == false)
            } else {
                #expect(trial == normalTrial)
            }
        }
        let lines = try String(contentsOf: trapped.appendingPathComponent("trajectories.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains(#""kind":"trial_finished","outcome":"crash""#) }.count == 1)
        #expect(!FileManager.default.fileExists(atPath: trapped.appendingPathComponent("crash-trace.jsonl").path))

        // One trial at a time, the same results and bytes: which trials were in flight when the
        // worker died does not matter.
        let serial = root.appendingPathComponent("serial")
        let one = try await GauntletProcess.run(
            ["run", "--filter", "retail.*", "--seed", "4", "--jobs", "1", "--quiet", "--agent", "Tests/GauntletCLITests/Fixtures/trapping.json", "--out", serial.path])
        #expect(one.status == 1)
        #expect(try Self.report(in: serial)["trials"] as? NSArray == Self.report(in: trapped)["trials"] as? NSArray)
        #expect(try Data(contentsOf: serial.appendingPathComponent("trajectories.jsonl")) == Data(contentsOf: trapped.appendingPathComponent("trajectories.jsonl")))
    }

    @Test("agents that spin without returning in two tasks, one trial at a time: the worker that stops making progress is killed, each spinning trial is a hang, the run completes, exit 1")
    func spinIsContained() async throws {
        let root = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let folder = root.appendingPathComponent("spun")
        // --trial-timeout 1: the supervisor's stall limit is 2 × 1 s + 5 s.
        let output = try await GauntletProcess.run([
            "run", "--filter", "retail.*", "--jobs", "1", "--trial-timeout", "1", "--quiet",
            "--agent", "Tests/GauntletCLITests/Fixtures/spinning.json", "--out", folder.path,
        ])
        #expect(output.status == 1, "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        #expect(output.stderr.contains("gauntlet: the worker process made no progress for 7 s and was killed"))
        let trials = try #require(Self.report(in: folder)["trials"] as? [NSDictionary])
        #expect(trials.count == 11)
        for trial in trials {
            let spun = ["retail.refund_blender_denied", "retail.refund_air_fryer_once"].contains(trial["task"] as? String ?? "")
            #expect((trial["outcome"] as? String) == (spun ? "hang" : "pass"), "\(trial["task"] ?? "")")
        }
    }
}
