import Testing
@testable import Gauntlet

@Suite struct GlobTests {
    @Test("patterns match the whole id", arguments: [
        ("*", "", true),
        ("*", "retail.refund", true),
        ("", "", true),
        ("", "a", false),
        ("retail.refund", "retail.refund", true),
        ("retail.refund", "retail.refunds", false),
        ("retail.refund", "retail.refun", false),
        ("retail.*", "retail.refund_damaged_kettle", true),
        ("retail.*", "retail.", true),
        ("retail.*", "travel.book", false),
        ("*.refund_*", "retail.refund_damaged_kettle", true),
        ("*.refund_*", "retail.refunds", false),
        ("?", "a", true),
        ("?", "", false),
        ("?", "ab", false),
        ("retail.refund_????", "retail.refund_late", true),
        ("retail.refund_????", "retail.refund_lat", false),
        ("a*b*c", "axxbyyc", true),
        ("a*b*c", "axxbyy", false),
        ("a*b*c", "abc", true),
        ("*ab", "aab", true),
        ("*a*a", "banana", true),
        ("*a*a", "bananas", false),
        ("**", "x", true),
        ("*?", "", false),
        ("a*", "b", false),
        ("é*", "été", true),
    ])
    func matches(pattern: String, text: String, expected: Bool) {
        #expect(Glob(pattern).matches(text) == expected)
    }

    @Test("a glob remembers its pattern")
    func pattern() {
        #expect(Glob("retail.*").pattern == "retail.*")
        #expect(Glob("a") == Glob("a"))
    }
}
