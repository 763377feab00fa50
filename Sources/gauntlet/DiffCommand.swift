import Gauntlet

/// `gauntlet diff BASELINE CANDIDATE`: which tasks' tool paths changed, or where one trial's two
/// trajectories diverge.
enum DiffCommand {
    static func execute(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: [
            .init(name: "--task", takesValue: true), .init(name: "--trial", takesValue: true),
            .init(name: "--profile", takesValue: true), .init(name: "--format", takesValue: true),
            .init(name: "--full", takesValue: false), .init(name: "--help", takesValue: false),
        ], command: "diff")
        if scanner.flag("--help") {
            Console.out(Usage.diff)
            return .success
        }
        guard scanner.positionals.count == 2 else {
            throw UsageError("expected two runs (BASELINE CANDIDATE: run folders or run.json files), found \(scanner.positionals.count)", command: "diff")
        }
        let format = scanner.string("--format") ?? "text"
        guard ["text", "json"].contains(format) else {
            throw UsageError("option '--format' expects text or json, found '\(format)'", command: "diff")
        }
        let task = scanner.string("--task")
        let trial = try scanner.integer("--trial", in: 0...1_000_000)
        if task == nil {
            if trial != nil { throw UsageError("option '--trial' needs '--task ID': it picks a trial of that task", command: "diff") }
            if scanner.flag("--full") { throw UsageError("option '--full' applies to one trial's trajectories: give '--task ID'", command: "diff") }
        }
        let (baseline, candidate) = (scanner.positionals[0], scanner.positionals[1])
        let profile = scanner.string("--profile")
        do throws(TrajectoryInputError) {
            if let task {
                let report = try RunDiff.trial(baseline: baseline, candidate: candidate, task: task, trial: trial ?? 0, profile: profile)
                Console.out(format == "json" ? DiffReport.json(report) : DiffReport.text(report, full: scanner.flag("--full")))
            } else {
                let changes = try RunDiff.toolPaths(baseline: baseline, candidate: candidate, profile: profile)
                Console.out(format == "json" ? DiffReport.json(changes) : DiffReport.text(changes))
            }
            return .success
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }
}

extension Usage {
    static let diff = """
        USAGE: gauntlet diff BASELINE CANDIDATE [options]

        Compares the trajectories of two runs (run folders or their run.json), trials paired by
        task, fault profile and trial index (with the same run seed, paired trials have the same
        seed and meet the same faults).

        Without --task: the tasks whose tool paths changed, most changed first, each with how many
        paired trials took a different path and the most common path on each side ([…] marks a
        call the other side's path does not make at that point).

        With --task: that trial's two trajectories side by side, event by event, aligned by edit
        distance on each event's signature: kind, tool, key arguments (argument values without
        free text: a string with whitespace or over 64 characters is left out), error kind, fault,
        approval decision, outcome. Seq, times, call ids, reasons and answers are ignored. Rows
        are marked = same, ~ changed (same kind), - baseline only, + candidate only. Then the
        first divergence, what each side did from there (its next 8 events), and the faults
        injected within 6 events of it on each side. Identical trajectories are reported as such.

        OPTIONS:
          --task ID             One task, event by event
          --trial N             With --task: the trial index (default: 0)
          --profile NAME        The fault profile (default: with --task, none or the task's only
                                profile; without it, every profile both runs have)
          --full                With --task: show every row (long identical stretches are
                                folded otherwise)
          --format F            text (default) or json (schema_version 1: "mode" "tasks" with
                                "changed" and "unchanged", or "mode" "trial" with "rows",
                                "first_divergence", "next" and "faults_near_divergence")

        EXIT: 0 the diff was shown (identical or not), 2 a usage error, a run or
        trajectories.jsonl that cannot be read, an unknown task or profile, a trial out of range,
        or runs with no task in common.

        """
}
