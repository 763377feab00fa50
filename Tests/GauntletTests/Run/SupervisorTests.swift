import AgentCore
import Foundation
import Synchronization
import Testing
@testable import Gauntlet

@Suite struct SupervisorTests {
    /// Answers each launch from a script and remembers what it was asked.
    final class ScriptedLauncher: WorkerLauncher {
        let exits: Mutex<[WorkerExit]>
        let asked = Mutex<[WorkerTask]>([])
        init(_ exits: [WorkerExit]) { self.exits = Mutex(exits) }
        func launch(_ task: WorkerTask) async -> WorkerExit {
            asked.withLock { $0.append(task) }
            return exits.withLock { $0.isEmpty ? .exited(0) : $0.removeFirst() }
        }
    }

    @Test("a worker that exits passes its code through; one that dies before writing a journal is an error")
    func exitsAndEarlyDeaths() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)").path
        let finished = ScriptedLauncher([.exited(1)])
        #expect(try await Supervisor(folder: folder, launcher: finished).run(resuming: true) == .exited(1))
        #expect(finished.asked.withLock { $0 } == [.resume])

        let dying = ScriptedLauncher([.signalled(SIGSEGV)])
        do {
            _ = try await Supervisor(folder: folder, launcher: dying).run(resuming: false)
            Issue.record("no error")
        } catch {
            #expect(error.description == "the worker process died of SIGSEGV before it started the run")
        }
    }

    @Test("after a stop request a dead worker is not replaced")
    func stopped() async throws {
        let stop = StopRequest()
        stop.request("SIGINT")
        let launcher = ScriptedLauncher([.signalled(SIGKILL)])
        let exit = try await Supervisor(folder: "/nonexistent", launcher: launcher).run(resuming: false, stop: stop)
        #expect(exit == .signalled(SIGKILL))
        #expect(launcher.asked.withLock { $0 } == [.start])
    }

    @Test("a new run whose worker dies before its journal exists is an error, not a resume of the earlier run the folder held; that run's files are gone")
    func earlierRunIsNotAdopted() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for name in ["journal.jsonl", "run.json", "summary.md", "notes.txt"] {
            try Data("earlier run\n".utf8).write(to: URL(fileURLWithPath: folder + "/" + name))
        }
        let dying = ScriptedLauncher([.signalled(SIGKILL)])
        do {
            _ = try await Supervisor(folder: folder, launcher: dying).run(resuming: false)
            Issue.record("the earlier run's journal was taken for this run's")
        } catch {
            #expect(error.description == "the worker process died of SIGKILL before it started the run")
        }
        #expect(dying.asked.withLock { $0 } == [.start])
        let left = try FileManager.default.contentsOfDirectory(atPath: folder)
        #expect(left == ["notes.txt"], "only files that are not a run's are kept: \(left)")
    }

    /// A worker that never journals anything and never ends, until it is killed.
    final class StallingLauncher: WorkerLauncher {
        private let waiting = Mutex<CheckedContinuation<WorkerExit, Never>?>(nil)
        let terminations = Mutex(0)
        func launch(_ task: WorkerTask) async -> WorkerExit {
            await withCheckedContinuation { continuation in waiting.withLock { $0 = continuation } }
        }
        func terminate() {
            terminations.withLock { $0 += 1 }
            waiting.withLock {
                $0?.resume(returning: .signalled(SIGKILL))
                $0 = nil
            }
        }
    }

    @Test("a worker whose journal does not grow for the stall limit is killed, on the supervisor's clock")
    func stalledWorkerIsKilled() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)").path
        let clock = VirtualClock()
        let launcher = StallingLauncher()
        let supervisor = Supervisor(folder: folder, launcher: launcher, stallLimit: .seconds(7), clock: clock)
        let message = await clock.run {
            do throws(RunError) {
                _ = try await supervisor.run(resuming: true)
                return "no error"
            } catch {
                return error.description
            }
        }
        #expect(message == "the worker process died of SIGKILL before it started the run")
        #expect(launcher.terminations.withLock { $0 } == 1)
        #expect(clock.now > .seconds(7) && clock.now <= .milliseconds(7_500))
    }

    /// A worker that journals, is told to stop (a SIGINT), then dies of a trap; the next one exits as told.
    final class DyingWhileStopping: WorkerLauncher {
        let folder: String
        let stop: StopRequest
        let asked = Mutex<[WorkerTask]>([])
        init(folder: String, stop: StopRequest) {
            self.folder = folder
            self.stop = stop
        }
        func launch(_ task: WorkerTask) async -> WorkerExit {
            let first = asked.withLock { asked in
                asked.append(task)
                return asked.count == 1
            }
            guard first else { return .exited(130) }
            try? Data("{}\n".utf8).write(to: URL(fileURLWithPath: RunJournal.path(in: folder)))
            stop.request("SIGINT")
            return .signalled(SIGILL)
        }
    }

    @Test("a worker that dies while the run is being stopped leaves the reports to one last worker, which starts no trial")
    func stoppedAfterADeath() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("supervisor-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let stop = StopRequest()
        let launcher = DyingWhileStopping(folder: folder, stop: stop)
        let exit = try await Supervisor(folder: folder, launcher: launcher).run(resuming: false, stop: stop)
        #expect(exit == .exited(130))
        #expect(launcher.asked.withLock { $0 } == [.start, .report(reason: "SIGINT")])
    }
}
