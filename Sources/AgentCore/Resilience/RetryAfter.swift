/// The wait a rate-limited server asks for, in the forms real providers send it.
///
/// Providers disagree: some send milliseconds in the body (`retry_after_ms`), most send an HTTP
/// `Retry-After` header holding delta-seconds or an HTTP date. The agent keeps the raw form and
/// turns it into a `Duration` only when it needs one, against its own "now", so a virtual clock can
/// drive dates deterministically. A server that sends nothing is `nil` at the call site (`RetryAfter?`).
///
/// The value is advice: `RetryPolicy.delay(beforeRetry:retryAfter:unit:)` ignores waits over its
/// `maxRetryAfter`, as the LLM SDKs do.
public enum RetryAfter: Sendable, Hashable {
    /// A wait in milliseconds, as in a `retry_after_ms` body field or a `retry-after-ms` header.
    case milliseconds(Int64)
    /// A raw HTTP `Retry-After` header value: delta-seconds (`"120"`, or leniently `"1.5"`) or an
    /// IMF-fixdate (`"Wed, 25 Nov 2026 02:00:30 GMT"`).
    case header(String)

    /// The wait from `now`, or `nil` when the value is unparseable, negative or a date already past.
    ///
    /// - Milliseconds: negative values are `nil`; zero means "retry now".
    /// - Delta-seconds: ASCII digits with an optional fraction (`"1.5"`, at least one digit each side
    ///   of the point, precision beyond nanoseconds truncated); no sign, exponent or unit. Spaces and
    ///   tabs around the value are ignored, as HTTP allows. Values too large for `Int64` seconds
    ///   saturate at `Int64.max` seconds rather than failing: an absurdly large wait is still a
    ///   wait, and the retry policy's `maxRetryAfter` decides to ignore it.
    /// - HTTP date: see `HTTPInstant.init?(imfFixdate:)`. A date equal to `now` is a zero wait; one
    ///   before `now` is `nil`, because a stale date says nothing about when to come back.
    public func delay(now: HTTPInstant) -> Duration? {
        switch self {
        case .milliseconds(let milliseconds):
            return milliseconds < 0 ? nil : .milliseconds(milliseconds)
        case .header(let value):
            let trimmed = RetryAfter.trimmingWhitespace(value)
            guard let first = trimmed.first else { return nil }
            if first.isASCII, first.isNumber {
                return RetryAfter.deltaSeconds(trimmed)
            }
            guard let date = HTTPInstant(imfFixdate: String(trimmed)) else { return nil }
            let wait = date.sinceEpoch - now.sinceEpoch
            return wait < .zero ? nil : wait
        }
    }

    /// HTTP optional whitespace (spaces and horizontal tabs) removed from both ends.
    private static func trimmingWhitespace(_ value: String) -> Substring {
        let isWhitespace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = value.firstIndex(where: { !isWhitespace($0) }),
              let end = value.lastIndex(where: { !isWhitespace($0) })
        else { return "" }
        return value[start...end]
    }

    /// Parses `DIGITS` or `DIGITS.DIGITS` as seconds.
    private static func deltaSeconds(_ text: Substring) -> Duration? {
        let parts = text.utf8.split(separator: UInt8(ascii: "."), maxSplits: 1, omittingEmptySubsequences: false)
        guard let whole = parts.first, !whole.isEmpty, whole.allSatisfy(isDigit) else { return nil }
        let fraction = parts.count == 2 ? parts[1] : whole[whole.endIndex...]
        guard parts.count == 1 || (!fraction.isEmpty && fraction.allSatisfy(isDigit)) else { return nil }
        var seconds: Int64 = 0
        for byte in whole {
            let (times10, overflow1) = seconds.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(Int64(byte - UInt8(ascii: "0")))
            if overflow1 || overflow2 { return .seconds(Int64.max) }
            seconds = sum
        }
        var nanoseconds: Int64 = 0
        var scale: Int64 = 100_000_000
        for byte in fraction where scale > 0 {
            nanoseconds += Int64(byte - UInt8(ascii: "0")) * scale
            scale /= 10
        }
        return .seconds(seconds) + .nanoseconds(nanoseconds)
    }

    private static func isDigit(_ byte: UInt8) -> Bool {
        byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
    }
}
