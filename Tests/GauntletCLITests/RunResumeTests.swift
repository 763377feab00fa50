import Foundation
import Testing

/// `gauntlet run` killed or interrupted midway, then `gauntlet run --resume`.
@Suite struct RunResumeTests {
    /// The number of finished trials in a run folder's journal (its trial lines).
    static func journalledTrials(in folder: URL) -> Int {
        guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent("journal.jsonl").path) else { return 0 }
        let prefix = Array(#"{"kind":"trial","#.utf8)
        return data.split(separator: UInt8(ascii: "\n")).filter { $0.starts(with: prefix) }.count
    }

    /// Starts a run and sends `signal` once its journal holds at least `trials` finished trials.
    static func interrupt(_ arguments: [String], out: URL, logs: URL, after trials: Int, with signal: Int32) async throws -> GauntletProcess.Output {
        let running = try GauntletProcess.start(arguments + ["--out", out.path, "--quiet"], outputFolder: logs)
        let process = running.process
        // Polled, not timed: the test waits for the journal, not for a number of seconds. On a
        // Dispatch thread, so a busy test process cannot make it look too late.
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            DispatchQueue.global().async {
                while process.isRunning, journalledTrials(in: out) < trials { usleep(1_000) }
                kill(process.processIdentifier, signal)
                continuation.resume()
            }
        }
        return try await running.finished()
    }

    static func trials(in folder: URL) throws -> NSArray {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("run.json"))) as? NSDictionary
        return try #require(report?["trials"] as? NSArray)
    }

    static func summary(in folder: URL) throws -> NSDictionary {
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: folder.appendingPathComponent("run.json"))) as? NSDictionary
        return try #require(report?["summary"] as? NSDictionary)
    }

    @Test("SIGKILL midway, then --resume: the same trial results, summary and trajectory bytes as an uninterrupted run of the same seed")
    func killedRunResumes() async throws {
        let root = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole"), killed = root.appendingPathComponent("killed")
        let arguments = ["run", "--chaos", "flaky", "--seed", "3"]
        let uninterrupted = try await GauntletProcess.run(arguments + ["--out", whole.path, "--quiet"])
        #expect(uninterrupted.status == 1, "stderr: \(uninterrupted.stderr)")
        let planned = try Self.trials(in: whole).count
        #expect(planned == 78)

        let output = try await Self.interrupt(arguments, out: killed, logs: root, after: 10, with: SIGKILL)
        #expect(output.status == SIGKILL, "the run finished before the kill: \(output.stderr)")
        let journalled = Self.journalledTrials(in: killed)
        #expect((10..<planned).contains(journalled))
        #expect(!FileManager.default.fileExists(atPath: killed.appendingPathComponent("run.json").path))

        let resumed = try await GauntletProcess.run(["run", "--resume", killed.path, "--jobs", "1"])
        #expect(resumed.status == 1, "stderr: \(resumed.stderr)")
        #expect(resumed.stderr.contains("Resumed: \(journalled) trials came from \(killed.path)/journal.jsonl."))
        #expect(try Self.trials(in: killed) == Self.trials(in: whole))
        #expect(try Self.summary(in: killed) == Self.summary(in: whole))
        let expected = try Data(contentsOf: whole.appendingPathComponent("trajectories.jsonl"))
        #expect(try Data(contentsOf: killed.appendingPathComponent("trajectories.jsonl")) == expected)
        #expect(Self.journalledTrials(in: killed) == planned)
    }

    @Test("SIGINT stops cleanly: exit 130, reports marked incomplete, the way to resume printed, compare refuses; --resume completes it")
    func interruptedRunResumes() async throws {
        let root = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let whole = root.appendingPathComponent("whole"), stopped = root.appendingPathComponent("stopped")
        let arguments = ["run", "--chaos", "flaky", "--trials", "2", "--filter", "retail.*", "--filter", "files.*", "--jobs", "1"]
        let uninterrupted = try await GauntletProcess.run(arguments + ["--out", whole.path, "--quiet"])
        #expect(uninterrupted.status != 2, "stderr: \(uninterrupted.stderr)")

        let output = try await Self.interrupt(arguments, out: stopped, logs: root, after: 2, with: SIGINT)
        #expect(output.status == 130, "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        #expect(output.stderr.contains("gauntlet: SIGINT: starting no new trial"))
        #expect(output.stderr.contains("to run the rest: gauntlet run --resume \(stopped.path)"))
        #expect(output.stdout.contains("Resume it with: gauntlet run --resume \(stopped.path)"))
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: stopped.appendingPathComponent("run.json"))) as? NSDictionary
        let incomplete = try #require(report?["incomplete"] as? NSDictionary)
        #expect(incomplete["planned_trials"] as? Int == 44)
        #expect(incomplete["reason"] as? String == "SIGINT")
        let finished = try Self.trials(in: stopped).count
        #expect((2..<44).contains(finished))
        let lines = try String(contentsOf: stopped.appendingPathComponent("trajectories.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.filter { $0.contains(#""kind":"trial_finished""#) }.count == finished)

        let compare = try await GauntletProcess.run(["compare", whole.path, stopped.path])
        #expect(compare.status == 2)
        #expect(compare.stderr.contains("the candidate run (\(stopped.path)/run.json) is incomplete: \(finished) of 44 trials ran (stopped by SIGINT)"))

        let resumed = try await GauntletProcess.run(["run", "--resume", stopped.path, "--quiet"])
        #expect(resumed.status == uninterrupted.status, "stderr: \(resumed.stderr)")
        #expect(try Self.trials(in: stopped) == Self.trials(in: whole))
        let expected = try Data(contentsOf: whole.appendingPathComponent("trajectories.jsonl"))
        #expect(try Data(contentsOf: stopped.appendingPathComponent("trajectories.jsonl")) == expected)
    }

    @Test("--resume refuses other plan options, and a folder without a journal", arguments: [
        (["run", "--resume", "reports/nowhere"], "reports/nowhere/journal.jsonl: no such file"),
        (["run", "--resume", "reports/nowhere", "--seed", "3"], "only --jobs, --quiet and --in-process may go with it, found --seed"),
        (["run", "--resume", "reports/nowhere", "Suites/retail"], "only --jobs, --quiet and --in-process may go with it, found 'Suites/retail'"),
    ])
    func resumeInputErrors(arguments: [String], message: String) async throws {
        let output = try await GauntletProcess.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
    }
}
