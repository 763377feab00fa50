import AgentCore
import Testing

@Suite struct HTTPInstantTests {
    /// Seconds since 1970 and their IMF-fixdate, computed independently (Python's `email.utils.formatdate`).
    static let oracle: [(Int64, String)] = [
        (0, "Thu, 01 Jan 1970 00:00:00 GMT"),
        (-1, "Wed, 31 Dec 1969 23:59:59 GMT"),
        (784_111_777, "Sun, 06 Nov 1994 08:49:37 GMT"),
        (1_234_567_890, "Fri, 13 Feb 2009 23:31:30 GMT"),
        (1_795_572_030, "Wed, 25 Nov 2026 02:00:30 GMT"),
        (1_709_208_000, "Thu, 29 Feb 2024 12:00:00 GMT"),
        (951_868_799, "Tue, 29 Feb 2000 23:59:59 GMT"),
        (-2_203_977_600, "Wed, 28 Feb 1900 00:00:00 GMT"),
        (-2_203_891_200, "Thu, 01 Mar 1900 00:00:00 GMT"),
        (4_107_456_000, "Sun, 28 Feb 2100 00:00:00 GMT"),
        (4_107_542_400, "Mon, 01 Mar 2100 00:00:00 GMT"),
        (-11_670_998_400, "Tue, 29 Feb 1600 00:00:00 GMT"),
        (-3_153_600_000, "Tue, 25 Jan 1870 00:00:00 GMT"),
        (68_169_600_000, "Sat, 18 Mar 4130 00:00:00 GMT"),
        (-62_135_596_800, "Mon, 01 Jan 0001 00:00:00 GMT"),
        (253_402_300_799, "Fri, 31 Dec 9999 23:59:59 GMT"),
    ]

    @Test("Formats IMF-fixdates as an independent implementation does", arguments: oracle)
    func formats(seconds: Int64, text: String) {
        #expect(HTTPInstant.imfFixdate(secondsSince1970: seconds) == text)
        #expect(HTTPInstant(secondsSince1970: seconds).description == text)
    }

    @Test("Parses IMF-fixdates as an independent implementation does", arguments: oracle)
    func parses(seconds: Int64, text: String) {
        #expect(HTTPInstant(imfFixdate: text) == HTTPInstant(secondsSince1970: seconds))
    }

    @Test("Formatting then parsing gives back the same second across centuries")
    func roundTrip() {
        var seconds: Int64 = -62_135_596_800
        var checked = 0
        while seconds <= 253_402_300_799 {
            let text = HTTPInstant.imfFixdate(secondsSince1970: seconds)
            #expect(text.flatMap(HTTPInstant.init(imfFixdate:))?.secondsSince1970 == seconds, "\(seconds)")
            seconds += 7_777_777_777 / 13  // An odd stride, so every time of day and weekday comes up.
            checked += 1
        }
        #expect(checked > 500)
    }

    @Test("Years a four-digit year cannot spell are not formatted", arguments: [
        Int64(-62_135_596_801), 253_402_300_800, .min, .max,
    ])
    func outOfRange(seconds: Int64) {
        #expect(HTTPInstant.imfFixdate(secondsSince1970: seconds) == nil)
        #expect(HTTPInstant(secondsSince1970: seconds).description == "\(seconds)s since 1970")
    }

    @Test("A leap second counts as the first second of the next minute")
    func leapSecond() {
        #expect(HTTPInstant(imfFixdate: "Sat, 31 Dec 2016 23:59:60 GMT")
            == HTTPInstant(imfFixdate: "Sun, 01 Jan 2017 00:00:00 GMT"))
    }

    @Test("Rejects anything that is not a valid IMF-fixdate", arguments: [
        "",
        "garbage",
        "Wed, 25 Nov 2026 02:00:30 GMT ",  // Trailing space (RetryAfter trims; the parser does not).
        "Wed, 25 Nov 2026 02:00:30 UTC",
        "Wed, 25 Nov 2026 02:00:30 gmt",
        "wed, 25 Nov 2026 02:00:30 GMT",
        "Wed, 25 nov 2026 02:00:30 GMT",
        "Thu, 25 Nov 2026 02:00:30 GMT",  // Wrong weekday.
        "Wed, 5 Nov 2026 02:00:30 GMT",
        "Wed, 25 Nov 26 02:00:30 GMT",
        "Wed, 25-Nov-2026 02:00:30 GMT",
        "Wednesday, 25-Nov-26 02:00:30 GMT",  // RFC 850.
        "Wed Nov 25 02:00:30 2026",  // asctime.
        "Wed, 25 Nov 2026 24:00:00 GMT",
        "Wed, 25 Nov 2026 02:60:00 GMT",
        "Wed, 25 Nov 2026 02:00:61 GMT",
        "Thu, 31 Apr 2026 00:00:00 GMT",
        "Sun, 29 Feb 2026 00:00:00 GMT",
        "Thu, 29 Feb 1900 00:00:00 GMT",
        "Wed, 00 Nov 2026 02:00:30 GMT",
        "Sat, 01 Jan 0000 00:00:00 GMT",
        "Wed, 25 Nov 2026 02:00:3a GMT",
        "Wed, 25 Nov 2026 02:00:+3 GMT",
        "Wed, 25 Nov 2026 02:00:30 GMTX",
        "Wed, 25 Nov 2026T02:00:30 GMT",
        "2026-11-25T02:00:30Z",
        "Wéd, 25 Nov 2026 02:00:30 GMT",
        "1795572030",
    ])
    func rejects(text: String) {
        #expect(HTTPInstant(imfFixdate: text) == nil)
    }

    @Test("Whole seconds round down, also before 1970")
    func secondsRoundDown() {
        #expect(HTTPInstant(sinceEpoch: .milliseconds(1_500)).secondsSince1970 == 1)
        #expect(HTTPInstant(sinceEpoch: .milliseconds(-500)).secondsSince1970 == -1)
        #expect(HTTPInstant(sinceEpoch: .milliseconds(-1_000)).secondsSince1970 == -1)
        #expect(HTTPInstant(sinceEpoch: .milliseconds(-500)).description == "Wed, 31 Dec 1969 23:59:59 GMT")
    }

    @Test("A virtual clock's now maps onto calendar time from a fixed epoch")
    func advanced() {
        let epoch = HTTPInstant(secondsSince1970: 1_795_572_000)
        let now = epoch.advanced(by: .milliseconds(30_250))
        #expect(now.sinceEpoch == .seconds(1_795_572_030) + .milliseconds(250))
        #expect(now.description == "Wed, 25 Nov 2026 02:00:30 GMT")
        #expect(epoch < now)
    }
}
