import Dispatch
import Foundation
import Gauntlet

/// Turns SIGINT and SIGTERM into a `StopRequest` while a run is going: the first asks the run to
/// stop after the trials in flight; a second of the same kind ends it at once, which loses
/// nothing the journal holds.
final class StopSignals {
    /// What a signal does besides asking the run to stop.
    enum Role {
        /// The process runs the trials: a second signal ends it (its default action).
        case runner
        /// The process supervises a worker: each signal goes on to the worker, a second one as
        /// SIGKILL.
        case supervisor(forward: @Sendable (_ signal: Int32) -> Void)
        /// The process is a worker: its supervisor decides; every signal only asks to stop, and
        /// nothing is printed (the supervisor does).
        case worker
    }

    private var sources: [DispatchSourceSignal] = []
    private let watched: [(number: Int32, name: String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]

    /// Starts watching; `stop` receives the first signal's name.
    init(stop: StopRequest, role: Role) {
        for (number, name) in watched {
            // Ignored as a process signal so that only the source sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            let received = RepeatCounter()
            source.setEventHandler {
                stop.request(name)
                // Signals that arrive together come as one event with a count.
                let before = received.add(max(1, Int(source.data)))
                let first = before == 0
                let again = before + max(1, Int(source.data)) >= 2
                switch role {
                case .runner:
                    signal(number, SIG_DFL)
                    if again { kill(getpid(), number) }
                case .supervisor(let forward):
                    forward(again ? SIGKILL : number)
                case .worker:
                    return
                }
                if first {
                    Console.error("\ngauntlet: \(name): starting no new trial; finishing the ones in flight, then writing the reports (\(name) again quits at once; finished trials are kept in the journal)\n")
                }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Stops watching and gives the signals their default action back.
    func cancel() {
        for source in sources { source.cancel() }
        sources = []
        for (number, _) in watched { signal(number, SIG_DFL) }
    }
}
