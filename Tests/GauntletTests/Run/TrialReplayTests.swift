import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct TrialReplayTests {
    /// Rewrites `folder/run.json` with `change` applied to its JSON.
    static func editRun(_ folder: URL, _ change: (inout [String: Any]) -> Void) throws {
        let file = folder.appendingPathComponent("run.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        change(&json)
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: file)
    }

    /// Rewrites the lines of `folder/trajectories.jsonl` with `change`.
    static func editTrajectories(_ folder: URL, _ change: (inout [String]) -> Void) throws {
        let file = folder.appendingPathComponent("trajectories.jsonl")
        var lines = try String(contentsOf: file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        change(&lines)
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
    }

    @Test("recorded trials replay to the same outcome and the same trajectory bytes", arguments: [
        ("retail.refund_damaged_kettle", 0), ("retail.refund_damaged_kettle", 1), ("retail.refund_blender_denied", 1),
    ])
    func reproduces(task: String, trial: Int) async throws {
        let run = try await RecordedRuns.shared.folder("baseline")
        let replay = try await TrialReplay.replay(run.path, task: task, trial: trial)
        #expect(replay.warnings.isEmpty, "\(replay.warnings)")
        #expect(replay.outcomeReproduced)
        #expect(replay.firstDifferentLine == nil)
        #expect(replay.reproduced)
        #expect(replay.replayedLines == replay.recordedLines.map(\.text))
        #expect(replay.recorded.profile == "flaky")
        #expect(replay.replayed.result.seed == replay.recorded.seed)
        let text = ReplayReport.text(replay)
        #expect(text.hasPrefix("Replay of \(task) [flaky] trial \(trial) from \(run.path)/run.json\n"))
        #expect(text.contains("    0.000 s  trial     start: seed \(replay.recorded.seed), agent baseline"))
        #expect(text.hasSuffix("Trajectory: \(replay.recordedLines.count) lines, identical byte for byte to trajectories.jsonl.\nReproduced.\n"))
    }

    @Test("a tampered outcome in run.json is reported as not reproduced")
    func tamperedOutcome() async throws {
        let copy = try await RecordedRuns.shared.copy("baseline")
        defer { try? FileManager.default.removeItem(at: copy) }
        let original = try await TrialReplay.replay(copy.path, task: "retail.refund_blender_denied", trial: 0)
        let forged = original.recorded.outcome == .pass ? "fail" : "pass"
        try Self.editRun(copy) { json in
            json["trials"] = (json["trials"] as? [[String: Any]])?.map { trial in
                var trial = trial
                if trial["task"] as? String == "retail.refund_blender_denied", trial["trial"] as? Int == 0 { trial["outcome"] = forged }
                return trial
            }
        }
        let replay = try await TrialReplay.replay(copy.path, task: "retail.refund_blender_denied", trial: 0)
        #expect(!replay.outcomeReproduced)
        #expect(replay.trajectoryReproduced)
        #expect(!replay.reproduced)
        #expect(ReplayReport.verdict(replay) == """
            Outcome: \(original.recorded.outcome.rawValue), but run.json records \(forged).
            Trajectory: \(replay.recordedLines.count) lines, identical byte for byte to trajectories.jsonl.
            NOT reproduced.

            """)
    }

    @Test("a tampered or missing trajectory line is reported as not reproduced, naming the first difference")
    func tamperedLine() async throws {
        let copy = try await RecordedRuns.shared.copy("baseline")
        defer { try? FileManager.default.removeItem(at: copy) }
        let prefix = #"{"task":"retail.refund_damaged_kettle","profile":"flaky","trial":1,"seq":4,"#
        try Self.editTrajectories(copy) { lines in
            let index = lines.firstIndex { $0.hasPrefix(prefix) }!
            lines[index] = lines[index].replacingOccurrences(of: #""kind":"#, with: #""extra":1,"kind":"#)
        }
        let replay = try await TrialReplay.replay(copy.path, task: "retail.refund_damaged_kettle", trial: 1)
        #expect(replay.outcomeReproduced)
        #expect(replay.firstDifferentLine == 4)
        #expect(!replay.reproduced)
        let verdict = ReplayReport.verdict(replay)
        #expect(verdict.contains("Trajectory: differs from line 5 of the trial's \(replay.recordedLines.count) (trajectories.jsonl line \(replay.recordedLines[4].number)):\n"))
        #expect(verdict.contains(#""extra":1,"kind":"#))
        #expect(verdict.hasSuffix("NOT reproduced.\n"))

        try Self.editTrajectories(copy) { lines in lines.removeAll { $0.hasPrefix(prefix) } }
        let shorter = try await TrialReplay.replay(copy.path, task: "retail.refund_damaged_kettle", trial: 1)
        #expect(shorter.recordedLines.count == shorter.replayedLines.count - 1)
        #expect(shorter.firstDifferentLine == 4)
        #expect(!shorter.reproduced)
    }

    @Test("inputs that changed since the run are warned about: the agent, the profile and the task file's SHA-256")
    func warnings() async throws {
        let copy = try await RecordedRuns.shared.copy("baseline")
        defer { try? FileManager.default.removeItem(at: copy) }
        try Self.editRun(copy) { json in
            var agent = json["agent"] as? [String: Any] ?? [:]
            agent["sha256"] = String(repeating: "0", count: 64)
            json["agent"] = agent
            var suite = json["suite"] as? [String: Any] ?? [:]
            var tasks = suite["tasks"] as? [String: Any] ?? [:]
            tasks["retail.refund_damaged_kettle"] = String(repeating: "1", count: 64)
            suite["tasks"] = tasks
            json["suite"] = suite
            var configuration = json["configuration"] as? [String: Any] ?? [:]
            configuration["profiles"] = (configuration["profiles"] as? [[String: Any]])?.map { profile in
                var profile = profile
                profile["sha256"] = String(repeating: "2", count: 64)
                return profile
            }
            json["configuration"] = configuration
        }
        let replay = try await TrialReplay.replay(copy.path, task: "retail.refund_damaged_kettle", trial: 0)
        let root = SuiteSchemaFilesTests.packageRoot.path
        #expect(replay.warnings == [
            "the task file \(root)/Suites/retail/refund_damaged_kettle.json changed since the run (SHA-256 111111111111… recorded, \(replay.replayedSHA("Suites/retail/refund_damaged_kettle.json"))… now)",
            "the agent file \(root)/Fixtures/agents/baseline.json changed since the run (SHA-256 000000000000… recorded, \(replay.replayedSHA("Fixtures/agents/baseline.json"))… now)",
            "the fault profile file \(root)/Fixtures/chaos/flaky.json changed since the run (SHA-256 222222222222… recorded, \(replay.replayedSHA("Fixtures/chaos/flaky.json"))… now)",
        ])
        // The files did not really change: the trial still reproduces.
        #expect(replay.reproduced)
        #expect(ReplayReport.verdict(replay).hasSuffix("Reproduced.\n"))
    }

    @Test("a recorded seed that the run seed does not give is warned about, replayed with, and does not reproduce")
    func forgedSeed() async throws {
        let copy = try await RecordedRuns.shared.copy("baseline")
        defer { try? FileManager.default.removeItem(at: copy) }
        try Self.editRun(copy) { json in
            json["trials"] = (json["trials"] as? [[String: Any]])?.map { trial in
                var trial = trial
                if trial["task"] as? String == "retail.refund_damaged_kettle", trial["trial"] as? Int == 0 { trial["seed"] = "0x00000000000000ff" }
                return trial
            }
        }
        let replay = try await TrialReplay.replay(copy.path, task: "retail.refund_damaged_kettle", trial: 0)
        let derived = TrialSeed.derive(runSeed: 5, taskID: "retail.refund_damaged_kettle", profile: "flaky", trial: 0)
        #expect(replay.warnings == ["the recorded trial seed 0x00000000000000ff is not the one run seed 5 gives this trial (0x\(String(derived, radix: 16).leftPadded(to: 16))); replaying with the recorded seed"])
        #expect(replay.seed == 0xff)
        #expect(replay.replayedLines.first?.contains(#""seed":"0x00000000000000ff""#) == true)
        #expect(replay.firstDifferentLine == 0)
        #expect(!replay.reproduced)
        #expect(ReplayReport.verdict(replay).hasSuffix("NOT reproduced. The inputs changed since the run (see the warnings): 1 warning.\n"))
    }

    @Test("what cannot be replayed is an error: an unknown task, a trial out of range, no trajectories")
    func errors() async throws {
        let run = try await RecordedRuns.shared.folder("baseline")
        func message(_ task: String, _ trial: Int, folder: URL = run) async -> String {
            do throws(TrajectoryInputError) {
                _ = try await TrialReplay.replay(folder.path, task: task, trial: trial)
                return "no error"
            } catch {
                return error.message
            }
        }
        #expect(await message("retail.refund_damaged_kettel", 0) == "no task \"retail.refund_damaged_kettel\" in the run \(run.path)/run.json (did you mean \"retail.refund_damaged_kettle\"?); it has 11 tasks")
        #expect(await message("retail.refund_damaged_kettle", 5) == "trial 5 is out of range: retail.refund_damaged_kettle [flaky] has trials 0–1 in the run \(run.path)/run.json")
        let copy = try await RecordedRuns.shared.copy("baseline")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.removeItem(at: copy.appendingPathComponent("trajectories.jsonl"))
        #expect(await message("retail.refund_damaged_kettle", 0, folder: copy).hasSuffix("trajectories.jsonl: no such file (a run folder holds trajectories.jsonl next to run.json); replay compares the trial with its recorded lines"))
    }
}

extension TrialReplay {
    /// The first 12 hex digits of the SHA-256 of a file of the package, as the warnings show it.
    func replayedSHA(_ file: String) -> String {
        let bytes = [UInt8](FileManager.default.contents(atPath: SuiteSchemaFilesTests.packageRoot.appendingPathComponent(file).path) ?? Data())
        return String(SHA256.hex(of: bytes).prefix(12))
    }
}
