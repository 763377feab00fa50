import AgentCore
import Testing

@Suite struct RetryAfterTests {
    /// A harness maps virtual time zero to this instant: 2026-11-25T02:00:00Z.
    static let epoch = HTTPInstant(secondsSince1970: 1_795_572_000)

    @Test("Milliseconds are used as given", arguments: [
        (Int64(0), Duration.zero), (1, .milliseconds(1)), (1_500, .milliseconds(1_500)), (60_000, .seconds(60)),
    ])
    func milliseconds(value: Int64, expected: Duration) {
        #expect(RetryAfter.milliseconds(value).delay(now: Self.epoch) == expected)
    }

    @Test("Negative milliseconds are no wait at all")
    func negativeMilliseconds() {
        #expect(RetryAfter.milliseconds(-1).delay(now: Self.epoch) == nil)
        #expect(RetryAfter.milliseconds(.min).delay(now: Self.epoch) == nil)
    }

    @Test("Delta-seconds, whole or decimal, with optional whitespace", arguments: [
        ("120", Duration.seconds(120)), ("0", .zero), ("007", .seconds(7)), (" 5\t", .seconds(5)),
        ("1.5", .milliseconds(1_500)), ("0.25", .milliseconds(250)), ("2.000000001", .seconds(2) + .nanoseconds(1)),
        ("2.0000000019", .seconds(2) + .nanoseconds(1)), ("3.000", .seconds(3)),
    ])
    func deltaSeconds(header: String, expected: Duration) {
        #expect(RetryAfter.header(header).delay(now: Self.epoch) == expected)
    }

    @Test("An HTTP date in the future is the time until it, from a virtual now")
    func futureDate() {
        let header = RetryAfter.header("Wed, 25 Nov 2026 02:00:30 GMT")
        #expect(header.delay(now: Self.epoch) == .seconds(30))
        #expect(header.delay(now: Self.epoch.advanced(by: .milliseconds(250))) == .milliseconds(29_750))
        #expect(header.delay(now: Self.epoch.advanced(by: .seconds(30))) == .zero)
        #expect(RetryAfter.header("  Wed, 25 Nov 2026 02:00:30 GMT ").delay(now: Self.epoch) == .seconds(30))
    }

    @Test("An HTTP date in the past is no wait at all")
    func pastDate() {
        let header = RetryAfter.header("Wed, 25 Nov 2026 02:00:30 GMT")
        #expect(header.delay(now: Self.epoch.advanced(by: .seconds(30) + .nanoseconds(1))) == nil)
        #expect(RetryAfter.header("Sun, 06 Nov 1994 08:49:37 GMT").delay(now: Self.epoch) == nil)
    }

    @Test("A date a harness formats from virtual time reads back as the same wait")
    func harnessRoundTrip() throws {
        let retryAt = Self.epoch.advanced(by: .seconds(42))
        let text = try #require(HTTPInstant.imfFixdate(secondsSince1970: retryAt.secondsSince1970))
        #expect(RetryAfter.header(text).delay(now: Self.epoch.advanced(by: .seconds(2))) == .seconds(40))
    }

    @Test("An absent Retry-After gives no delay, so the policy falls back to backoff")
    func absent() {
        let retryAfter: RetryAfter? = nil
        let delay = retryAfter?.delay(now: Self.epoch)
        #expect(delay == nil)
        let policy = RetryPolicy(jitter: .none)
        #expect(policy.delay(beforeRetry: 2, retryAfter: delay, unit: 0.5) == .milliseconds(400))
    }

    @Test("Garbage is no wait at all", arguments: [
        "", "   ", "abc", "-5", "+5", "1e3", "1.", ".5", "1.2.3", "12 s", "12s", "5 5", "0x10", "NaN", "inf",
        "١٢", "１２", "1,5", "Wed, 25 Nov 2026", "Wed, 32 Nov 2026 02:00:30 GMT", "Tomorrow",
    ])
    func garbage(header: String) {
        #expect(RetryAfter.header(header).delay(now: Self.epoch) == nil)
    }

    @Test("Huge values saturate instead of overflowing, and the policy then ignores them")
    func huge() {
        let policy = RetryPolicy(jitter: .none)
        let cases: [(RetryAfter, Duration)] = [
            (.milliseconds(.max), .milliseconds(Int64.max)),
            (.header("9223372036854775807"), .seconds(Int64.max)),
            (.header("9223372036854775808"), .seconds(Int64.max)),
            (.header("99999999999999999999999999999999.5"), .seconds(Int64.max)),
            (.header("86400"), .seconds(86_400)),
            (.header("Fri, 31 Dec 9999 23:59:59 GMT"), .seconds(253_402_300_799 - 1_795_572_000)),
        ]
        for (retryAfter, expected) in cases {
            let delay = retryAfter.delay(now: Self.epoch)
            #expect(delay == expected, "\(retryAfter)")
            #expect(policy.delay(beforeRetry: 1, retryAfter: delay, unit: 0) == .milliseconds(200), "\(retryAfter)")
        }
    }
}
