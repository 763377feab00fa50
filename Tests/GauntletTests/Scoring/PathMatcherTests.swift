import Testing
import AgentCore
@testable import Gauntlet

@Suite struct PathMatcherTests {
    static func expectation(_ mode: PathExpectation.Mode, _ arguments: PathExpectation.ArgumentMatch = .exact, keys: [String: [String]] = [:]) -> PathExpectation {
        PathExpectation(mode: mode, arguments: arguments, keys: keys)
    }

    static let a = recorded("get_order", ["order_id": "1"])
    static let b = recorded("refund_order", ["order_id": "1", "amount": 5])
    static let c = recorded("send_email", ["to": "dana@example.com"])

    // MARK: strict

    @Test("strict passes on the same calls in the same order")
    func strictPasses() {
        let outcome = PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.a, Self.b], expectation: Self.expectation(.strict))
        #expect(outcome.passed)
        #expect(outcome.message == "2 calls match the reference in order")
    }

    @Test("strict fails on an extra call, a missing call, and a different call, saying which", arguments: [
        ([a, b, c], "unexpected extra call 3: send_email{\"to\":\"dana@example.com\"}; path was: get_order → refund_order → send_email; reference: get_order → refund_order"),
        ([a], "missing call 2: expected refund_order{\"order_id\":\"1\",\"amount\":5}; path was: get_order; reference: get_order → refund_order"),
        ([b, a], "call 1: expected get_order{\"order_id\":\"1\"}, found refund_order{\"order_id\":\"1\",\"amount\":5}; path was: refund_order → get_order; reference: get_order → refund_order"),
        ([], "missing call 1: expected get_order{\"order_id\":\"1\"}; path was: (no calls); reference: get_order → refund_order"),
    ])
    func strictFails(actual: [RecordedCall], message: String) {
        let outcome = PathMatcher.check(reference: [Self.a, Self.b], actual: actual, expectation: Self.expectation(.strict))
        #expect(!outcome.passed)
        #expect(outcome.message == message)
    }

    @Test("strict compares arguments with the chosen matcher")
    func strictArguments() {
        let reference = [recorded("get_order", ["order_id": "1"])]
        let actual = [recorded("get_order", ["order_id": "2"])]
        let outcome = PathMatcher.check(reference: reference, actual: actual, expectation: Self.expectation(.strict))
        #expect(outcome == (false, "call 1: expected get_order{\"order_id\":\"1\"}, found get_order{\"order_id\":\"2\"}; path was: get_order; reference: get_order"))
        #expect(PathMatcher.check(reference: reference, actual: actual, expectation: Self.expectation(.strict, .ignore)).passed)
    }

    // MARK: in order

    @Test("in_order passes when the reference is a subsequence of the calls")
    func inOrderPasses() {
        let outcome = PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.c, Self.a, Self.c, Self.b], expectation: Self.expectation(.inOrder))
        #expect(outcome == (true, "the 2 reference calls appear in order among 4 calls"))
    }

    @Test("in_order fails when the reference calls come in another order or are missing")
    func inOrderFails() {
        let reversed = PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.b, Self.a], expectation: Self.expectation(.inOrder))
        #expect(reversed == (false, "reference call 2 of 2, refund_order{\"order_id\":\"1\",\"amount\":5}, has no match in order; path was: refund_order → get_order; reference: get_order → refund_order"))
        let missing = PathMatcher.check(reference: [Self.a, Self.c], actual: [Self.a, Self.b], expectation: Self.expectation(.inOrder))
        #expect(!missing.passed)
        #expect(missing.message.hasPrefix("reference call 2 of 2, send_email"))
    }

    @Test("in_order needs one actual call per reference call, even for repeated calls")
    func inOrderRepeats() {
        #expect(!PathMatcher.check(reference: [Self.a, Self.a], actual: [Self.a], expectation: Self.expectation(.inOrder)).passed)
        #expect(PathMatcher.check(reference: [Self.a, Self.a], actual: [Self.a, Self.b, Self.a], expectation: Self.expectation(.inOrder)).passed)
    }

    // MARK: unordered, subset, superset

    @Test("unordered passes on the same calls in any order")
    func unorderedPasses() {
        let outcome = PathMatcher.check(reference: [Self.a, Self.b, Self.c], actual: [Self.c, Self.a, Self.b], expectation: Self.expectation(.unordered))
        #expect(outcome == (true, "3 calls paired with the reference"))
    }

    @Test("unordered fails on calls missing or extra, listing both")
    func unorderedFails() {
        let outcome = PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.c, Self.a], expectation: Self.expectation(.unordered))
        #expect(outcome == (false, "reference calls not made: refund_order{\"order_id\":\"1\",\"amount\":5}; calls not in the reference: send_email{\"to\":\"dana@example.com\"}; path was: send_email → get_order; reference: get_order → refund_order"))
        let extra = PathMatcher.check(reference: [Self.a], actual: [Self.a, Self.a], expectation: Self.expectation(.unordered))
        #expect(extra == (false, "calls not in the reference: get_order{\"order_id\":\"1\"}; path was: get_order → get_order; reference: get_order"))
    }

    @Test("subset passes when every call made is in the reference, and fails on an extra call")
    func subset() {
        #expect(PathMatcher.check(reference: [Self.a, Self.b, Self.c], actual: [Self.b], expectation: Self.expectation(.subset)) == (true, "1 calls paired with the reference"))
        #expect(PathMatcher.check(reference: [Self.a], actual: [], expectation: Self.expectation(.subset)).passed)
        let outcome = PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.b, Self.c], expectation: Self.expectation(.subset))
        #expect(outcome == (false, "calls not in the reference: send_email{\"to\":\"dana@example.com\"}; path was: refund_order → send_email; reference: get_order → refund_order"))
    }

    @Test("superset passes when every reference call was made, and fails on a missing one")
    func superset() {
        #expect(PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.c, Self.b, Self.a, Self.c], expectation: Self.expectation(.superset)) == (true, "2 calls paired with the reference"))
        let outcome = PathMatcher.check(reference: [Self.a, Self.b], actual: [Self.a, Self.c], expectation: Self.expectation(.superset))
        #expect(outcome == (false, "reference calls not made: refund_order{\"order_id\":\"1\",\"amount\":5}; path was: get_order → send_email; reference: get_order → refund_order"))
    }

    // MARK: argument matching

    @Test("argument matchers compare one call with another", arguments: [
        (.exact, ["a": 1], ["a": 1], true),
        (.exact, ["a": 1, "b": 2], ["b": 2, "a": 1], true),
        (.exact, ["a": 1], ["a": 1, "b": 2], false),
        (.exact, ["a": 1], ["a": 2], false),
        (.ignore, ["a": 1], ["z": 9], true),
        (.subset, ["a": 1], ["a": 1, "b": 2], true),
        (.subset, ["a": 1, "b": 2], ["a": 1], false),
        (.subset, ["a": ["x": 1]], ["a": ["x": 1, "y": 2]], true),
        (.subset, ["a": [1, 2]], ["a": [1, 2, 3]], false),
        (.superset, ["a": 1, "b": 2], ["a": 1], true),
        (.superset, ["a": 1], ["a": 1, "b": 2], false),
        (.superset, ["a": 1, "b": 2], ["a": 3], false),
    ] as [(PathExpectation.ArgumentMatch, JSONValue, JSONValue, Bool)])
    func argumentMatch(match: PathExpectation.ArgumentMatch, reference: JSONValue, actual: JSONValue, matches: Bool) {
        #expect(PathMatcher.callMatches(recorded("t", reference), recorded("t", actual), arguments: match, keys: nil) == matches)
    }

    @Test("calls of different tools never match, whatever the arguments", arguments: PathExpectation.ArgumentMatch.allCases)
    func differentTools(match: PathExpectation.ArgumentMatch) {
        #expect(!PathMatcher.callMatches(recorded("a"), recorded("b"), arguments: match, keys: nil))
        #expect(!PathMatcher.callMatches(recorded("a"), recorded("b"), arguments: match, keys: []))
    }

    @Test("per-tool keys override the argument matcher: only those keys must be equal")
    func keys() {
        let reference = recorded("refund_order", ["order_id": "1042", "amount": 129.5])
        #expect(PathMatcher.callMatches(reference, recorded("refund_order", ["order_id": "1042", "amount": 50, "note": "x"]), arguments: .exact, keys: ["order_id"]))
        #expect(!PathMatcher.callMatches(reference, recorded("refund_order", ["order_id": "1043", "amount": 129.5]), arguments: .ignore, keys: ["order_id"]))
        #expect(!PathMatcher.callMatches(reference, recorded("refund_order", ["amount": 129.5]), arguments: .ignore, keys: ["order_id"]))
    }

    @Test("keys apply only to the tool they name; other tools use the argument matcher")
    func keysPerTool() {
        let expectation = Self.expectation(.strict, .exact, keys: ["refund_order": ["order_id"]])
        let reference = [recorded("get_order", ["order_id": "1"]), recorded("refund_order", ["order_id": "1", "amount": 5])]
        #expect(PathMatcher.check(reference: reference, actual: [recorded("get_order", ["order_id": "1"]), recorded("refund_order", ["order_id": "1", "amount": 7])], expectation: expectation).passed)
        #expect(!PathMatcher.check(reference: reference, actual: [recorded("get_order", ["order_id": "1", "verbose": true]), recorded("refund_order", ["order_id": "1"])], expectation: expectation).passed)
    }

    // MARK: maximum matching

    @Test("pairing uses maximum matching where first fit would use up the call a later reference call needs")
    func augmentingPath() {
        // First fit pairs the loose reference A{} with A{x:1}, leaving A{x:1} with only A{y:2}.
        let reference = [recorded("A", [:]), recorded("A", ["x": 1])]
        let actual = [recorded("A", ["x": 1]), recorded("A", ["y": 2])]
        for mode in [PathExpectation.Mode.unordered, .superset, .subset] {
            let outcome = PathMatcher.check(reference: reference, actual: actual, expectation: Self.expectation(mode, .subset))
            #expect(outcome == (true, "2 calls paired with the reference"), "mode \(mode.rawValue)")
        }
        let pairs = PathMatcher.maximumMatching(referenceCount: 2, actualCount: 2) { ref, act in
            PathMatcher.callMatches(reference[ref], actual[act], arguments: .subset, keys: nil)
        }
        #expect(pairs.map { [$0.reference, $0.actual] } == [[0, 1], [1, 0]])
    }

    @Test("maximum matching finds a perfect matching that needs a chain of re-pairings")
    func longAugmentingChain() {
        // Reference i matches actual i and i+1; first fit gives reference i actual i, except the last reference only matches actual 0.
        let edges: [[Int]] = [[0, 1], [1, 2], [2, 3], [0]]
        let pairs = PathMatcher.maximumMatching(referenceCount: 4, actualCount: 4) { ref, act in edges[ref].contains(act) }
        #expect(pairs.map { [$0.reference, $0.actual] } == [[0, 1], [1, 2], [2, 3], [3, 0]])
    }

    @Test("maximum matching leaves unmatched what cannot be paired")
    func partialMatching() {
        let pairs = PathMatcher.maximumMatching(referenceCount: 3, actualCount: 2) { ref, act in ref < 2 && act == 0 || ref == 2 && act == 1 }
        #expect(pairs.count == 2)
        #expect(pairs.map(\.actual).sorted() == [0, 1])
        #expect(PathMatcher.maximumMatching(referenceCount: 0, actualCount: 3) { _, _ in true }.isEmpty)
    }
}
