import AgentCore
import Testing

@Suite struct JSONWriterTests {
    static let sample: JSONValue = [
        "name": "Zoë",
        "tags": ["a", 1, 2.5, true, nil],
        "empty_array": [],
        "empty_object": [:],
        "nested": ["x": ["y": -0.25]],
    ]

    @Test("Compact output has no whitespace and keeps key order")
    func compact() {
        #expect(JSONWriter.compact(Self.sample)
            == #"{"name":"Zoë","tags":["a",1,2.5,true,null],"empty_array":[],"empty_object":{},"nested":{"x":{"y":-0.25}}}"#)
    }

    @Test("Pretty output indents by two spaces, one member per line")
    func pretty() {
        let expected = """
            {
              "name": "Zoë",
              "tags": [
                "a",
                1,
                2.5,
                true,
                null
              ],
              "empty_array": [],
              "empty_object": {},
              "nested": {
                "x": {
                  "y": -0.25
                }
              }
            }
            """
        #expect(JSONWriter.pretty(Self.sample) == expected)
    }

    @Test("Scalars are written the same compact or pretty", arguments: [
        (JSONValue.null, "null"), (.bool(true), "true"), (.bool(false), "false"), (.string("x"), #""x""#),
        (.array([]), "[]"), (.object(JSONObject()), "{}"),
    ])
    func scalars(value: JSONValue, expected: String) {
        #expect(JSONWriter.compact(value) == expected)
        #expect(JSONWriter.pretty(value) == expected)
    }

    @Test("Numbers: integers without a fraction, others in the shortest exact form", arguments: [
        (1.0, "1"), (1.5, "1.5"), (-0.25, "-0.25"), (0.0, "0"), (-0.0, "0"), (100.0, "100"), (-42.0, "-42"),
        (0.1, "0.1"), (123_456_789_012.0, "123456789012"), (1e20, "1e+20"), (1e-7, "1e-07"),
    ])
    func numbers(number: Double, expected: String) {
        #expect(JSONWriter.format(number) == expected)
        #expect(JSONWriter.compact(.number(number)) == expected)
    }

    @Test(
        "Integers up to 2^53 are written without a fractional part",
        arguments: [(1e15, "1000000000000000"), (9_007_199_254_740_992.0, "9007199254740992")]
    )
    func largeIntegers(number: Double, expected: String) {
        #expect(JSONWriter.format(number) == expected)
    }

    @Test("Strings escape quotes, backslashes and control characters", arguments: [
        (#"say "hi""#, #""say \"hi\"""#),
        (#"C:\temp"#, #""C:\\temp""#),
        ("line1\nline2", #""line1\nline2""#),
        ("a\tb\rc", #""a\tb\rc""#),
        ("\u{08}\u{0C}", #""\b\f""#),
        ("\u{0}", #""\u0000""#),
        ("\u{01}", #""\u0001""#),
        ("\u{1F}", #""\u001f""#),
        ("\u{2028}\u{2029}", #""\u2028\u2029""#),
        ("/ é 😀 \u{7F}", "\"/ é 😀 \u{7F}\""),
    ])
    func escaping(text: String, expected: String) {
        #expect(JSONWriter.compact(.string(text)) == expected)
    }

    @Test("Object keys are escaped like strings")
    func keyEscaping() {
        #expect(JSONWriter.compact(["a\"b\n": 1]) == #"{"a\"b\n":1}"#)
    }

    static let roundTripValues: [JSONValue] = [
        sample,
        .string("\u{0}\u{1F}\"\\/\n\r\t\u{08}\u{0C}\u{2028} é 😀 𝄞"),
        [0.1, .number(1.0 / 3.0), 1e-300, -1e300, 123_456.789, -0.0, .number(.leastNonzeroMagnitude), .number(.greatestFiniteMagnitude)],
        ["z": 1, "a": ["m": [], "b": [:]], "": "empty key"],
        [[[[[nil]]]]],
    ]

    @Test("parse(write(x)) gives back x, compact and pretty", arguments: roundTripValues)
    func roundTrip(value: JSONValue) throws {
        let compact = try JSONParser.parse(JSONWriter.compact(value))
        let pretty = try JSONParser.parse(JSONWriter.pretty(value))
        #expect(compact == value)
        #expect(pretty == value)
        // Equality ignores key order, so check order separately: writing again is byte-identical.
        #expect(JSONWriter.compact(compact) == JSONWriter.compact(value))
        #expect(JSONWriter.pretty(pretty) == JSONWriter.pretty(value))
    }

    @Test("write(parse(text)) reproduces compact text byte for byte")
    func textRoundTrip() throws {
        let text = #"{"b":[1,-2.5,{"k":"v\n"}],"a":null,"c":{"z":true,"y":false}}"#
        #expect(JSONWriter.compact(try JSONParser.parse(text)) == text)
    }
}
