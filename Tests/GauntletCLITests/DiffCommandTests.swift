import Foundation
import Testing

@Suite struct DiffCommandTests {
    /// Two small recorded runs (retail.refund_blender_denied and retail.refund_damaged_kettle under
    /// flaky, seed 5, two trials) by the baseline and resilient versions, kept as files so the
    /// golden outputs do not move when the suite does.
    static let baseline = "Tests/GauntletCLITests/Fixtures/diff/baseline"
    static let candidate = "Tests/GauntletCLITests/Fixtures/diff/candidate"

    @Test("without --task: the tasks whose tool paths changed, with counts and paths (golden file)")
    func tasks() throws {
        let output = try GauntletProcess.run(["diff", Self.baseline, Self.candidate])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.isEmpty)
        try GauntletProcess.expectGolden(output.stdout, named: "diff-tasks.txt")
    }

    @Test("with --task: the two trajectories side by side, the first divergence, what each side did next and the faults around it (golden file)")
    func trial() throws {
        let output = try GauntletProcess.run(["diff", Self.baseline, Self.candidate, "--task", "retail.refund_blender_denied", "--trial", "0"])
        #expect(output.status == 0, "\(output.stderr)")
        try GauntletProcess.expectGolden(output.stdout, named: "diff-trial.txt")
        let full = try GauntletProcess.run(["diff", Self.baseline, Self.candidate, "--task", "retail.refund_blender_denied", "--full"])
        #expect(full.stdout.contains("=    0   0.000 trial_started"))
        #expect(!full.stdout.contains("identical events"))
    }

    @Test("identical trajectories are reported as such and exit 0")
    func identical() throws {
        let output = try GauntletProcess.run(["diff", Self.baseline, Self.baseline, "--task", "retail.refund_damaged_kettle", "--trial", "1", "--profile", "flaky"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("\nIdentical: both trajectories have the same "))
        let tasks = try GauntletProcess.run(["diff", Self.baseline, Self.baseline])
        #expect(tasks.stdout.contains("No tool path changed: 2 tasks, 4 paired trials, every pair took the same path.\n"))
    }

    @Test("--format json, for the task list and for one trial")
    func json() throws {
        let tasks = try GauntletProcess.run(["diff", Self.baseline, Self.candidate, "--format", "json"])
        let list = try #require(try JSONSerialization.jsonObject(with: Data(tasks.stdout.utf8)) as? [String: Any])
        #expect(list["schema_version"] as? Int == 1)
        #expect(list["mode"] as? String == "tasks")
        #expect((list["changed"] as? [[String: Any]])?.first?["task"] as? String == "retail.refund_blender_denied")
        let trial = try GauntletProcess.run(["diff", Self.baseline, Self.candidate, "--task", "retail.refund_blender_denied", "--format", "json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(trial.stdout.utf8)) as? [String: Any])
        #expect(object["mode"] as? String == "trial")
        #expect(object["identical"] as? Bool == false)
        #expect(object["first_divergence"] as? Int != nil)
        #expect((object["faults_near_divergence"] as? [String: Any])?["baseline"] != nil)
    }

    @Test("usage and input errors exit 2 with a message", arguments: [
        (["diff", "B"], "expected two runs (BASELINE CANDIDATE: run folders or run.json files), found 1"),
        (["diff", "B", "C", "--format", "xml"], "option '--format' expects text or json, found 'xml'"),
        (["diff", "B", "C", "--trial", "1"], "option '--trial' needs '--task ID'"),
        (["diff", "B", "C", "--full"], "option '--full' applies to one trial's trajectories"),
        (["diff", "B", "C", "--task", "retail.refund_kettle"], "no task \"retail.refund_kettle\" in the baseline run (Tests/GauntletCLITests/Fixtures/diff/baseline/run.json) (did you mean \"retail.refund_damaged_kettle\"?)"),
        (["diff", "B", "C", "--task", "retail.refund_damaged_kettle", "--trial", "2"], "trial 2 is out of range: retail.refund_damaged_kettle [flaky] has trials 0–1 in the baseline run"),
        (["diff", "B", "C", "--task", "retail.refund_damaged_kettle", "--profile", "none"], "retail.refund_damaged_kettle did not run under profile \"none\" in the baseline run"),
        (["diff", "B", "/nonexistent/run"], "/nonexistent/run: no such run"),
        (["diff", "B", "Tests/GauntletCLITests/Fixtures/diff", "--task", "x"], "Tests/GauntletCLITests/Fixtures/diff/run.json: no such run"),
        (["diff", "B", "C", "--tsak", "x"], "unknown option '--tsak' for 'diff' (did you mean '--task'?)"),
    ])
    func errors(arguments: [String], message: String) throws {
        let resolved = arguments.map { $0 == "B" ? Self.baseline : $0 == "C" ? Self.candidate : $0 }
        let output = try GauntletProcess.run(resolved)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("a run folder without trajectories.jsonl, and runs with no task in common, are input errors")
    func missingTrajectoriesAndNoCommonTask() throws {
        let folder = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let root = GauntletProcess.packageRoot
        try FileManager.default.copyItem(at: root.appendingPathComponent(Self.candidate + "/run.json"), to: folder.appendingPathComponent("run.json"))
        let output = try GauntletProcess.run(["diff", Self.baseline, folder.path, "--task", "retail.refund_damaged_kettle"])
        #expect(output.status == 2)
        #expect(output.stderr.contains("has no readable trajectories: \(folder.path)/trajectories.jsonl: no such file"), "\(output.stderr)")

        let other = try GauntletProcess.run(["run", "--agent", "Fixtures/agents/reference.json", "--filter", "files.archive_*", "--out", folder.appendingPathComponent("files").path, "--quiet"])
        #expect(other.status == 0, "\(other.stderr)")
        let none = try GauntletProcess.run(["diff", Self.baseline, folder.appendingPathComponent("files").path])
        #expect(none.status == 2)
        #expect(none.stderr.contains("gauntlet: error: the runs have no task in common (baseline: retail.refund_blender_denied, retail.refund_damaged_kettle; candidate: files.archive_"), "\(none.stderr)")
    }

    @Test("help describes the command")
    func help() throws {
        let output = try GauntletProcess.run(["help", "diff"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("USAGE: gauntlet diff BASELINE CANDIDATE [options]\n"))
        #expect(try GauntletProcess.run(["diff", "--help"]).stdout == output.stdout)
    }
}
