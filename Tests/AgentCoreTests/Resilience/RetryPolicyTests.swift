import AgentCore
import Testing

@Suite struct RetryPolicyTests {
    static let almostOne = 1.0.nextDown

    @Test("Defaults: 3 attempts, 200 ms doubling to 20 s, full jitter, Retry-After up to 60 s")
    func defaults() {
        let policy = RetryPolicy()
        #expect(policy.maxAttempts == 3)
        #expect(policy.initialDelay == .milliseconds(200))
        #expect(policy.multiplier == 2)
        #expect(policy.maxDelay == .seconds(20))
        #expect(policy.jitter == .full)
        #expect(policy.maxRetryAfter == .seconds(60))
        #expect(RetryPolicy.none.maxAttempts == 1)
        #expect(RetryPolicy.none == RetryPolicy(maxAttempts: 1))
    }

    @Test("Without jitter the backoff doubles from 200 ms and stops at the cap")
    func exactBackoff() {
        let policy = RetryPolicy(jitter: .none)
        let delays = (1...10).map { policy.backoff(beforeRetry: $0, unit: 0.5) }
        #expect(delays == [200, 400, 800, 1_600, 3_200, 6_400, 12_800, 20_000, 20_000, 20_000].map { .milliseconds($0) })
    }

    @Test("Without jitter a non-power-of-two multiplier still lands on whole nanoseconds")
    func otherMultiplier() {
        let policy = RetryPolicy(initialDelay: .milliseconds(100), multiplier: 1.5, maxDelay: .seconds(1), jitter: .none)
        let delays = (1...7).map { policy.backoff(beforeRetry: $0, unit: 0) }
        #expect(delays == [100, 150, 225, 337.5, 506.25, 759.375, 1_000].map { .nanoseconds(Int64($0 * 1_000_000)) })
    }

    @Test("Full jitter spans zero up to the capped exponential")
    func fullJitterBounds() {
        let policy = RetryPolicy(jitter: .full)
        #expect(policy.backoff(beforeRetry: 1, unit: 0) == .zero)
        #expect(policy.backoff(beforeRetry: 1, unit: 0.5) == .milliseconds(100))
        #expect(policy.backoff(beforeRetry: 3, unit: 0.25) == .milliseconds(200))
        let high = policy.backoff(beforeRetry: 3, unit: Self.almostOne)
        #expect(high <= .milliseconds(800) && high > .milliseconds(799))
        #expect(policy.backoff(beforeRetry: 20, unit: 0) == .zero)
        let capped = policy.backoff(beforeRetry: 20, unit: Self.almostOne)
        #expect(capped <= .seconds(20) && capped > .milliseconds(19_999))
    }

    @Test("Equal jitter spans half the capped exponential up to all of it")
    func equalJitterBounds() {
        let policy = RetryPolicy(jitter: .equal)
        #expect(policy.backoff(beforeRetry: 1, unit: 0) == .milliseconds(100))
        #expect(policy.backoff(beforeRetry: 1, unit: 0.5) == .milliseconds(150))
        let high = policy.backoff(beforeRetry: 3, unit: Self.almostOne)
        #expect(high <= .milliseconds(800) && high > .milliseconds(799))
        #expect(policy.backoff(beforeRetry: 20, unit: 0) == .seconds(10))
        let capped = policy.backoff(beforeRetry: 20, unit: Self.almostOne)
        #expect(capped <= .seconds(20) && capped > .milliseconds(19_999))
    }

