import Foundation
import Gauntlet

/// `gauntlet bench`: the bundled suite × N trials × every shipped fault profile, measured.
enum BenchCommand {
    static let options: [ArgumentScanner.Option] = [
        .init(name: "--trials", takesValue: true), .init(name: "--agent", takesValue: true), .init(name: "--jobs", takesValue: true),
        .init(name: "--seed", takesValue: true), .init(name: "--root", takesValue: true), .init(name: "--out", takesValue: true),
        .init(name: "--chaos", takesValue: true, repeatable: true), .init(name: "--help", takesValue: false),
        .init(name: "--in-process", takesValue: false),
    ]

    static func execute(_ arguments: [String]) async throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: options, command: "bench")
        if scanner.flag("--help") {
            Console.out(Usage.bench)
            return .success
        }
        guard scanner.positionals.isEmpty else { throw UsageError("unexpected argument '\(scanner.positionals[0])'", command: "bench") }
        var configuration = RunConfiguration()
        configuration.root = scanner.string("--root") ?? "."
        configuration.agentFile = scanner.string("--agent")
        configuration.trials = try scanner.integer("--trials", in: 1...100_000) ?? 10
        configuration.seed = UInt64(try scanner.integer("--seed", in: 0...9_007_199_254_740_991) ?? 0)
        configuration.jobs = try scanner.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        configuration.outputFolder = scanner.string("--out") ?? NSTemporaryDirectory() + "gauntlet-bench-\(getpid())"
        configuration.profiles = scanner.strings("--chaos")
        if configuration.profiles.isEmpty {
            // Every shipped profile: the names of the files in Fixtures/chaos.
            let folder = SuiteLoader(root: configuration.root).fixturesFolder + "/chaos"
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
            configuration.profiles = names.filter { $0.hasSuffix(".json") }.map { String($0.dropLast(5)) }.sorted()
        }
        do throws(RunError) {
            var benchmark = Benchmark(configuration: configuration)
            if !scanner.flag("--in-process") {
                // The worker gets the benchmark's configuration as `run` options.
                var start = ["run", "--root", configuration.root, "--trials", String(configuration.trials), "--seed", String(configuration.seed)]
                start += ["--jobs", String(configuration.jobs), "--out", configuration.outputFolder, "--quiet", "--min-pass-rate", "0"]
                start += configuration.agentFile.map { ["--agent", $0] } ?? []
                start += configuration.profiles.flatMap { ["--chaos", $0] }
                benchmark.launcher = ProcessWorkerLauncher(
                    start: start, folder: configuration.outputFolder, jobs: configuration.jobs, quiet: true, discardsOutput: true)
            }
            let measurement = try await benchmark.run()
            Console.out(measurement.text)
            if scanner.string("--out") == nil { try? FileManager.default.removeItem(atPath: configuration.outputFolder) }
            return .success
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }
}
