/// Help texts.
enum Usage {
    static let version = "0.1.0"

    static let overview = """
        gauntlet — evaluation and chaos-testing harness for tool-using AI agents

        USAGE: gauntlet <command> [options]

        COMMANDS:
          run        Run the suite against an agent version, score it and write reports
          validate   Check suite files without running them
          list       List the tasks, or the coverage table of failure modes per domain
          compare    Compare two runs with paired statistics; the CI gate for regressions
          diff       Show where two runs' trajectories diverge
          replay     Re-run one trial from a run and check it reproduces
          schema     Write the JSON Schemas of the suite files
          bench      Measure a run: suite x trials x every fault profile
          help       Show help for a command

        Exit codes: 0 ok, 1 the gate failed, 2 usage or input error.
        Run 'gauntlet help <command>' for a command's options.

        """

    static let run = """
        USAGE: gauntlet run [options] [PATH ...]

        Runs every task in Suites/ (or the task files and folders given) with an agent version,
        scores each trial, prints a per-domain summary and writes run.json, trajectories.jsonl
        and summary.md to the output folder. Everything is validated first.

        OPTIONS:
          --agent FILE          Agent version file (default: Fixtures/agents/resilient.json)
          --trials N            Trials per task (default: 1)
          --seed N              Run seed; trial seeds derive from it (default: 0)
          --out DIR             Report folder (default: reports/latest)
          --filter GLOB         Only tasks whose id matches (* and ?); repeatable
          --tag TAG             Only tasks with this tag; repeatable
          --chaos PROFILE       Fault profile by name (Fixtures/chaos/NAME.json) or path;
                                repeatable: every task runs under each (default: none)
          --min-pass-rate X     Gate: pass when at least this share of trials pass (0-1);
                                default: every trial must pass
          --jobs N              Trials run at once (default: number of cores)
          --trial-timeout S     Wall-clock seconds before a trial is marked hang (default: 60)
          --root DIR            Project folder with Suites/ and Fixtures/ (default: .)
          --quiet               No progress lines
          --in-process          Run the trials in this process: faster to start, but a crash of
                                the agent (a trap) ends the run instead of failing its trial
          --resume DIR          Finish the run in DIR (killed or stopped): the options come
                                from DIR/journal.jsonl, only the missing trials run, and the
                                reports come out as from an uninterrupted run; only --jobs,
                                --quiet and --in-process may go with it

        The trials run in a worker process; when it crashes, the trials it had in flight run
        again one at a time, the one that crashes again is recorded as crash, and the run goes
        on. Each finished trial is appended to DIR/journal.jsonl. SIGINT or SIGTERM stops the run
        after the trials in flight and writes the reports marked incomplete; a second one quits
        at once.

        EXIT: 0 the gate passed, 1 the gate failed, 2 usage or input error (including a journal
        that does not match the suite), 130 stopped by SIGINT, 143 stopped by SIGTERM.

        """

    static let validate = """
        USAGE: gauntlet validate [options] [PATH ...]

        Checks the fixtures (Fixtures/tools, worlds, agents) and the tasks in Suites/ or in the
        files and folders given. Prints every problem as file:/json/pointer: message.

        OPTIONS:
          --root DIR            Project folder with Suites/ and Fixtures/ (default: .)

        EXIT: 0 no problems, 2 problems found or usage error.

        """

    static let list = """
        USAGE: gauntlet list [options] [PATH ...]

        Lists the tasks in Suites/ (or the files and folders given) with their failure-mode tags.
        With --coverage, prints the coverage table instead: per failure mode, the number of tasks
        in each domain, in Markdown, followed by the tags' meanings.

        OPTIONS:
          --coverage            Print the coverage table
          --update FILE         With --coverage: rewrite the table between the coverage markers
                                in FILE (Suites/README.md), atomically
          --root DIR            Project folder with Suites/ and Fixtures/ (default: .)

        EXIT: 0 ok, 2 an invalid suite, missing markers or a usage error.

        """

    static let schema = """
        USAGE: gauntlet schema [--out DIR]

        Writes task, tools, world and agent JSON Schemas (the ones validate checks against).

        OPTIONS:
          --out DIR             Folder to write to (default: Suites/schema)

        """

    static let bench = """
        USAGE: gauntlet bench [options]

        Runs every task x --trials x every fault profile in Fixtures/chaos (or the --chaos ones)
        and prints trials per second, simulated seconds per wall second and peak memory.
        A benchmark, not a test: figures depend on the machine.

        OPTIONS:
          --trials N            Trials per task and profile (default: 10)
          --agent FILE          Agent version file (default: Fixtures/agents/resilient.json)
          --chaos PROFILE       Only these profiles; repeatable (default: all shipped)
          --jobs N              Trials run at once (default: number of cores)
          --seed N              Run seed (default: 0)
          --out DIR             Keep the reports here (default: a temporary folder, removed)
          --root DIR            Project folder (default: .)
          --in-process          Run the trials in this process, as run --in-process does
                                (default: in a worker process, as run does)

        """

    static func text(for command: String) -> String? {
        switch command {
        case "bench": bench
        case "run": run
        case "validate": validate
        case "list": list
        case "compare": compare
        case "diff": diff
        case "replay": replay
        case "schema": schema
        default: nil
        }
    }
}
