import Synchronization

/// Asks a run to stop early: no new trial starts, the ones in flight finish, and the reports are
/// written for what is done, marked incomplete. Whoever receives SIGINT or SIGTERM sets it.
public final class StopRequest: Sendable {
    private let reason = Mutex<String?>(nil)

    public init() {}

    /// Asks the run to stop; `why` (such as `SIGINT`) is recorded in the report. The first call wins.
    public func request(_ why: String) {
        reason.withLock { current in
            if current == nil { current = why }
        }
    }

    /// Why the run was asked to stop, or nil while it was not.
    public var requested: String? {
        reason.withLock { $0 }
    }
}
