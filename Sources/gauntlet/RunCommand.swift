import Foundation
import Gauntlet

/// `gauntlet run`: parses options into a `RunConfiguration` and hands it to `Runner`.
enum RunCommand {
    static let options: [ArgumentScanner.Option] = [
        .init(name: "--agent", takesValue: true), .init(name: "--trials", takesValue: true),
        .init(name: "--seed", takesValue: true), .init(name: "--out", takesValue: true),
        .init(name: "--filter", takesValue: true, repeatable: true), .init(name: "--tag", takesValue: true, repeatable: true),
        .init(name: "--min-pass-rate", takesValue: true), .init(name: "--jobs", takesValue: true),
        .init(name: "--trial-timeout", takesValue: true), .init(name: "--root", takesValue: true),
        .init(name: "--chaos", takesValue: true, repeatable: true), .init(name: "--quiet", takesValue: false), .init(name: "--help", takesValue: false),
    ]

    static func execute(_ arguments: [String]) async throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: options, command: "run")
        if scanner.flag("--help") {
            Console.out(Usage.run)
            return .success
        }
        var configuration = RunConfiguration()
        configuration.root = scanner.string("--root") ?? "."
        configuration.taskPaths = scanner.positionals
        configuration.agentFile = scanner.string("--agent")
        configuration.trials = try scanner.integer("--trials", in: 1...100_000) ?? 1
        configuration.seed = UInt64(try scanner.integer("--seed", in: 0...9_007_199_254_740_991) ?? 0)
        configuration.outputFolder = scanner.string("--out") ?? "reports/latest"
        configuration.filters = scanner.strings("--filter")
        configuration.tags = scanner.strings("--tag")
        configuration.profiles = scanner.strings("--chaos")
        configuration.minPassRate = try scanner.number("--min-pass-rate", in: 0...1)
        configuration.jobs = try scanner.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        configuration.trialTimeoutSeconds = try scanner.number("--trial-timeout", in: 0.001...86_400) ?? 60

        let provenance = Provenance(gitCommit: Provenance.gitCommit(in: configuration.root), gauntletVersion: Usage.version)
        let observer = scanner.flag("--quiet") ? nil : ProgressPrinter(redraws: Console.errorIsTerminal)
        let runner = Runner(configuration: configuration, provenance: provenance, observer: observer, now: { Date() })
        do throws(RunError) {
            let output = try await runner.run()
            observer?.finish()
            Console.out(SummaryTable.text(output.report, folder: output.folder))
            return output.report.gate.passed ? .success : .gateFailed
        } catch {
            observer?.finish()
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }
}
