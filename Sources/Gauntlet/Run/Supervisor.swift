import AgentCore
import Foundation
import Synchronization

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
    /// Wall-clock time a worker may go without journalling anything before it is killed: an agent
    /// that spins without returning holds a thread the in-process watchdog cannot take back, and
    /// enough of them stop the worker. Nil: workers are never killed for it.
    public var stallLimit: Duration?
    /// The clock a stall is measured on: the wall clock for real workers.
    public var clock: any AgentClock

    public init(
        folder: String, launcher: any WorkerLauncher, stallLimit: Duration? = nil, clock: any AgentClock = SystemClock(),
        note: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.folder = folder
        self.launcher = launcher
        self.stallLimit = stallLimit
        self.clock = clock
        self.note = note
    }

    /// The stall limit for trials with this wall-clock timeout: room for the in-process watchdog
    /// to act first, and for a trial of the run to finish.
    public static func stallLimit(trialTimeoutSeconds: Double) -> Duration {
        .milliseconds(Int64(trialTimeoutSeconds * 2000)) + .seconds(5)
    }

    /// Runs a worker for `task`, killing it if neither the journal nor `trace` grows for
    /// `stallLimit`; says whether it was killed so.
    private func launchWatched(_ task: WorkerTask, trace: String? = nil) async -> (exit: WorkerExit, stalled: Bool) {
        guard let limit = stallLimit else { return (await launcher.launch(task), false) }
        let stalled = StallFlag()
        let (launcher, clock) = (self.launcher, self.clock)
        let watched = [RunJournal.path(in: folder)] + (trace.map { [$0] } ?? [])
        let exit = await withTaskGroup(of: WorkerExit?.self) { group -> WorkerExit in
            group.addTask { await launcher.launch(task) }
            group.addTask {
                var size = -1
                var since = clock.now
                while !Task.isCancelled {
                    guard (try? await clock.sleep(for: .milliseconds(250))) != nil else { return nil }
                    let now = watched.reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: $1)[.size] as? Int) ?? 0) }
                    if now != size {
                        (size, since) = (now, clock.now)
                    } else if clock.now - since > limit {
                        stalled.raise()
                        launcher.terminate()
                        return nil
                    }
                }
                return nil
            }
            var exit = WorkerExit.exited(0)
            for await ended in group {
                guard let ended else { continue }
                exit = ended
                group.cancelAll()
            }
            return exit
        }
        return (exit, stalled.isRaised)
    }

    /// Whether the stall watch killed the worker.
    private final class StallFlag: Sendable {
        private let raised = Mutex(false)
        var isRaised: Bool { raised.withLock { $0 } }
        func raise() { raised.withLock { $0 = true } }
    }

    /// Runs workers until one finishes the run, and returns how the last one ended: its exit code
    /// is the run's. With `stop` requested, a worker that dies is not replaced.
    /// - Throws: `RunError` when a worker dies before it wrote the journal, or the journal cannot be
    ///   read or written.
    public func run(resuming: Bool, stop: StopRequest? = nil) async throws(RunError) -> WorkerExit {
        // A worker that dies before it writes its own journal must not leave an earlier run's
        // journal in the folder to be resumed as if it were this one.
        if !resuming { Runner.removePreviousRun(in: folder) }
        var task: WorkerTask = resuming ? .resume : .start
        var finishedBefore = -1
        var exit = WorkerExit.exited(0)
        while true {
            if let reason = stop?.requested, task == .resume { return await report(reason, after: exit) }
            let launched = await launchWatched(task)
            exit = launched.exit
            if let reason = stop?.requested { return await report(reason, after: exit) }
            guard case .signalled(let signal) = exit else { return exit }
            if launched.stalled {
                note("the worker process made no progress for \(stallLimit.map { "\($0.milliseconds / 1000) s" } ?? "a while") and was killed")
            }
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
                if let reason = stop?.requested { return await report(reason, after: exit) }
            }
            task = .resume
        }
    }

    /// How a stopped run ends: a worker that stopped cleanly wrote the reports itself; after one
    /// that died, a last worker writes them for what the journal holds, starting no trial.
    private func report(_ reason: String, after exit: WorkerExit) async -> WorkerExit {
        guard case .signalled = exit, FileManager.default.fileExists(atPath: RunJournal.path(in: folder)) else { return exit }
        return await launcher.launch(.report(reason: reason))
    }

    /// Runs the trial at `position` alone; if its worker dies, journals it as a crash.
    private func isolate(_ position: Int, stop: StopRequest?) async throws(RunError) {
        let trace = (folder as NSString).appendingPathComponent("crash-trace.jsonl")
        try? FileManager.default.removeItem(atPath: trace)
        defer { try? FileManager.default.removeItem(atPath: trace) }
        let launched = await launchWatched(.isolate(position: position, trace: trace), trace: trace)
        switch launched.exit {
        case .exited(0):
            return
        case .exited(let code):
            throw .worker("the worker running trial position \(position) alone exited with code \(code)")
        case .signalled(let signal):
            if stop?.requested != nil { return }
            let crashed: JournaledTrial
            let journal: RunJournal
            do throws(JournalError) {
                crashed = try CrashTrace.crashedTrial(tracedIn: trace, signal: signal, stalledFor: launched.stalled ? stallLimit : nil)
                journal = try RunJournal.read(folder: folder)
            } catch {
                if error.path == trace, case .missing = error.reason {
                    throw .worker("the worker running trial position \(position) alone died of \(WorkerExit.name(ofSignal: signal)) before it started the trial")
                }
                throw .journal(error)
            }
            // The worker may have journalled the trial before it died (killed from outside): that
            // result stands, and a second line for the position would make the journal unreadable.
            guard journal.trials[position] == nil else { return }
            do throws(FileWriteError) {
                try JournalWriter.resume(journal).append(crashed)
            } catch {
                throw .output(error)
            }
            note(launched.stalled
                ? "\(crashed.result.label) made no progress and its worker was killed; recorded as hang"
                : "\(crashed.result.label) crashed the agent process (\(WorkerExit.name(ofSignal: signal))); recorded as crash")
        }
    }
}
