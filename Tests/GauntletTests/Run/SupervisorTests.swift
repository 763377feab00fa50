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
}
