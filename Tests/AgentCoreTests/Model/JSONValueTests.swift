import AgentCore
import Testing

@Suite struct JSONValueTests {
    @Test("Accessors return the payload only for their own case")
    func accessors() {
        let string: JSONValue = "text"
        let number: JSONValue = 2.5
        let flag: JSONValue = true
        let array: JSONValue = [1, 2]
        let object: JSONValue = ["k": "v"]
        #expect(string.stringValue == "text")
        #expect(number.stringValue == nil)
        #expect(number.numberValue == 2.5)
        #expect(string.numberValue == nil)
        #expect(flag.boolValue == true)
        #expect(JSONValue.null.boolValue == nil)
        #expect(array.arrayValue == [1, 2])
        #expect(object.arrayValue == nil)
        #expect(object.objectValue?["k"] == "v")
        #expect(object["k"] == "v")
        #expect(object["missing"] == nil)
        #expect(array["k"] == nil)
    }

    @Test("intValue is set only for whole numbers", arguments: [
        (JSONValue.number(3), 3 as Int?), (.number(-7), -7), (.number(3.5), nil), (.string("3"), nil),
        (.number(1e16), nil), (.number(8e15), 8_000_000_000_000_000),
    ])
    func intValue(value: JSONValue, expected: Int?) {
        #expect(value.intValue == expected)
    }

    @Test("typeName names the JSON Schema type, with integer for whole numbers", arguments: [
        (JSONValue.null, "null"), (.bool(false), "boolean"), (.number(2), "integer"), (.number(2.5), "number"),
        (.string(""), "string"), (.array([]), "array"), (.object(JSONObject()), "object"),
    ])
    func typeName(value: JSONValue, expected: String) {
        #expect(value.typeName == expected)
    }

    @Test("An excerpt is the compact JSON, cut with an ellipsis at the limit")
    func excerpt() {
        let value: JSONValue = ["key": "a long value that goes on"]
        #expect(value.excerpt() == #"{"key":"a long value that goes on"}"#)
        #expect(value.excerpt(limit: 10) == #"{"key":"a…"#)
        #expect(value.excerpt(limit: 10).count == 10)
        #expect(JSONValue.string("abc").excerpt(limit: 5) == #""abc""#)
    }

    @Test("The description is the compact JSON")
    func description() {
        let value: JSONValue = ["b": [1, nil], "a": "x"]
        #expect(value.description == #"{"b":[1,null],"a":"x"}"#)
    }

    @Test("Literals build the matching cases")
    func literals() {
        let value: JSONValue = ["n": nil, "b": true, "i": 1, "d": 1.5, "s": "s", "a": [1], "o": ["k": 0]]
        #expect(value["n"] == .null)
        #expect(value["b"] == .bool(true))
        #expect(value["i"] == .number(1))
        #expect(value["d"] == .number(1.5))
        #expect(value["s"] == .string("s"))
        #expect(value["a"] == .array([.number(1)]))
        #expect(value["o"] == .object(JSONObject([("k", .number(0))])))
        #expect(value.objectValue?.keys == ["n", "b", "i", "d", "s", "a", "o"])
    }
}
