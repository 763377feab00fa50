/// When to retry a failed call and how long to wait first: capped exponential backoff with jitter.
///
/// The policy is a pure value: randomness comes in as a `unit` number the caller draws from its own
/// (seeded) generator, so the same seed gives the same delays, and time comes from the agent's clock.
/// Defaults follow the common LLM SDK settings: 3 attempts, 200 ms doubling up to 20 s, full jitter,
/// and server `Retry-After` waits honoured up to 60 s.
public struct RetryPolicy: Sendable, Hashable {
    /// How a computed backoff is randomised, so that clients that failed together do not retry together.
    ///
    /// The variants are those of the AWS Architecture Blog post "Exponential Backoff and Jitter"
    /// (Marc Brooker, 2015), where `capped` is `min(maxDelay, initialDelay * multiplier^(retry-1))`.
    public enum Jitter: String, Sendable, Hashable, CaseIterable {
        /// Exactly `capped`: deterministic, and every client retries in lock-step.
        case none
        /// Uniform in `[0, capped)`: the best spread of load, at the price of sometimes retrying at once.
        case full
        /// Uniform in `[capped/2, capped)`: never shorter than half the backoff.
        case equal
    }

    /// Total attempts including the first one; `1` never retries. Default 3.
    public var maxAttempts: Int
    /// The backoff before the first retry, before jitter. Default 200 ms.
    public var initialDelay: Duration
    /// The factor each further retry multiplies the backoff by. Default 2. Non-finite or
    /// non-positive values are treated as 1 (a constant backoff).
    public var multiplier: Double
    /// The cap on any backoff, before and after jitter. Default 20 s. Does not cap a honoured `Retry-After`.
    public var maxDelay: Duration
    /// How the backoff is randomised. Default `.full`.
    public var jitter: Jitter
    /// The longest server-requested wait to honour. Default 60 s: the LLM SDKs ignore larger
    /// `Retry-After` values (a wait of hours is a quota, not a hiccup), and fall back to backoff.
    public var maxRetryAfter: Duration

    /// A policy with the documented defaults for every parameter left out.
    public init(
        maxAttempts: Int = 3,
        initialDelay: Duration = .milliseconds(200),
        multiplier: Double = 2,
        maxDelay: Duration = .seconds(20),
        jitter: Jitter = .full,
        maxRetryAfter: Duration = .seconds(60)
    ) {
        self.maxAttempts = maxAttempts
        self.initialDelay = initialDelay
        self.multiplier = multiplier
        self.maxDelay = maxDelay
        self.jitter = jitter
        self.maxRetryAfter = maxRetryAfter
    }

    /// Never retries: one attempt only.
    public static let none = RetryPolicy(maxAttempts: 1)

    /// The wait before retry number `retry` (1 = before the second attempt), with `unit` drawn uniformly from `[0, 1)`.
    ///
    /// Pure and total: for any `retry` up to `Int.max` the result lies in `[0, maxDelay]` (the
    /// exponent is computed in `Double` by squaring, so it saturates to infinity and is capped
    /// before any conversion, never overflowing or producing NaN). A `retry` below 1 counts as 1;
    /// a `unit` outside `[0, 1)` (or NaN) is clamped into it. A negative `initialDelay` or
    /// `maxDelay` gives zero.
    public func backoff(beforeRetry retry: Int, unit: Double) -> Duration {
        let capNanoseconds = Self.nanoseconds(maxDelay)
        let baseNanoseconds = Self.nanoseconds(initialDelay)
        guard capNanoseconds > 0, baseNanoseconds > 0 else { return .zero }
        let factor = Self.power(multiplier.isFinite && multiplier > 0 ? multiplier : 1, max(retry, 1) - 1)
        let exponential = baseNanoseconds * factor  // finite or +infinity: both operands are positive.
        let capped = exponential < capNanoseconds ? exponential : capNanoseconds
        let u = unit.isNaN || unit < 0 ? 0 : min(unit, 1.0.nextDown)
        let jittered: Double
        switch jitter {
        case .none:
            if capped >= capNanoseconds { return maxDelay }  // Exact, whatever maxDelay's precision.
            jittered = capped
        case .full:
            jittered = capped * u
        case .equal:
            jittered = capped / 2 + capped / 2 * u
        }
        return min(max(Self.duration(nanoseconds: jittered, orElse: maxDelay), .zero), maxDelay)
    }

    /// The wait before retry number `retry`: the server's `retryAfter` when it is at most `maxRetryAfter`, else `backoff`.
    ///
    /// A honoured `retryAfter` is used as-is (negative values become zero), even above `maxDelay`:
    /// the server knows when its quota resets. One above `maxRetryAfter` is ignored, not capped
    /// (`maxRetryAfter` itself is honoured), and `nil` (no hint) falls back to `backoff` as well.
    public func delay(beforeRetry retry: Int, retryAfter: Duration?, unit: Double) -> Duration {
        if let retryAfter, retryAfter <= maxRetryAfter {
            return max(retryAfter, .zero)
        }
        return backoff(beforeRetry: retry, unit: unit)
    }

    /// Whether to try again after attempt number `attempt` (1-based) failed with `errorClass`.
    ///
    /// False when `attempt >= maxAttempts`, when the class is not retryable (so an open breaker's
    /// `circuit_open` rejection, a permanent error, is never retried), or when the operation is not
    /// idempotent: a write without an idempotency key that timed out may already have been applied,
    /// and retrying it risks applying it twice.
    public func shouldRetry(_ errorClass: ErrorClass, attempt: Int, isIdempotent: Bool) -> Bool {
        attempt < maxAttempts && errorClass.isRetryable && isIdempotent
    }

    // MARK: Arithmetic

    /// `base^exponent` by repeated squaring: at most 63 steps, saturating at 0 or +infinity.
    private static func power(_ base: Double, _ exponent: Int) -> Double {
        var result = 1.0, square = base, remaining = exponent
        while remaining > 0 {
            if remaining & 1 == 1 { result *= square }
            remaining >>= 1
            if remaining > 0 { square *= square }
        }
        return result
    }

    private static func nanoseconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
    }

    /// `nanoseconds` (finite, non-negative) rounded to a whole nanosecond, or `fallback` when too large for `Duration`.
    private static func duration(nanoseconds: Double, orElse fallback: Duration) -> Duration {
        guard nanoseconds.isFinite else { return fallback }
        let rounded = nanoseconds.rounded()
        let seconds = (rounded / 1e9).rounded(.down)
        guard seconds < 9.0e18 else { return fallback }
        let remainder = max(0, min(rounded - seconds * 1e9, 999_999_999))
        return .seconds(Int64(seconds)) + .nanoseconds(Int64(remainder))
    }
}
