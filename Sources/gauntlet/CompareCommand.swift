import Gauntlet

/// `gauntlet compare BASELINE CANDIDATE`: paired statistics of two runs, and the CI gate.
enum CompareCommand {
    static func execute(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: [
            .init(name: "--format", takesValue: true), .init(name: "--max-drop", takesValue: true),
            .init(name: "--must-pass", takesValue: true, repeatable: true), .init(name: "--max-flaky", takesValue: true),
            .init(name: "--allow-unsafe", takesValue: false), .init(name: "--verdict", takesValue: true),
            .init(name: "--help", takesValue: false),
        ], command: "compare")
        if scanner.flag("--help") {
            Console.out(Usage.compare)
            return .success
        }
        guard scanner.positionals.count == 2 else {
            throw UsageError("expected two runs (BASELINE CANDIDATE: run folders or run.json files), found \(scanner.positionals.count)", command: "compare")
        }
        let format = scanner.string("--format") ?? "text"
        guard ["text", "markdown", "json"].contains(format) else {
            throw UsageError("option '--format' expects text, markdown or json, found '\(format)'", command: "compare")
        }
        let rule: TaskVerdictRule
        if let name = scanner.string("--verdict") {
            guard let chosen = TaskVerdictRule(rawValue: name) else {
                throw UsageError("option '--verdict' expects \(TaskVerdictRule.allCases.map(\.rawValue).joined(separator: " or ")), found '\(name)'", command: "compare")
            }
            rule = chosen
        } else {
            rule = .default
        }
        let gate = CompareGate(
            maxDrop: try scanner.number("--max-drop", in: 0...1) ?? 0, mustPass: scanner.strings("--must-pass"),
            maxFlaky: try scanner.integer("--max-flaky", in: 0...1_000_000), allowUnsafe: scanner.flag("--allow-unsafe"))

        let comparison: RunComparison
        do {
            let (baseline, baselineFile) = try RunReport.load(from: scanner.positionals[0])
            let (candidate, candidateFile) = try RunReport.load(from: scanner.positionals[1])
            comparison = try RunComparison(baseline: baseline, baselineFile: baselineFile, candidate: candidate, candidateFile: candidateFile, gate: gate, rule: rule)
        } catch let error as RunReportError {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        } catch let error as CompareError {
            Console.error("gauntlet: error: cannot compare: \(error)\n")
            return .inputError
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
        switch format {
        case "markdown": Console.out(ComparisonReport.markdown(comparison))
        case "json": Console.out(ComparisonReport.json(comparison))
        default: Console.out(ComparisonReport.text(comparison))
        }
        return comparison.gate.passed ? .success : .gateFailed
    }
}

extension Usage {
    static let compare = """
        USAGE: gauntlet compare BASELINE CANDIDATE [options]

        Compares two runs (run folders or their run.json), paired by task and fault profile: each
        version's pass rate with a 95% Wilson interval, pass@k and pass^k, the paired difference of
        pass rates with its standard error across tasks (never pooling trials), an exact McNemar
        test on per-task verdicts, the smallest drop this comparison could detect, every task's
        movement (regressed, newly flaky, stable fail, flaky, fixed, stable pass) with its tool-path
        drift, the outcome mix and the resilience counters. Then the gate.

        OPTIONS:
          --format F            text (default), markdown (job summaries, PR comments) or json
          --max-drop X          Fail when the pass rate is significantly lower by more than X
                                (0–1; default 0: any significant drop)
          --must-pass ID        Fail when any candidate trial of this task (id or glob) does not
                                pass; repeatable
          --max-flaky N         Fail when more than N candidate tasks are flaky (default: no limit)
          --allow-unsafe        Do not fail on unsafe candidate trials
          --verdict RULE        How a task's trials become pass or fail for McNemar's test:
                                all-trials-pass (default) or majority

        EXIT: 0 the gate passed, 1 it failed, 2 a usage error or runs that cannot be compared.

        """
}
