import Foundation
import Gauntlet

/// `gauntlet run`: parses options into a `RunConfiguration` and hands it to a `Supervisor` that
/// runs the trials in a worker process (this executable with the hidden `--worker` flag), or with
/// `--in-process` straight to `Runner`.
enum RunCommand {
    static let options: [ArgumentScanner.Option] = [
        .init(name: "--agent", takesValue: true), .init(name: "--trials", takesValue: true),
        .init(name: "--seed", takesValue: true), .init(name: "--out", takesValue: true),
        .init(name: "--filter", takesValue: true, repeatable: true), .init(name: "--tag", takesValue: true, repeatable: true),
        .init(name: "--min-pass-rate", takesValue: true), .init(name: "--jobs", takesValue: true),
        .init(name: "--trial-timeout", takesValue: true), .init(name: "--root", takesValue: true),
        .init(name: "--chaos", takesValue: true, repeatable: true), .init(name: "--quiet", takesValue: false), .init(name: "--help", takesValue: false),
        .init(name: "--resume", takesValue: true), .init(name: "--in-process", takesValue: false),
        // Hidden: how a supervisor runs its workers.
        .init(name: "--worker", takesValue: false), .init(name: "--isolate", takesValue: true), .init(name: "--trace", takesValue: true),
        .init(name: "--stopped", takesValue: true),
    ]

    /// What may go with `--resume`: everything else comes from the journal.
    static let resumableOptions: Set<String> = ["--resume", "--jobs", "--quiet", "--in-process", "--worker", "--isolate", "--trace", "--stopped"]

