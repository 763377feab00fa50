import AgentCore
import Synchronization

/// A virtual clock: `sleep(for:)` advances `now` at once, so tests never wait.
final class TestClock: AgentClock {
    private let current: Mutex<Duration>

    init(now: Duration = .zero) {
        current = Mutex(now)
    }

    var now: Duration { current.withLock { $0 } }

    func sleep(for duration: Duration) async throws {
        advance(by: duration)
    }

    /// Moves time forward without an `await`.
    func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }
}
