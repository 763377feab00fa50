import AgentCore
import Testing

@Suite struct JSONParserTests {
    // MARK: Values

    @Test("Every JSON kind parses to the matching JSONValue case", arguments: [
        ("null", JSONValue.null),
        ("true", .bool(true)),
        ("false", .bool(false)),
        ("0", .number(0)),
        ("42", .number(42)),
        ("-17", .number(-17)),
        ("3.25", .number(3.25)),
        ("-0.5", .number(-0.5)),
        ("1e3", .number(1000)),
        ("1E+2", .number(100)),
        ("-2.5e-3", .number(-0.0025)),
        ("6.02e23", .number(6.02e23)),
        (#""hello""#, .string("hello")),
        (#""""#, .string("")),
        ("[]", .array([])),
        ("{}", .object(JSONObject())),
        (#"[1, "a", null, true, {"b": []}]"#, [1, "a", nil, true, ["b": []]]),
        (#"{"a": {"b": {"c": [false]}}}"#, ["a": ["b": ["c": [false]]]]),
        (" \t\r\n 7 \n\t", .number(7)),
    ] as [(String, JSONValue)])
    func parsesValue(text: String, expected: JSONValue) throws {
        #expect(try JSONParser.parse(text) == expected)
    }

    @Test("Negative zero keeps its sign")
    func negativeZero() throws {
        let value = try JSONParser.parse("-0")
        #expect(value.numberValue == 0)
        #expect(value.numberValue?.sign == .minus)
    }

    @Test("Object keys keep document order, not sorted or hashed order")
    func keyOrder() throws {
        let value = try JSONParser.parse(#"{"zeta": 1, "alpha": 2, "mu": {"y": 0, "b": 0, "x": 0}}"#)
        let object = try #require(value.objectValue)
        #expect(object.keys == ["zeta", "alpha", "mu"])
        #expect(value["mu"]?.objectValue?.keys == ["y", "b", "x"])
        #expect(object.map(\.key) == ["zeta", "alpha", "mu"])
    }

    @Test("String escapes decode to the characters they name", arguments: [
        (#""\"""#, "\""),
        (#""\\""#, "\\"),
        (#""\/""#, "/"),
        (#""\b\f\n\r\t""#, "\u{08}\u{0C}\n\r\t"),
        (#""\u0041\u00e9\u00E9""#, "Aéé"),
        (#""\u0000""#, "\u{0}"),
        (#""\u20AC""#, "€"),
        (#""\uD83D\uDE00""#, "😀"),
        (#""\ud83d\ude00 and \uD834\uDD1E""#, "😀 and 𝄞"),
        (#""a\nb""#, "a\nb"),
        (#""raw é 😀 text""#, "raw é 😀 text"),
    ])
    func escapes(text: String, expected: String) throws {
        #expect(try JSONParser.parse(text) == .string(expected))
    }

    @Test("A surrogate pair decodes to one Unicode scalar")
    func surrogatePairIsOneScalar() throws {
        let text = try #require(try JSONParser.parse(#""\uD83D\uDE00""#).stringValue)
        #expect(text.unicodeScalars.map(\.value) == [0x1F600])
    }

    @Test("UTF-8 bytes parse the same as the string")
    func parsesBytes() throws {
        let text = #"{"name": "Zoë", "n": [1, 2]}"#
        #expect(try JSONParser.parse(bytes: Array(text.utf8)) == JSONParser.parse(text))
    }

    @Test("Nesting exactly maximumDepth deep is accepted")
    func maximumDepthAccepted() throws {
        let depth = JSONParser.maximumDepth
        let text = String(repeating: "[", count: depth) + String(repeating: "]", count: depth)
        var value = try JSONParser.parse(text)
        var levels = 0
        while let elements = value.arrayValue {
            levels += 1
            guard let first = elements.first else { break }
            value = first
        }
        #expect(levels == depth)
    }

    // MARK: Errors

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var name: String
        var input: String
        var line: Int
        var column: Int
        var message: String
        var testDescription: String { name }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(name: "trailing comma in an array", input: "[1, 2,]", line: 1, column: 7,
                  message: "expected a value after ',', found ']' (trailing comma)"),
        ErrorCase(name: "trailing comma in an object", input: #"{"a": 1,}"#, line: 1, column: 9,
                  message: "expected a key after ',', found '}' (trailing comma)"),
        ErrorCase(name: "trailing comma on a later line", input: "{\n  \"a\": 1,\n}", line: 3, column: 1,
                  message: "expected a key after ',', found '}' (trailing comma)"),
        ErrorCase(name: "missing colon", input: #"{"a" 1}"#, line: 1, column: 6,
                  message: #"expected ':' after key "a", found '1'"#),
        ErrorCase(name: "unterminated string", input: #""abc"#, line: 1, column: 5,
                  message: "unterminated string"),
        ErrorCase(name: "unterminated string on line 2", input: "[\n  \"abc", line: 2, column: 7,
                  message: "unterminated string"),
        ErrorCase(name: "unterminated escape", input: #""ab\"#, line: 1, column: 5,
                  message: "unterminated string"),
        ErrorCase(name: "raw newline inside a string", input: "{\n  \"name\": \"Dana\n\"}", line: 2, column: 16,
                  message: "control character U+000A in a string must be escaped"),
        ErrorCase(name: "leading zero", input: "01", line: 1, column: 2,
                  message: "leading zeros are not allowed in numbers"),
        ErrorCase(name: "leading zero after a minus", input: "[-012]", line: 1, column: 4,
                  message: "leading zeros are not allowed in numbers"),
        ErrorCase(name: "duplicate key", input: #"{"a": 1, "a": 2}"#, line: 1, column: 10,
                  message: #"duplicate key "a""#),
        ErrorCase(name: "duplicate key in a nested object", input: "{\"o\": {\n \"k\": 1,\n \"k\": 2}}", line: 3, column: 2,
                  message: #"duplicate key "k""#),
        ErrorCase(name: "garbage after the value", input: "{} x", line: 1, column: 4,
                  message: "expected end of input after the JSON value, found 'x'"),
        ErrorCase(name: "a word followed by garbage", input: "truex", line: 1, column: 5,
                  message: "expected end of input after the JSON value, found 'x'"),
        ErrorCase(name: "two values", input: "1 2", line: 1, column: 3,
                  message: "expected end of input after the JSON value, found '2'"),
        ErrorCase(name: "empty input", input: "", line: 1, column: 1,
                  message: "expected a JSON value, found end of input"),
        ErrorCase(name: "whitespace only", input: "  \n  ", line: 2, column: 3,
                  message: "expected a JSON value, found end of input"),
        ErrorCase(name: "invalid escape", input: #""a\qb""#, line: 1, column: 3,
                  message: #"invalid escape '\q' in a string"#),
        ErrorCase(name: "single-quoted escape", input: #"["x\'"]"#, line: 1, column: 4,
                  message: #"invalid escape '\'' in a string"#),
        ErrorCase(name: "short unicode escape", input: #""\u12""#, line: 1, column: 6,
                  message: #"expected 4 hex digits after \u, found '"'"#),
        ErrorCase(name: "lone high surrogate", input: #""\uD800""#, line: 1, column: 8,
                  message: #"unpaired UTF-16 surrogate \uD800"#),
        ErrorCase(name: "lone low surrogate", input: #""\uDC00""#, line: 1, column: 8,
                  message: #"unpaired UTF-16 surrogate \uDC00"#),
        ErrorCase(name: "depth over maximumDepth (arrays)", input: String(repeating: "[", count: JSONParser.maximumDepth + 1),
                  line: 1, column: JSONParser.maximumDepth + 1, message: "nesting deeper than 256 levels"),
        ErrorCase(name: "depth over maximumDepth (objects)", input: String(repeating: #"{"a":"#, count: JSONParser.maximumDepth + 1),
                  line: 1, column: 5 * JSONParser.maximumDepth + 1, message: "nesting deeper than 256 levels"),
        ErrorCase(name: "hostile depth (100 000 brackets)", input: String(repeating: "[", count: 100_000),
                  line: 1, column: JSONParser.maximumDepth + 1, message: "nesting deeper than 256 levels"),
        ErrorCase(name: "a lone minus", input: "-", line: 1, column: 2,
                  message: "expected a digit, found end of input"),
        ErrorCase(name: "a fraction without digits", input: "1.", line: 1, column: 3,
                  message: "expected a digit after '.', found end of input"),
        ErrorCase(name: "an exponent without digits", input: "1e+", line: 1, column: 4,
                  message: "expected a digit in the exponent, found end of input"),
        ErrorCase(name: "a number out of range", input: "[1e999]", line: 1, column: 2,
                  message: "number 1e999 is out of range"),
        ErrorCase(name: "a misspelt literal", input: "nul", line: 1, column: 1,
                  message: "expected a JSON value, found 'n'"),
        ErrorCase(name: "a missing comma in an array", input: "[1 2]", line: 1, column: 4,
                  message: "expected ',' or ']' after an array element, found '2'"),
        ErrorCase(name: "a missing comma in an object", input: #"{"a":1 "b":2}"#, line: 1, column: 8,
                  message: #"expected ',' or '}' after the value of "a", found '"'"#),
        ErrorCase(name: "a key that is not a string", input: "{1: 2}", line: 1, column: 2,
                  message: "expected a string key, found '1'"),
        ErrorCase(name: "a comment", input: "// hi\n1", line: 1, column: 1,
                  message: "expected a JSON value, found '/'"),
        ErrorCase(name: "a non-breaking space is not JSON whitespace", input: "[\u{A0}1]", line: 1, column: 2,
                  message: "expected a JSON value, found U+00A0"),
        ErrorCase(name: "columns count Unicode scalars, not bytes", input: "[\"é😀\", x]", line: 1, column: 8,
                  message: "expected a JSON value, found 'x'"),
    ]

    @Test("Malformed input throws with the exact line, column and message", arguments: errorCases)
    func syntaxError(_ testCase: ErrorCase) {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(testCase.input) }
        #expect(error == JSONSyntaxError(line: testCase.line, column: testCase.column, message: testCase.message))
    }

    @Test("A syntax error describes itself as line:column: message")
    func errorDescription() {
        let error = JSONSyntaxError(line: 3, column: 14, message: "unterminated string")
        #expect(error.description == "3:14: unterminated string")
    }

    @Test(
        "An invalid low surrogate is reported with four hex digits"
    )
    func invalidLowSurrogate() {
        let error = #expect(throws: JSONSyntaxError.self) { try JSONParser.parse(#""\uD800\u0041""#) }
        #expect(error?.line == 1)
        #expect(error?.column == 14)
        #expect(error?.message == #"invalid low surrogate \u0041"#)
    }
}
