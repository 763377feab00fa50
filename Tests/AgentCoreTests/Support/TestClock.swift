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

    /// Runs the operation to its end, then judges the deadline: with sleeps that only advance
    /// `now`, racing a sleep against the operation would measure nothing.
    func withTimeout<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let start = now
        let value = try await operation()
        if now - start > limit { throw TimeoutError(limit: limit) }
        return value
    }

    /// Moves time forward without an `await`.
    func advance(by duration: Duration) {
        current.withLock { $0 += duration }
    }
}
