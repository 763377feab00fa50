import Gauntlet

/// `gauntlet replay RUN --task ID --trial N`: runs one recorded trial again and says whether it
/// reproduced.
enum ReplayCommand {
    static func execute(_ arguments: [String]) async throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: [
            .init(name: "--task", takesValue: true), .init(name: "--trial", takesValue: true),
            .init(name: "--profile", takesValue: true), .init(name: "--help", takesValue: false),
        ], command: "replay")
        if scanner.flag("--help") {
            Console.out(Usage.replay)
            return .success
        }
        guard scanner.positionals.count == 1 else {
            throw UsageError("expected one run (a run folder or its run.json), found \(scanner.positionals.count)", command: "replay")
        }
        guard let task = scanner.string("--task") else {
            throw UsageError("missing '--task ID': which task's trial to replay", command: "replay")
        }
        let trial = try scanner.integer("--trial", in: 0...1_000_000) ?? 0
        do throws(TrajectoryInputError) {
            let replay = try await TrialReplay.replay(scanner.positionals[0], task: task, trial: trial, profile: scanner.string("--profile"))
            for warning in replay.warnings { Console.error("gauntlet: warning: \(warning)\n") }
            Console.out(ReplayReport.text(replay))
            return replay.reproduced ? .success : .gateFailed
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }
}

extension Usage {
    static let replay = """
        USAGE: gauntlet replay RUN --task ID [--trial N] [--profile NAME]

        Runs one trial of a run (a run folder or its run.json) again, with the runner's own code:
        the recorded trial seed, the agent file and fault profile file named in run.json, the
        run's task paths, root and trial timeout, and the same reference path. Paths in run.json
        are read from the current folder, as the run read them: replay from where the run was
        made. A warning (on standard error) names every input that is not as recorded: the agent
        or profile file whose SHA-256 differs, a task file or fixtures that differ from the run's
        suite fingerprint, a seed that is not the one the run seed derives.

        Prints the trial as a story, one line per step: virtual time, edge (model, tool, approver;
        agent for retries, breakers and budgets), the call and its result or error, and the faults
        injected on it. Then whether it reproduced: the outcome recorded in run.json, and the
        trial's lines in trajectories.jsonl compared byte for byte with the lines the replay
        writes (the first difference is shown).

        OPTIONS:
          --task ID             The task (required)
          --trial N             The trial index (default: 0)
          --profile NAME        The fault profile (default: none, or the task's only profile)

        EXIT: 0 reproduced (outcome and trajectory bytes), 1 not reproduced, 2 a usage error, or a
        run, trial, trajectories.jsonl, agent or profile file that cannot be found or read.

        """
}
