import Foundation
import Gauntlet
import Synchronization

/// Starts `gauntlet run --worker …` processes of this same executable for a `Supervisor`.
final class ProcessWorkerLauncher: WorkerLauncher {
    /// This executable.
    let executable: String
    /// The arguments of the worker that starts the run.
    let start: [String]
    /// The run's folder, for workers that resume it.
    let folder: String
    let jobs: Int
    let quiet: Bool
    /// Whether workers' standard output is thrown away (the benchmark prints its own).
    let discardsOutput: Bool
    private let running = Mutex<pid_t?>(nil)

    init(start: [String], folder: String, jobs: Int, quiet: Bool, discardsOutput: Bool = false) {
        let linked = "/proc/self/exe"
        executable = FileManager.default.fileExists(atPath: linked)
            ? ((try? FileManager.default.destinationOfSymbolicLink(atPath: linked)) ?? linked)
            : CommandLine.arguments[0]
        self.start = start
        self.folder = folder
        self.jobs = jobs
        self.quiet = quiet
        self.discardsOutput = discardsOutput
    }

    func launch(_ task: WorkerTask) async -> WorkerExit {
        let resume = ["run", "--resume", folder, "--worker", "--jobs", String(jobs)] + (quiet ? ["--quiet"] : [])
        let arguments: [String] = switch task {
        case .start: start + ["--worker"]
        case .resume: resume
        case .isolate(let position, let trace): ["run", "--resume", folder, "--worker", "--quiet", "--isolate", String(position), "--trace", trace]
        case .report(let reason): resume + ["--stopped", reason]
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        // A crash is expected and recorded as the trial's outcome; the runtime's backtrace of it
        // would bury the run's output (set SWIFT_BACKTRACE to have it anyway).
        if environment["SWIFT_BACKTRACE"] == nil { environment["SWIFT_BACKTRACE"] = "enable=no" }
        process.environment = environment
        // The worker reads this pipe until it closes: when this process dies, so does the worker.
        let lifeline = Pipe()
        process.standardInput = lifeline
        if discardsOutput { process.standardOutput = FileHandle.nullDevice }
        if case .isolate = task {
            // The crash it re-enacts was reported when it first happened.
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        let exit = await withCheckedContinuation { (continuation: CheckedContinuation<WorkerExit, Never>) in
            process.terminationHandler = { ended in
                continuation.resume(returning: ended.terminationReason == .uncaughtSignal ? .signalled(ended.terminationStatus) : .exited(ended.terminationStatus))
            }
            do {
                try process.run()
                running.withLock { $0 = process.processIdentifier }
                // The worker has its own copy of the read end.
                try? lifeline.fileHandleForReading.close()
            } catch {
                Console.error("gauntlet: error: cannot start a worker process (\(executable)): \(error.localizedDescription)\n")
                continuation.resume(returning: .exited(2))
            }
        }
        running.withLock { $0 = nil }
        // Closed only now: the open write end is what keeps the worker alive.
        try? lifeline.fileHandleForWriting.close()
        return exit
    }

    func terminate() {
        signal(SIGKILL)
    }

    /// Sends `signal` to the worker running now, if any.
    func signal(_ number: Int32) {
        if let pid = running.withLock({ $0 }) { kill(pid, number) }
    }
}
