import Testing
import AgentCore
@testable import Gauntlet

@Suite struct JSONMatchingTests {
    @Test("objects contain their subsets recursively; anything else compares by equality", arguments: [
        (["a": 1, "b": ["c": 2, "d": 3]] as JSONValue, ["b": ["c": 2]] as JSONValue, true),
        (["a": 1], [:], true),
        (["a": 1], ["a": 1, "b": 2], false),
        (["a": [1, 2]], ["a": [1]], false),
        ([1, 2], [1, 2], true),
        ("x", "x", true),
        (1, 1.0, true),
        ("1", 1, false),
        (["a": nil], ["a": nil], true),
    ] as [(JSONValue, JSONValue, Bool)])
    func contains(actual: JSONValue, expected: JSONValue, holds: Bool) {
        #expect(JSONMatching.contains(actual, expected) == holds)
    }

    @Test("an absent value contains nothing, not even an empty object or null")
    func absent() {
        #expect(!JSONMatching.contains(nil, [:]))
        #expect(!JSONMatching.contains(nil, nil))
    }

    @Test("the first mismatch names the deepest differing pointer and both values")
    func firstMismatch() throws {
        let base = try #require(JSONPointer("/orders/1042"))
        let mismatch = try #require(JSONMatching.firstMismatch(["refund": ["amount": 4]], ["refund": ["amount": 5]], at: base))
        #expect(mismatch.0.description == "/orders/1042/refund/amount")
        #expect(mismatch.1 == 5)
        #expect(mismatch.2 == 4)
        let missing = try #require(JSONMatching.firstMismatch(["refund": 1], ["refund": ["amount": 5]], at: base))
        #expect(missing.0.description == "/orders/1042/refund")
        #expect(missing.2 == 1)
        #expect(JSONMatching.firstMismatch(["a": 1], ["a": 1], at: base) == nil)
    }
}
