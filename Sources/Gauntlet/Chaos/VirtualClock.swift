import AgentCore
import Synchronization

/// A per-trial clock whose sleeps advance time at once: simulated latency, backoff and timeouts
/// cost no wall-clock time, and every trial sees the same times on every run.
public final class VirtualClock: AgentClock {
    private let current: Mutex<Duration>

    /// A clock that starts at `start` (zero by default).
    public init(start: Duration = .zero) {
        current = Mutex(start)
    }

    public var now: Duration { current.withLock { $0 } }

    /// Advances the clock by `duration` and returns at once; honours cancellation.
    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        advance(by: duration)
    }

    /// Moves time forward without anyone sleeping.
    public func advance(by duration: Duration) {
        guard duration > .zero else { return }
        current.withLock { $0 += duration }
    }
}