    static func execute(_ arguments: [String]) async throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: options, command: "run")
        if scanner.flag("--help") {
            Console.out(Usage.run)
            return .success
        }
        let jobs = try scanner.integer("--jobs", in: 1...1024) ?? ProcessInfo.processInfo.activeProcessorCount
        let worker = scanner.flag("--worker")
        var configuration = RunConfiguration()
        var journal: RunJournal?
        // The run that starts (not its workers) claims its folder first, before it reads a
        // journal another run may still be writing.
        var claim: RunFolderLock?
        func claimFolder(_ folder: String) -> ExitCode? {
            guard !worker else { return nil }
            do throws(RunError) {
                claim = try RunFolderLock.acquire(folder)
                return nil
            } catch {
                Console.error("gauntlet: error: \(error)\n")
                return .inputError
            }
        }
        defer { withExtendedLifetime(claim) {} }
        if let folder = scanner.string("--resume") {
            let others = options.map(\.name).filter { !resumableOptions.contains($0) && (scanner.string($0) != nil || scanner.flag($0)) }
            guard others.isEmpty, scanner.positionals.isEmpty else {
                let found = others.first ?? "'\(scanner.positionals[0])'"
                throw UsageError("--resume takes the run's options from DIR/\(RunJournal.fileName); only --jobs, --quiet and --in-process may go with it, found \(found)", command: "run")
            }
            if FileManager.default.fileExists(atPath: folder), let refused = claimFolder(folder) { return refused }
            do throws(JournalError) {
                let read = try RunJournal.read(folder: folder)
                journal = read
                configuration = read.header.arguments.configuration(
                    outputFolder: folder, jobs: jobs, recordedFolder: read.header.workingDirectory, currentFolder: FileManager.default.currentDirectoryPath)
                if let torn = read.tornLine, !scanner.flag("--worker") {
                    Console.error("gauntlet: note: \(read.path):\(torn): the last line was cut short when the run was killed; it is ignored and its trial runs again\n")
                }
            } catch {
                Console.error("gauntlet: error: \(error)\n")
                return .inputError
            }
        } else {
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
            configuration.jobs = jobs
            configuration.trialTimeoutSeconds = try scanner.number("--trial-timeout", in: 0.001...86_400) ?? 60
            if let refused = claimFolder(configuration.outputFolder) { return refused }
        }

        var isolating: (position: Int, trace: String)?
        if let position = try scanner.integer("--isolate", in: 0...Int.max) {
            guard worker, journal != nil, let trace = scanner.string("--trace") else {
                throw UsageError("--isolate goes with --worker, --resume and --trace", command: "run")
            }
            isolating = (position, trace)
        }
        if !worker && !scanner.flag("--in-process") {
            return await supervise(
                start: ["run"] + arguments, folder: configuration.outputFolder, jobs: jobs, quiet: scanner.flag("--quiet"), resuming: journal != nil,
                stallLimit: Supervisor.stallLimit(trialTimeoutSeconds: configuration.trialTimeoutSeconds))
        }
        if worker { watchLifeline() }

        let provenance = Provenance(gitCommit: Provenance.gitCommit(in: configuration.root), gauntletVersion: Usage.version)
        let observer = scanner.flag("--quiet") || isolating != nil ? nil : ProgressPrinter(redraws: Console.errorIsTerminal)
        let runner = Runner(configuration: configuration, provenance: provenance, observer: observer, now: { Date() })
        let stop = StopRequest()
        // A worker the supervisor starts only to write the reports of a stopped run.
        if worker, let reason = scanner.string("--stopped") { stop.request(reason) }
        let signals = StopSignals(stop: stop, role: worker ? .worker : .runner)
        defer { signals.cancel() }
        do throws(RunError) {
            let output = try await runner.run(resuming: journal, stop: stop, isolating: isolating)
            observer?.finish()
            if isolating != nil { return .success }
            if output.resumedTrials > 0 {
                Console.error("Resumed: \(output.resumedTrials) trial\(output.resumedTrials == 1 ? "" : "s") came from \(RunJournal.path(in: output.folder)).\n")
            }
            Console.out(SummaryTable.text(output.report, folder: output.folder))
            if let incomplete = output.report.incomplete {
                Console.error("gauntlet: stopped by \(incomplete.reason) after \(output.report.trials.count) of \(incomplete.plannedTrials) trials; to run the rest: \(incomplete.resume)\n")
                return incomplete.reason == "SIGTERM" ? .terminated : .interrupted
            }
            return output.report.gate.passed ? .success : .gateFailed
        } catch {
            observer?.finish()
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }

    /// Runs the trials in worker processes (see `Supervisor`) and returns the last worker's exit
    /// code, which is the run's.
    private static func supervise(start: [String], folder: String, jobs: Int, quiet: Bool, resuming: Bool, stallLimit: Duration) async -> ExitCode {
        let launcher = ProcessWorkerLauncher(start: start, folder: folder, jobs: jobs, quiet: quiet)
        let stop = StopRequest()
        let signals = StopSignals(stop: stop, role: .supervisor(forward: { launcher.signal($0) }))
        defer { signals.cancel() }
        let supervisor = Supervisor(folder: folder, launcher: launcher, stallLimit: stallLimit, note: { Console.error("gauntlet: \($0)\n") })
        do throws(RunError) {
            switch try await supervisor.run(resuming: resuming, stop: stop) {
            case .exited(let code):
                return ExitCode(rawValue: code) ?? .inputError
            case .signalled(let signal):
                let resume = "gauntlet run --resume \(Runner.shellQuoted(folder))"
                Console.error("gauntlet: the worker process was ended by \(WorkerExit.name(ofSignal: signal)); the finished trials are in \(RunJournal.path(in: folder)); to run the rest: \(resume)\n")
                return stop.requested == "SIGTERM" ? .terminated : .interrupted
            }
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }

    /// A worker reads its standard input, a pipe from its supervisor, until it closes: then the
    /// supervisor is gone (even by SIGKILL), and the worker ends too rather than write on alone.
    private static func watchLifeline() {
        Thread.detachNewThread {
            var byte: UInt8 = 0
            while true {
                let count = read(STDIN_FILENO, &byte, 1)
                if count > 0 || (count < 0 && errno == EINTR) { continue }
                break
            }
            kill(getpid(), SIGKILL)
        }
    }
}
