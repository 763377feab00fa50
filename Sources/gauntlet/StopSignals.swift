import Dispatch
import Foundation
import Gauntlet

/// Turns SIGINT and SIGTERM into a `StopRequest` while a run is going: the first asks the run to
/// stop after the trials in flight; a second of the same kind ends the process at once (its
/// default action), which loses nothing the journal holds.
final class StopSignals {
    private var sources: [DispatchSourceSignal] = []
    private let watched: [(number: Int32, name: String)] = [(SIGINT, "SIGINT"), (SIGTERM, "SIGTERM")]

    /// Starts watching; `stop` receives the first signal's name.
    init(stop: StopRequest) {
        for (number, name) in watched {
            // Ignored as a process signal so that only the source sees it.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                stop.request(name)
                signal(number, SIG_DFL)
                Console.error("\ngauntlet: \(name): starting no new trial; finishing the ones in flight, then writing the reports (\(name) again quits at once; finished trials are kept in the journal)\n")
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
