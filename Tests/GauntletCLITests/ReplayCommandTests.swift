import Foundation
import Testing

@Suite struct ReplayCommandTests {
    /// A run of two retail tasks under flaky (seed 5, two trials) by the baseline version, made with
    /// the command line from the package folder once per test process (so its paths are relative,
    /// as a user's are).
    final class Run: Sendable {
        let folder: URL
        init() throws {
            folder = GauntletProcess.processFolder(prefix: "gauntlet-replay-test-run")
            let output = try GauntletProcess.run([
                "run", "--agent", "Fixtures/agents/baseline.json", "--filter", "retail.refund_damaged_kettle", "--filter", "retail.refund_blender_denied",
                "--chaos", "flaky", "--trials", "2", "--seed", "5", "--out", folder.path, "--quiet", "--min-pass-rate", "0",
            ])
            if output.status == 2 { throw SetupRunFailed(stderr: output.stderr) }
        }

        /// A copy of the run to tamper with.
        func copy() throws -> URL {
            let copy = try GauntletProcess.temporaryFolder().appendingPathComponent("run")
            try FileManager.default.copyItem(at: folder, to: copy)
            return copy
        }
    }

    static let run = Result { try Run() }

    @Test("a recorded trial replays as a step-by-step story and reproduces byte for byte: exit 0")
    func reproduces() throws {
        let run = try Self.run.get()
        let output = try GauntletProcess.run(["replay", run.folder.path, "--task", "retail.refund_damaged_kettle", "--trial", "1"])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stderr.isEmpty)
        #expect(output.stdout.hasPrefix("Replay of retail.refund_damaged_kettle [flaky] trial 1 from \(run.folder.path)/run.json\n  agent baseline (Fixtures/agents/baseline.json), seed 0x"))
        #expect(output.stdout.contains(", profile flaky (Fixtures/chaos/flaky.json), trial timeout 60 s\n"))
        #expect(output.stdout.contains("  tool      find_customer {\"email\":\"dana.whitfield@example.com\"} → "))
        #expect(output.stdout.contains("  trial     end: "))
        #expect(output.stdout.hasSuffix("identical byte for byte to trajectories.jsonl.\nReproduced.\n"))
    }

    @Test("a tampered outcome in run.json is not reproduced: exit 1")
    func tamperedOutcome() throws {
        let copy = try Self.run.get().copy()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let file = copy.appendingPathComponent("run.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var trials = try #require(json["trials"] as? [[String: Any]])
        let index = try #require(trials.firstIndex { $0["task"] as? String == "retail.refund_blender_denied" && $0["trial"] as? Int == 1 })
        let recorded = try #require(trials[index]["outcome"] as? String)
        trials[index]["outcome"] = recorded == "crash" ? "hang" : "crash"
        json["trials"] = trials
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: file)

        let output = try GauntletProcess.run(["replay", copy.path, "--task", "retail.refund_blender_denied", "--trial", "1"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("\nOutcome: \(recorded), but run.json records \(recorded == "crash" ? "hang" : "crash").\n"))
        #expect(output.stdout.hasSuffix("NOT reproduced.\n"))
    }

    @Test("a tampered trajectory line is not reproduced, and the first difference is shown: exit 1")
    func tamperedLine() throws {
        let copy = try Self.run.get().copy()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let file = copy.appendingPathComponent("trajectories.jsonl")
        let text = try String(contentsOf: file, encoding: .utf8)
        let target = #"{"task":"retail.refund_damaged_kettle","profile":"flaky","trial":0,"seq":1,"#
        let tampered = text.split(separator: "\n").map { line in
            line.hasPrefix(target) ? line.replacingOccurrences(of: "Dana Whitfield", with: "Dana Whitfeld") : String(line)
        }
        try Data((tampered.joined(separator: "\n") + "\n").utf8).write(to: file)

        let output = try GauntletProcess.run(["replay", copy.path, "--task", "retail.refund_damaged_kettle"])
        #expect(output.status == 1, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("Trajectory: differs from line 2 of the trial's "))
        #expect(output.stdout.contains("  recorded  "))
        #expect(output.stdout.contains("Dana Whitfeld"))
        #expect(output.stdout.hasSuffix("NOT reproduced.\n"))
    }

    @Test("a changed agent file is warned about on standard error, and the replay still runs")
    func changedAgent() throws {
        let copy = try Self.run.get().copy()
        defer { try? FileManager.default.removeItem(at: copy.deletingLastPathComponent()) }
        let file = copy.appendingPathComponent("run.json")
        var json = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        var agent = try #require(json["agent"] as? [String: Any])
        agent["sha256"] = String(repeating: "f", count: 64)
        json["agent"] = agent
        try JSONSerialization.data(withJSONObject: json, options: [.sortedKeys]).write(to: file)
        let output = try GauntletProcess.run(["replay", copy.path, "--task", "retail.refund_damaged_kettle"])
        #expect(output.status == 0)
        #expect(output.stderr.hasPrefix("gauntlet: warning: the agent file Fixtures/agents/baseline.json changed since the run (SHA-256 ffffffffffff… recorded, "), "\(output.stderr)")
    }

    @Test("usage and input errors exit 2 with a message", arguments: [
        (["replay"], "expected one run (a run folder or its run.json), found 0"),
        (["replay", "R", "R", "--task", "x"], "expected one run (a run folder or its run.json), found 2"),
        (["replay", "R"], "missing '--task ID'"),
        (["replay", "R", "--task", "retail.refund_damaged_kettle", "--trial", "-1"], "option '--trial' expects an integer from 0 to 1000000, found '-1'"),
        (["replay", "R", "--task", "retail.refund_damaged_kettle", "--trial", "x"], "option '--trial' expects an integer from 0 to 1000000, found 'x'"),
        (["replay", "R", "--task", "retail.refund_damaged_kettel"], "(did you mean \"retail.refund_damaged_kettle\"?)"),
        (["replay", "R", "--task", "retail.refund_damaged_kettle", "--trial", "2"], "trial 2 is out of range: retail.refund_damaged_kettle [flaky] has trials 0–1 in the run "),
        (["replay", "R", "--task", "retail.refund_damaged_kettle", "--profile", "outage"], "did not run under profile \"outage\""),
        (["replay", "/nonexistent/run", "--task", "x"], "/nonexistent/run: no such run"),
    ])
    func errors(arguments: [String], message: String) throws {
        let run = try Self.run.get()
        let output = try GauntletProcess.run(arguments.map { $0 == "R" ? run.folder.path : $0 })
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }

    @Test("help describes the command")
    func help() throws {
        let output = try GauntletProcess.run(["help", "replay"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("USAGE: gauntlet replay RUN --task ID [--trial N] [--profile NAME]\n"))
    }
}
