/// A point in calendar time, as time since 1970-01-01T00:00:00Z, so HTTP dates can be compared with "now".
///
/// AgentCore's clock only measures time since an origin (`AgentClock.now`); an HTTP `Retry-After`
/// date is calendar time. A harness with a virtual clock maps its virtual zero to a fixed epoch,
/// `HTTPInstant(secondsSince1970: epoch).advanced(by: clock.now)`, so that dates it writes into
/// headers and the agent's notion of "now" agree, deterministically. Leap seconds are ignored, as in
/// POSIX time.
public struct HTTPInstant: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Time since 1970-01-01T00:00:00Z; negative before it. Sub-second precision is kept.
    public var sinceEpoch: Duration

    /// The instant `seconds` whole seconds after 1970-01-01T00:00:00Z.
    public init(secondsSince1970 seconds: Int64) {
        sinceEpoch = .seconds(seconds)
    }

    /// The instant `sinceEpoch` after 1970-01-01T00:00:00Z.
    public init(sinceEpoch: Duration) {
        self.sinceEpoch = sinceEpoch
    }

    /// Whole seconds since 1970, rounded down (so half a second before the epoch is -1).
    public var secondsSince1970: Int64 {
        let (seconds, attoseconds) = sinceEpoch.components
        return attoseconds < 0 ? seconds - 1 : seconds
    }

    /// This instant moved by `duration` (for example a virtual clock's `now`).
    public func advanced(by duration: Duration) -> HTTPInstant {
        HTTPInstant(sinceEpoch: sinceEpoch + duration)
    }

    public static func < (lhs: HTTPInstant, rhs: HTTPInstant) -> Bool {
        lhs.sinceEpoch < rhs.sinceEpoch
    }

    /// The instant as an IMF-fixdate, or its seconds since 1970 when the year is outside 1...9999.
    public var description: String {
        HTTPInstant.imfFixdate(secondsSince1970: secondsSince1970) ?? "\(secondsSince1970)s since 1970"
    }

    // MARK: IMF-fixdate

    private static let dayNames = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]  // 1970-01-01 was a Thursday.
    private static let monthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
    private static let secondsPerDay: Int64 = 86_400
    /// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range a four-digit year can spell.
    private static let earliest: Int64 = -62_135_596_800
    private static let latest: Int64 = 253_402_300_799

    /// Formats whole seconds since 1970 as an HTTP IMF-fixdate such as `Wed, 25 Nov 2026 02:00:30 GMT`.
    ///
    /// Harnesses use it to write `Retry-After` dates. Returns `nil` for years outside 1...9999, which
    /// the format's four-digit year cannot spell.
    public static func imfFixdate(secondsSince1970 seconds: Int64) -> String? {
        guard seconds >= earliest, seconds <= latest else { return nil }
        let (days, secondOfDay) = floorDivide(seconds, by: secondsPerDay)
        let (year, month, day) = civil(fromDays: days)
        let weekday = Int(floorDivide(days, by: 7).remainder)
        let hour = secondOfDay / 3600, minute = secondOfDay % 3600 / 60, second = secondOfDay % 60
        return "\(dayNames[weekday]), \(pad(day, 2)) \(monthNames[month - 1]) \(pad(year, 4)) "
            + "\(pad(hour, 2)):\(pad(minute, 2)):\(pad(second, 2)) GMT"
    }

    /// Parses an IMF-fixdate (RFC 9110 §5.6.7), the only date format HTTP senders may generate.
    ///
    /// Strict, because a `nil` only makes the caller fall back to its own backoff: exactly
    /// `Wed, 25 Nov 2026 02:00:30 GMT` (case-sensitive names, two-digit day, `GMT`), a real calendar
    /// date, a weekday that matches it, hours 00–23, minutes 00–59 and seconds 00–60 (a leap second
    /// counts as the next minute's first). The obsolete RFC 850 and asctime formats are rejected.
    /// Surrounding spaces and tabs are not accepted here; `RetryAfter` trims them first.
    public init?(imfFixdate text: String) {
        let bytes = Array(text.utf8)
        // "Www, DD Mmm YYYY HH:MM:SS GMT" is 29 bytes.
        guard bytes.count == 29,
              bytes[3] == UInt8(ascii: ","), bytes[4] == UInt8(ascii: " "), bytes[7] == UInt8(ascii: " "),
              bytes[11] == UInt8(ascii: " "), bytes[16] == UInt8(ascii: " "), bytes[19] == UInt8(ascii: ":"),
              bytes[22] == UInt8(ascii: ":"), bytes[25] == UInt8(ascii: " "),
              String(decoding: bytes[26..<29], as: UTF8.self) == "GMT",
              let weekday = HTTPInstant.dayNames.firstIndex(of: String(decoding: bytes[0..<3], as: UTF8.self)),
              let monthIndex = HTTPInstant.monthNames.firstIndex(of: String(decoding: bytes[8..<11], as: UTF8.self)),
              let day = HTTPInstant.digits(bytes[5..<7]), let year = HTTPInstant.digits(bytes[12..<16]),
              let hour = HTTPInstant.digits(bytes[17..<19]), let minute = HTTPInstant.digits(bytes[20..<22]),
              let second = HTTPInstant.digits(bytes[23..<25])
        else { return nil }
        let month = monthIndex + 1
        guard year >= 1, day >= 1, day <= HTTPInstant.daysIn(month: month, year: year),
              hour <= 23, minute <= 59, second <= 60
        else { return nil }
        let days = HTTPInstant.days(fromCivil: year, month, day)
        guard Int(HTTPInstant.floorDivide(days, by: 7).remainder) == weekday else { return nil }
        let seconds = days * HTTPInstant.secondsPerDay + Int64(hour * 3600 + minute * 60 + second)
        self.init(secondsSince1970: seconds)
    }

    // MARK: Calendar arithmetic (proleptic Gregorian, after H. Hinnant's `days_from_civil`)

    private static func floorDivide(_ value: Int64, by divisor: Int64) -> (quotient: Int64, remainder: Int64) {
        let (quotient, remainder) = value.quotientAndRemainder(dividingBy: divisor)
        return remainder < 0 ? (quotient - 1, remainder + divisor) : (quotient, remainder)
    }

    private static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date.
    private static func days(fromCivil year: Int, _ month: Int, _ day: Int) -> Int64 {
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = floorDivide(y, by: 400).quotient
        let yearOfEra = y - era * 400
        let monthFromMarch = Int64(month > 2 ? month - 3 : month + 9)
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date `days` after 1970-01-01.
    private static func civil(fromDays days: Int64) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468
        let era = floorDivide(shifted, by: 146_097).quotient
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthFromMarch = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    private static func digits(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int(byte - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: some BinaryInteger, _ width: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: max(0, width - text.count)) + text
    }
}