    @Test("Backoff at retry 1,000 and beyond stays finite, positive and within the cap", arguments: [
        RetryPolicy.Jitter.none, .full, .equal,
    ])
    func hugeRetries(jitter: RetryPolicy.Jitter) {
        for multiplier in [2.0, 1.5, 10, 1e300, .greatestFiniteMagnitude] {
            let policy = RetryPolicy(multiplier: multiplier, jitter: jitter)
            for retry in [64, 1_000, 1_025, 1_000_000, Int.max - 1, Int.max] {
                for unit in [0, 0.5, Self.almostOne] {
                    let delay = policy.backoff(beforeRetry: retry, unit: unit)
                    let label = "multiplier \(multiplier), retry \(retry), unit \(unit)"
                    #expect(delay >= .zero && delay <= .seconds(20), "\(label)")
                    switch jitter {
                    case .none: #expect(delay == .seconds(20), "\(label)")
                    case .equal: #expect(delay >= .seconds(10), "\(label)")
                    case .full: if unit == 0.5 { #expect(delay == .seconds(10), "\(label)") }
                    }
                }
            }
        }
    }

    @Test("A huge cap does not overflow either")
    func hugeCap() {
        let policy = RetryPolicy(maxDelay: .seconds(Int64.max), jitter: .none)
        #expect(policy.backoff(beforeRetry: .max, unit: 0) == .seconds(Int64.max))
        #expect(policy.backoff(beforeRetry: 11, unit: 0) == .milliseconds(204_800))
        let full = RetryPolicy(maxDelay: .seconds(Int64.max), jitter: .full)
        let delay = full.backoff(beforeRetry: .max, unit: 0.5)
        #expect(delay > .zero && delay <= .seconds(Int64.max))
    }

    @Test("Out-of-range inputs are clamped, never trapping")
    func clampedInputs() {
        let none = RetryPolicy(jitter: .none)
        #expect(none.backoff(beforeRetry: 0, unit: 0) == .milliseconds(200))
        #expect(none.backoff(beforeRetry: .min, unit: 0) == .milliseconds(200))
        for multiplier in [Double.nan, .infinity, -.infinity, 0, -2, 1] {
            let constant = RetryPolicy(multiplier: multiplier, jitter: .none)
            #expect(constant.backoff(beforeRetry: 50, unit: 0) == .milliseconds(200), "\(multiplier)")
        }
        let full = RetryPolicy(jitter: .full)
        for unit in [Double.nan, -1, -.infinity, 1, 5, .infinity] {
            let delay = full.backoff(beforeRetry: 2, unit: unit)
            #expect(delay >= .zero && delay <= .milliseconds(400), "\(unit)")
        }
        #expect(full.backoff(beforeRetry: 2, unit: .nan) == .zero)
        #expect(full.backoff(beforeRetry: 2, unit: 1) > .milliseconds(399))
        #expect(RetryPolicy(initialDelay: .zero).backoff(beforeRetry: 5, unit: 0.5) == .zero)
        #expect(RetryPolicy(initialDelay: .seconds(-1)).backoff(beforeRetry: 5, unit: 0.5) == .zero)
        #expect(RetryPolicy(maxDelay: .seconds(-1), jitter: .none).backoff(beforeRetry: 5, unit: 0.5) == .zero)
    }

    @Test("A multiplier below one shrinks the backoff towards zero, never below")
    func shrinking() {
        let policy = RetryPolicy(initialDelay: .milliseconds(200), multiplier: 0.5, jitter: .none)
        #expect((1...3).map { policy.backoff(beforeRetry: $0, unit: 0) } == [200, 100, 50].map { .milliseconds($0) })
        #expect(policy.backoff(beforeRetry: .max, unit: 0) == .zero)
    }

    @Test("A Retry-After within maxRetryAfter is used as-is, even above maxDelay", arguments: [
        Duration.zero, .milliseconds(1), .seconds(45), .seconds(60),
    ])
    func retryAfterHonoured(retryAfter: Duration) {
        let policy = RetryPolicy(jitter: .none)
        #expect(policy.delay(beforeRetry: 1, retryAfter: retryAfter, unit: 0.5) == retryAfter)
        #expect(policy.delay(beforeRetry: 1_000, retryAfter: retryAfter, unit: 0.5) == retryAfter)
    }

    @Test("A Retry-After above maxRetryAfter is ignored, not capped")
    func retryAfterIgnored() {
        let policy = RetryPolicy(jitter: .none)
        #expect(policy.delay(beforeRetry: 1, retryAfter: .seconds(60) + .nanoseconds(1), unit: 0) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 2, retryAfter: .seconds(3_600), unit: 0) == .milliseconds(400))
        #expect(policy.delay(beforeRetry: 9, retryAfter: .seconds(Int64.max), unit: 0) == .seconds(20))
    }

    @Test("No Retry-After falls back to the backoff, and a negative one means now")
    func retryAfterNilAndNegative() {
        let policy = RetryPolicy(jitter: .equal)
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, unit: 0) == .milliseconds(200))
        #expect(policy.delay(beforeRetry: 2, retryAfter: nil, unit: 0.5) == policy.backoff(beforeRetry: 2, unit: 0.5))
        #expect(policy.delay(beforeRetry: 2, retryAfter: .seconds(-5), unit: 0.5) == .zero)
    }

    @Test("shouldRetry: only retryable classes, idempotent operations and attempts below the maximum", arguments: [
        (ErrorClass.transient, 1, true, true), (.transient, 2, true, true), (.transient, 3, true, false),
        (.transient, 4, true, false), (.rateLimited, 1, true, true), (.timeout, 2, true, true),
        (.transient, 1, false, false), (.rateLimited, 1, false, false), (.timeout, 1, false, false),
        (.malformed, 1, true, false), (.permanent, 1, true, false), (.permission, 1, true, false),
        (.contextLength, 1, true, false), (.contentFilter, 1, true, false),
    ])
    func shouldRetry(errorClass: ErrorClass, attempt: Int, isIdempotent: Bool, expected: Bool) {
        #expect(RetryPolicy().shouldRetry(errorClass, attempt: attempt, isIdempotent: isIdempotent) == expected)
    }

    @Test("The none policy never retries", arguments: ErrorClass.allCases)
    func noneNeverRetries(errorClass: ErrorClass) {
        #expect(!RetryPolicy.none.shouldRetry(errorClass, attempt: 1, isIdempotent: true))
        #expect(!RetryPolicy(maxAttempts: 0).shouldRetry(errorClass, attempt: 1, isIdempotent: true))
    }

    @Test("A larger maxAttempts allows exactly that many attempts in all")
    func attemptCount() {
        let policy = RetryPolicy(maxAttempts: 5)
        var attempts = 1
        while policy.shouldRetry(.transient, attempt: attempts, isIdempotent: true) { attempts += 1 }
        #expect(attempts == 5)
    }
}
