import AgentCore
import Testing

@Suite struct JSONObjectTests {
    @Test("Members iterate in the order they were first set")
    func insertionOrder() {
        var object = JSONObject()
        object["z"] = 1
        object["a"] = 2
        object["m"] = 3
        #expect(object.keys == ["z", "a", "m"])
        #expect(object.map(\.key) == ["z", "a", "m"])
        #expect(object.map(\.value) == [1, 2, 3])
        #expect(object.count == 3)
        #expect(!object.isEmpty)
    }

    @Test("Replacing a key's value keeps its position")
    func replaceKeepsPosition() {
        var object = JSONObject([("a", 1), ("b", 2), ("c", 3)])
        object["b"] = "changed"
        #expect(object.keys == ["a", "b", "c"])
        #expect(object["b"] == "changed")
        #expect(object.count == 3)
    }

    @Test("Setting nil removes the member; removing a missing key changes nothing")
    func removing() {
        var object = JSONObject([("a", 1), ("b", 2), ("c", 3)])
        object["b"] = nil
        #expect(object.keys == ["a", "c"])
        #expect(object["b"] == nil)
        #expect(object.count == 2)
        object["missing"] = nil
        #expect(object.keys == ["a", "c"])
    }

    @Test("A removed key that is set again goes to the end")
    func readdedKeyGoesLast() {
        var object = JSONObject([("a", 1), ("b", 2)])
        object["a"] = nil
        object["a"] = 3
        #expect(object.keys == ["b", "a"])
    }

    @Test("A null value is a member, unlike nil")
    func nullIsAMember() {
        var object = JSONObject()
        object["n"] = .null
        #expect(object.count == 1)
        #expect(object["n"] == .null)
    }

    @Test("A repeated key in the initializer keeps its first position and last value")
    func repeatedKeyInInit() {
        let object = JSONObject([("a", 1), ("b", 2), ("a", 3)])
        #expect(object.keys == ["a", "b"])
        #expect(object["a"] == 3)
    }

    @Test("Equality and hashing ignore order but not content")
    func equalityIgnoresOrder() {
        let forward = JSONObject([("a", 1), ("b", [1, 2])])
        let backward = JSONObject([("b", [1, 2]), ("a", 1)])
        #expect(forward == backward)
        #expect(forward.hashValue == backward.hashValue)
        #expect(Set([JSONValue.object(forward), .object(backward)]).count == 1)
        #expect(forward != JSONObject([("a", 1), ("b", [2, 1])]))
        #expect(forward != JSONObject([("a", 1)]))
        #expect(forward != JSONObject([("a", 1), ("b", [1, 2]), ("c", nil)]))
    }

    @Test("An empty object is empty")
    func empty() {
        let object = JSONObject()
        #expect(object.isEmpty)
        #expect(object.count == 0)
        #expect(object.keys.isEmpty)
        #expect(Array(object).isEmpty)
    }
}
