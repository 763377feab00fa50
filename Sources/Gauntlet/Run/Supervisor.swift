import AgentCore
import Foundation

/// Runs a run's trials in worker processes, so that an agent that crashes the process (a Swift
/// trap, a segmentation fault) fails its trial instead of the run.
///
/// A worker runs the trials and journals each as it starts and as it finishes. When one dies of a
/// signal, the trials it had in flight are run again one at a time, each alone in a fresh worker
/// that streams its events to a trace: one that dies again is the culprit, recorded as `crash`
/// with the signal and its last events; the others journal their (deterministic) results. Then a
/// new worker resumes the run. Results are the same at any `--jobs`, crash or no crash.
public struct Supervisor: Sendable {
    /// The run's output folder, where its journal is.
    public var folder: String
    public var launcher: any WorkerLauncher
    /// Told what the supervisor does after a worker died, in a sentence.
    public var note: @Sendable (String) -> Void

    public init(folder: String, launcher: any WorkerLauncher, note: @escaping @Sendable (String) -> Void = { _ in }) {
        self.folder = folder
        self.launcher = launcher
        self.note = note
    }

    /// Runs workers until one finishes the run, and returns how the last one ended: its exit code
    /// is the run's. With `stop` requested, a worker that dies is not replaced.
    /// - Throws: `RunError` when a worker dies before it wrote the journal, or the journal cannot be
    ///   read or written.
    public func run(resuming: Bool, stop: StopRequest? = nil) async throws(RunError) -> WorkerExit {
        var task: WorkerTask = resuming ? .resume : .start
        var finishedBefore = -1
        var exit = WorkerExit.exited(0)
        while true {
            if stop?.requested != nil, task == .resume { return exit }
            exit = await launcher.launch(task)
            guard case .signalled(let signal) = exit, stop?.requested == nil else { return exit }
            let journal: RunJournal
            do throws(JournalError) {
                journal = try RunJournal.read(folder: folder)
            } catch {
                if case .missing = error.reason {
                    throw .worker("the worker process died of \(WorkerExit.name(ofSignal: signal)) before it started the run")
                }
                throw .journal(error)
            }
            let inFlight = journal.started.subtracting(journal.trials.keys).sorted()
            // A worker that keeps dying without finishing or isolating anything would loop forever.
            if inFlight.isEmpty, journal.trials.count <= finishedBefore {
                throw .worker("the worker process died of \(WorkerExit.name(ofSignal: signal)) twice with no trial in flight and none finished")
            }
            finishedBefore = journal.trials.count
            if !inFlight.isEmpty {
                note("the worker process died of \(WorkerExit.name(ofSignal: signal)) with \(inFlight.count) trial\(inFlight.count == 1 ? "" : "s") in flight; running \(inFlight.count == 1 ? "it" : "each") alone to find the one that crashed")
            }
            for position in inFlight {
                try await isolate(position, stop: stop)
                if stop?.requested != nil { return exit }
            }
            task = .resume
        }
    }

    /// Runs the trial at `position` alone; if its worker dies, journals it as a crash.
    private func isolate(_ position: Int, stop: StopRequest?) async throws(RunError) {
        let trace = (folder as NSString).appendingPathComponent("crash-trace.jsonl")
        try? FileManager.default.removeItem(atPath: trace)
        defer { try? FileManager.default.removeItem(atPath: trace) }
        switch await launcher.launch(.isolate(position: position, trace: trace)) {
        case .exited(0):
            return
        case .exited(let code):
            throw .worker("the worker running trial position \(position) alone exited with code \(code)")
        case .signalled(let signal):
            if stop?.requested != nil { return }
            let crashed: JournaledTrial
            let journal: RunJournal
            do throws(JournalError) {
                crashed = try CrashTrace.crashedTrial(tracedIn: trace, signal: signal)
                journal = try RunJournal.read(folder: folder)
            } catch {
                throw .journal(error)
            }
            do throws(FileWriteError) {
                try JournalWriter.resume(journal).append(crashed)
            } catch {
                throw .output(error)
            }
            note("\(crashed.result.label) crashed the agent process (\(WorkerExit.name(ofSignal: signal))); recorded as crash")
        }
    }
}
