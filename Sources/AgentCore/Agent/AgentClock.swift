import Foundation

/// The agent's only source of time.
///
/// Production passes `SystemClock`; a harness passes a virtual clock whose sleeps advance time
/// instantly, so hours of simulated waiting cost no wall-clock time.
public protocol AgentClock: Sendable {
    /// Time elapsed since the clock's origin.
    var now: Duration { get }
    /// Waits for `duration` (or, on a virtual clock, advances by it).
    func sleep(for duration: Duration) async throws
    /// The calendar date of this clock's zero, for reading HTTP dates such as `Retry-After`;
    /// `nil` when the clock has none.
    var epoch: HTTPInstant? { get }
    /// Runs `operation`, throwing `TimeoutError` if it has not finished within `limit`. The
    /// operation is cancelled at the deadline, and this returns only once it has stopped.
    func withTimeout<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value
}

/// An operation that did not finish within its time limit.
public struct TimeoutError: Error, Sendable, Hashable, CustomStringConvertible {
    public var limit: Duration

    public init(limit: Duration) {
        self.limit = limit
    }

    public var description: String { "no answer within \(limit.milliseconds) ms" }
}

extension AgentClock {
    public var epoch: HTTPInstant? { nil }

    /// The calendar date now, when the clock knows its epoch.
    public var date: HTTPInstant? { epoch?.advanced(by: now) }

    /// Races the operation against a sleep on this clock; for clocks whose sleeps really wait.
    public func withTimeout<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        try await withThrowingTaskGroup(of: Value?.self) { group in
            group.addTask { try await operation() }
            group.addTask {
                try await self.sleep(for: limit)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw TimeoutError(limit: limit) }
            return value
        }
    }
}

/// Wall-clock time, for agents running for real.
public struct SystemClock: AgentClock {
    private let origin = ContinuousClock.now
    public let epoch: HTTPInstant?

    public init() {
        // The wall-clock date at the moment this clock's zero was taken.
        epoch = HTTPInstant(sinceEpoch: .nanoseconds(Int64(Date().timeIntervalSince1970 * 1_000_000_000)))
    }

    public var now: Duration { ContinuousClock.now - origin }

    public func sleep(for duration: Duration) async throws {
        try await ContinuousClock().sleep(for: duration)
    }
}

extension Duration {
    /// The duration in whole milliseconds, rounded down.
    public var milliseconds: Int64 {
        let (seconds, attoseconds) = components
        let perMillisecond: Int64 = 1_000_000_000_000_000
        // Floor division, so that negative durations round down too.
        let (quotient, remainder) = attoseconds.quotientAndRemainder(dividingBy: perMillisecond)
        return seconds * 1000 + quotient - (remainder < 0 ? 1 : 0)
    }
}
