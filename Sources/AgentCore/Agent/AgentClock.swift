/// The agent's only source of time.
///
/// Production passes `SystemClock`; a harness passes a virtual clock whose sleeps advance time
/// instantly, so hours of simulated waiting cost no wall-clock time.
public protocol AgentClock: Sendable {
    /// Time elapsed since the clock's origin.
    var now: Duration { get }
    /// Waits for `duration` (or, on a virtual clock, advances by it).
    func sleep(for duration: Duration) async throws
}

/// Wall-clock time, for agents running for real.
public struct SystemClock: AgentClock {
    private let origin = ContinuousClock.now

    public init() {}

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
