import AgentCore
import Testing

@Suite struct SpellingTests {
    @Test("editDistance counts insertions, deletions, substitutions and adjacent swaps", arguments: [
        ("kitten", "sitting", 3), ("flaw", "lawn", 2), ("", "abc", 3), ("abc", "", 3), ("", "", 0),
        ("same", "same", 0), ("order_id", "ordr_id", 1), ("ab", "ba", 1), ("emial", "email", 1), ("abc", "ca", 3), ("café", "cafe", 1), ("😀a", "a", 1),
        ("Name", "name", 1),
    ])
    func editDistance(lhs: String, rhs: String, expected: Int) {
        #expect(Spelling.editDistance(lhs, rhs) == expected)
        #expect(Spelling.editDistance(rhs, lhs) == expected)
    }

    @Test("closest suggests the nearest candidate within a third of the word's length", arguments: [
        ("ordr_id", ["order_id", "customer_id"], "order_id" as String?),
        ("minLenght", ["minLength", "maxLength"], "minLength"),
        ("NAME", ["name", "email"], "name"),
        ("nam", ["name"], "name"),
        ("xyz", ["name"], nil),
        ("nmae", ["name"], "name"),
        ("anme", ["zzzz"], nil),
        ("cat", ["hat", "bat"], "bat"),
        ("customer", [], nil),
        ("address_line", ["adress_line", "address_lines"], "address_lines"),
    ])
    func closest(word: String, candidates: [String], expected: String?) {
        #expect(Spelling.closest(to: word, among: candidates) == expected)
    }

    @Test("closest prefers the smallest distance over the first candidate")
    func prefersSmallestDistance() {
        #expect(Spelling.closest(to: "refund_ordr", among: ["refund_ord_x", "refund_order"]) == "refund_order")
    }
}
