import AgentCore
import Testing

@Suite struct JSONSchemaTests {
    // MARK: Compiling

    struct CompileCase: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: String
        var pointer: String
        var message: String
        var testDescription: String { name }
    }

    static let compileCases: [CompileCase] = [
        CompileCase(name: "misspelt keyword", schema: #"{"type": "string", "minLenght": 1}"#, pointer: "/minLenght",
                    message: #"unsupported JSON Schema keyword "minLenght" (did you mean "minLength"?)"#),
        CompileCase(name: "near-miss of additionalProperties", schema: #"{"additionalProperty": false}"#,
                    pointer: "/additionalProperty",
                    message: #"unsupported JSON Schema keyword "additionalProperty" (did you mean "additionalProperties"?)"#),
        CompileCase(name: "unsupported keyword without a near match", schema: #"{"type": "string", "format": "email"}"#,
                    pointer: "/format", message: #"unsupported JSON Schema keyword "format""#),
        CompileCase(name: "unsupported keyword in a nested schema",
                    schema: #"{"properties": {"a": {"items": {"oneOf": []}}}}"#, pointer: "/properties/a/items/oneOf",
                    message: #"unsupported JSON Schema keyword "oneOf""#),
        CompileCase(name: "unknown type name", schema: #"{"type": "strng"}"#, pointer: "/type",
                    message: #"unknown type "strng"; expected one of object, array, string, number, integer, boolean, null"#),
        CompileCase(name: "unknown type name in a list", schema: #"{"type": ["string", "float"]}"#, pointer: "/type/1",
                    message: #"expected a type name, found "float""#),
        CompileCase(name: "type that is not a name", schema: #"{"type": 3}"#, pointer: "/type",
                    message: "expected a type name or a list of them, found integer"),
        CompileCase(name: "$ref to a missing definition", schema: ##"{"$defs": {"present": {}}, "$ref": "#/$defs/missing"}"##,
                    pointer: "/$ref",
                    message: ##"expected a reference to one of this document's $defs ("#/$defs/NAME"), found "#/$defs/missing""##),
        CompileCase(name: "$ref outside $defs", schema: ##"{"$ref": "#/definitions/x"}"##,
                    pointer: "/$ref",
                    message: ##"expected a reference to one of this document's $defs ("#/$defs/NAME"), found "#/definitions/x""##),
        CompileCase(name: "$ref in a property to a missing definition",
                    schema: ##"{"properties": {"id": {"$ref": "#/$defs/id"}}}"##, pointer: "/properties/id/$ref",
                    message: ##"expected a reference to one of this document's $defs ("#/$defs/NAME"), found "#/$defs/id""##),
        CompileCase(name: "pattern that is not a string", schema: #"{"pattern": 5}"#, pointer: "/pattern",
                    message: "expected a regular expression string, found integer"),
        CompileCase(name: "negative length", schema: #"{"minLength": -1}"#, pointer: "/minLength",
                    message: "expected a non-negative integer, found -1"),
        CompileCase(name: "fractional count", schema: #"{"maxItems": 1.5}"#, pointer: "/maxItems",
                    message: "expected a non-negative integer, found 1.5"),
        CompileCase(name: "minimum that is not a number", schema: #"{"minimum": "5"}"#, pointer: "/minimum",
                    message: #"expected a number, found "5""#),
        CompileCase(name: "empty enum", schema: #"{"enum": []}"#, pointer: "/enum",
                    message: "expected a non-empty array, found []"),
        CompileCase(name: "required with a non-string", schema: #"{"required": ["a", 1]}"#, pointer: "/required",
                    message: #"expected an array of key names, found ["a",1]"#),
        CompileCase(name: "properties that is not an object", schema: #"{"properties": []}"#, pointer: "/properties",
                    message: "expected an object of schemas, found array"),
        CompileCase(name: "$defs that is not an object", schema: #"{"$defs": [1]}"#, pointer: "/$defs",
                    message: "expected an object of schemas, found array"),
        CompileCase(name: "items that is not a schema", schema: #"{"items": 5}"#, pointer: "/items",
                    message: "expected a schema object, found integer"),
        CompileCase(name: "additionalProperties that is not a schema", schema: #"{"additionalProperties": "no"}"#,
                    pointer: "/additionalProperties", message: "expected a schema object, found string"),
        CompileCase(name: "a schema that is not an object", schema: "[]", pointer: "/",
                    message: "expected a schema object, found array"),
    ]

    @Test("An invalid schema throws a violation with the exact pointer and message", arguments: compileCases)
    func compileError(_ testCase: CompileCase) throws {
        let source = try json(testCase.schema)
        let error = #expect(throws: JSONSchemaError.self) { try JSONSchema(source) }
        #expect(error?.violations == [SchemaViolation(pointer: try #require(JSONPointer(testCase.pointer == "/" ? "" : testCase.pointer)), message: testCase.message)])
    }

    @Test("An invalid pattern is rejected at its pointer")
    func invalidPattern() throws {
        let source = try json(#"{"properties": {"code": {"type": "string", "pattern": "[a-"}}}"#)
        let error = #expect(throws: JSONSchemaError.self) { try JSONSchema(source) }
        let violation = try #require(error?.violations.first)
        #expect(error?.violations.count == 1)
        #expect(violation.pointer.description == "/properties/code/pattern")
        #expect(violation.message.hasPrefix(#"invalid regular expression "[a-": "#))
    }

    @Test("Every problem is reported, in document order, and the error lists them one per line")
    func everyProblemReported() throws {
        let source = try json(#"{"foo": 1, "type": "text", "properties": {"a": {"minimum": "x"}}}"#)
        let error = #expect(throws: JSONSchemaError.self) { try JSONSchema(source) }
        #expect(error?.violations.map(\.description) == [
            #"/foo: unsupported JSON Schema keyword "foo""#,
            #"/type: unknown type "text"; expected one of object, array, string, number, integer, boolean, null"#,
            #"/properties/a/minimum: expected a number, found "x""#,
        ])
        #expect(error?.description == error?.violations.map(\.description).joined(separator: "\n"))
    }

    @Test("compile(_:at:problems:) reports problems relative to the given base")
    func compileWithBase() throws {
        var problems: [SchemaViolation] = []
        _ = JSONSchema.compile(try json(#"{"type": "nope"}"#), at: JSONPointer(tokens: ["tools", "0", "parameters"]), problems: &problems)
        #expect(problems.map(\.pointer.description) == ["/tools/0/parameters/type"])
    }

    @Test("Annotations and every supported keyword compile")
    func supportedKeywordsCompile() throws {
        let source = try json(#"""
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": "x", "$comment": "c",
             "title": "T", "description": "D", "default": {}, "examples": [{}],
             "type": ["object", "null"], "properties": {"s": {"type": "string", "minLength": 1, "maxLength": 9, "pattern": "^a"},
               "n": {"type": "number", "minimum": 0, "maximum": 1}, "e": {"enum": [1, "a"]}, "c": {"const": null},
               "l": {"type": "array", "items": {"$ref": "#/$defs/item"}, "minItems": 0, "maxItems": 3}},
             "required": ["s"], "additionalProperties": false, "minProperties": 1, "maxProperties": 5,
             "$defs": {"item": {"type": "integer"}}}
            """#)
        let compiled = try JSONSchema(source)
        #expect(compiled.source == source)
        #expect(compiled.declaredProperties == ["s", "n", "e", "c", "l"])
        #expect(compiled.requiredProperties == ["s"])
        #expect(!compiled.allowsAdditionalProperties)
    }

    @Test("true is a schema that accepts everything")
    func trueSchema() throws {
        let schema = try JSONSchema(true)
        #expect(schema.validate(["anything": [1, nil]]).isEmpty)
        #expect(schema.allowsAdditionalProperties)
    }

    @Test("Schemas are equal when their documents are equal")
    func equality() throws {
        #expect(try schema(#"{"type": "string", "minLength": 1}"#) == schema(#"{"minLength": 1, "type": "string"}"#))
        #expect(try schema(#"{"type": "string"}"#) != schema(#"{"type": "number"}"#))
    }

    @Test(
        "A $ref cycle that never reaches a keyword is rejected when compiled",
        arguments: [
            ##"{"$defs": {"a": {"$ref": "#/$defs/a"}}, "$ref": "#/$defs/a"}"##,
            ##"{"$defs": {"a": {"$ref": "#/$defs/b"}, "b": {"$ref": "#/$defs/a"}}, "type": "object", "properties": {"x": {"$ref": "#/$defs/a"}}}"##,
        ]
    )
    func refCycle(text: String) throws {
        let source = try json(text)
        // validate() would follow such a chain forever, so compiling must refuse it.
        #expect(throws: JSONSchemaError.self) { try JSONSchema(source) }
    }

    // MARK: Validating

    struct ValidationCase: Sendable, CustomTestStringConvertible {
        var name: String
        var schema: String
        var instance: String
        /// Pairs of pointer text and message, in the order reported.
        var violations: [[String]]
        var testDescription: String { name }
    }

    static let validationCases: [ValidationCase] = [
        ValidationCase(name: "type mismatch with a scalar", schema: #"{"type": "string"}"#, instance: "5",
                       violations: [["/", "expected a string, found integer 5"]]),
        ValidationCase(name: "type mismatch with an object", schema: #"{"type": "string"}"#, instance: #"{"a": 1}"#,
                       violations: [["/", "expected a string, found object"]]),
        ValidationCase(name: "type mismatch against an object type", schema: #"{"type": "object"}"#, instance: "[1]",
                       violations: [["/", "expected an object, found array"]]),
        ValidationCase(name: "type mismatch against two types", schema: #"{"type": ["string", "null"]}"#, instance: "true",
                       violations: [["/", "expected a string or a null, found boolean true"]]),
        ValidationCase(name: "type mismatch against three types", schema: #"{"type": ["string", "array", "null"]}"#,
                       instance: "{}", violations: [["/", "expected a string, an array or a null, found object"]]),
        ValidationCase(name: "a type mismatch stops further checks", schema: #"{"type": "string", "enum": ["a"]}"#,
                       instance: "1", violations: [["/", "expected a string, found integer 1"]]),
        ValidationCase(name: "integer rejects a fraction", schema: #"{"type": "integer"}"#, instance: "1.5",
                       violations: [["/", "expected an integer, found number 1.5"]]),
        ValidationCase(name: "integer accepts 2.0", schema: #"{"type": "integer"}"#, instance: "2.0", violations: []),
        ValidationCase(name: "number accepts an integer", schema: #"{"type": "number"}"#, instance: "2", violations: []),
        ValidationCase(name: "missing required key", schema: #"{"type": "object", "required": ["id", "name"]}"#,
                       instance: #"{"id": 1}"#, violations: [["/", #"missing required key "name""#]]),
        ValidationCase(name: "required keys are reported in order",
                       schema: #"{"required": ["b", "a"]}"#, instance: "{}",
                       violations: [["/", #"missing required key "b""#], ["/", #"missing required key "a""#]]),
        ValidationCase(name: "unknown key with a suggestion",
                       schema: #"{"type": "object", "properties": {"order_id": {"type": "string"}}, "additionalProperties": false}"#,
                       instance: #"{"order_id": "x", "ordr_id": "y"}"#,
                       violations: [["/ordr_id", #"unknown key "ordr_id" (did you mean "order_id"?)"#]]),
        ValidationCase(name: "unknown key without a suggestion",
                       schema: #"{"properties": {"order_id": {}}, "additionalProperties": false}"#,
                       instance: #"{"zzz": 1}"#, violations: [["/zzz", #"unknown key "zzz""#]]),
        ValidationCase(name: "extra keys are allowed by default",
                       schema: #"{"properties": {"a": {}}}"#, instance: #"{"a": 1, "b": 2}"#, violations: []),
        ValidationCase(name: "additionalProperties as a schema",
                       schema: #"{"properties": {"a": {}}, "additionalProperties": {"type": "integer"}}"#,
                       instance: #"{"a": "free", "b": 1, "c": "x"}"#,
                       violations: [["/c", #"expected an integer, found string "x""#]]),
        ValidationCase(name: "enum", schema: #"{"enum": ["a", "b", 1]}"#, instance: #""c""#,
                       violations: [["/", #"expected one of "a", "b", 1, found "c""#]]),
        ValidationCase(name: "enum accepts a member", schema: #"{"enum": ["a", {"k": [1]}]}"#, instance: #"{"k": [1]}"#,
                       violations: []),
        ValidationCase(name: "const", schema: #"{"const": {"k": 1}}"#, instance: #"{"k": 2}"#,
                       violations: [["/", #"expected {"k":1}, found {"k":2}"#]]),
        ValidationCase(name: "minimum", schema: #"{"type": "number", "minimum": 0.01}"#, instance: "0",
                       violations: [["/", "expected a number >= 0.01, found 0"]]),
        ValidationCase(name: "maximum", schema: #"{"maximum": 10}"#, instance: "10.5",
                       violations: [["/", "expected a number <= 10, found 10.5"]]),
        ValidationCase(name: "bounds are inclusive", schema: #"{"minimum": 1, "maximum": 1}"#, instance: "1", violations: []),
        ValidationCase(name: "minLength", schema: #"{"minLength": 3}"#, instance: #""ab""#,
                       violations: [["/", #"expected at least 3 characters, found "ab""#]]),
        ValidationCase(name: "minLength of one", schema: #"{"minLength": 1}"#, instance: #""""#,
                       violations: [["/", #"expected at least 1 character, found """#]]),
        ValidationCase(name: "maxLength", schema: #"{"maxLength": 3}"#, instance: #""abcde""#,
                       violations: [["/", "expected at most 3 characters, found 5"]]),
        ValidationCase(name: "string keywords ignore other types", schema: #"{"minLength": 3, "pattern": "x"}"#,
                       instance: "5", violations: []),
        ValidationCase(name: "pattern", schema: #"{"pattern": "^NW-[0-9]+$"}"#, instance: #""NW-12a""#,
                       violations: [["/", #"expected a string matching /^NW-[0-9]+$/, found "NW-12a""#]]),
        ValidationCase(name: "pattern is a search, not anchored", schema: #"{"pattern": "[0-9]"}"#, instance: #""ab1""#,
                       violations: []),
        ValidationCase(name: "minItems", schema: #"{"minItems": 2}"#, instance: "[1]",
                       violations: [["/", "expected at least 2 items, found 1"]]),
        ValidationCase(name: "minItems of one", schema: #"{"minItems": 1}"#, instance: "[]",
                       violations: [["/", "expected at least 1 item, found 0"]]),
        ValidationCase(name: "maxItems", schema: #"{"maxItems": 2}"#, instance: "[1, 2, 3]",
                       violations: [["/", "expected at most 2 items, found 3"]]),
        ValidationCase(name: "minProperties", schema: #"{"minProperties": 1}"#, instance: "{}",
                       violations: [["/", "expected at least 1 key, found 0"]]),
        ValidationCase(name: "minProperties of two", schema: #"{"minProperties": 2}"#, instance: #"{"a": 1}"#,
                       violations: [["/", "expected at least 2 keys, found 1"]]),
        ValidationCase(name: "maxProperties", schema: #"{"maxProperties": 1}"#, instance: #"{"a": 1, "b": 2}"#,
                       violations: [["/", "expected at most 1 key, found 2: a, b"]]),
        ValidationCase(name: "nested items pointer",
                       schema: #"{"type": "object", "properties": {"a": {"type": "array", "items": {"type": "object", "properties": {"b": {"type": "string"}}}}}}"#,
                       instance: #"{"a": [{"b": 1}, {"b": "ok"}, {"b": false}]}"#,
                       violations: [["/a/0/b", "expected a string, found integer 1"], ["/a/2/b", "expected a string, found boolean false"]]),
        ValidationCase(name: "pointers escape keys",
                       schema: #"{"properties": {"a/b": {"type": "string"}, "c~d": {"type": "string"}}}"#,
                       instance: #"{"a/b": 1, "c~d": 2}"#,
                       violations: [["/a~1b", "expected a string, found integer 1"], ["/c~0d", "expected a string, found integer 2"]]),
        ValidationCase(name: "$ref into $defs",
                       schema: ##"{"$defs": {"customer_id": {"type": "string", "pattern": "^C-"}}, "type": "object", "properties": {"customer": {"$ref": "#/$defs/customer_id"}}}"##,
                       instance: #"{"customer": "X-1"}"#,
                       violations: [["/customer", #"expected a string matching /^C-/, found "X-1""#]]),
        ValidationCase(name: "$ref from items into $defs",
                       schema: ##"{"$defs": {"n": {"type": "integer"}}, "type": "array", "items": {"$ref": "#/$defs/n"}}"##,
                       instance: #"[1, "two"]"#, violations: [["/1", #"expected an integer, found string "two""#]]),
        ValidationCase(name: "recursive $ref through properties",
                       schema: ##"{"$defs": {"node": {"type": "object", "properties": {"next": {"$ref": "#/$defs/node"}, "v": {"type": "integer"}}}}, "$ref": "#/$defs/node"}"##,
                       instance: #"{"v": 1, "next": {"v": 2, "next": {"v": "three"}}}"#,
                       violations: [["/next/next/v", #"expected an integer, found string "three""#]]),
        ValidationCase(name: "violations come in document order",
                       schema: #"{"type": "object", "required": ["id"], "properties": {"n": {"type": "integer"}, "m": {"maximum": 0}}}"#,
                       instance: #"{"m": 1, "n": "x"}"#,
                       violations: [["/", #"missing required key "id""#], ["/m", "expected a number <= 0, found 1"],
                                    ["/n", #"expected an integer, found string "x""#]]),
    ]

    @Test("Validation reports the exact pointer and message of each violation", arguments: validationCases)
    func validation(_ testCase: ValidationCase) throws {
        let compiled = try schema(testCase.schema)
        let violations = compiled.validate(try json(testCase.instance))
        #expect(violations.map { [$0.pointer.description, $0.message] } == testCase.violations)
    }

    @Test("A violation describes itself as pointer: message")
    func violationDescription() {
        let violation = SchemaViolation(pointer: JSONPointer(tokens: ["a", "0"]), message: "expected a string, found integer 1")
        #expect(violation.description == "/a/0: expected a string, found integer 1")
    }

    // MARK: Known problems

    @Test(
        "maxLength and maxItems of one use the singular",
        arguments: [
            (#"{"maxLength": 1}"#, #""ab""#, "expected at most 1 character, found 2"),
            (#"{"maxItems": 1}"#, "[1, 2]", "expected at most 1 item, found 2"),
        ]
    )
    func singularMaximum(schemaText: String, instance: String, expected: String) throws {
        let violations = try schema(schemaText).validate(try json(instance))
        #expect(violations.count == 1)
        #expect(violations.first?.message == expected)
    }

    @Test(
        "A null that breaks a type is described once, as null"
    )
    func nullFound() throws {
        let violations = try schema(#"{"type": "string"}"#).validate(nil)
        #expect(violations.map(\.message) == ["expected a string, found null"])
    }

    @Test(
        "String length counts Unicode code points, as JSON Schema defines it",
        arguments: [
            (#"{"maxLength": 2}"#, "\u{1F468}\u{200D}\u{1F469}\u{200D}\u{1F467}", 1),  // family emoji: 5 code points, 1 Character
            (#"{"minLength": 2}"#, "e\u{301}", 0),  // e + combining acute: 2 code points, 1 Character
        ]
    )
    func lengthInCodePoints(schemaText: String, text: String, expectedViolations: Int) throws {
        let violations = try schema(schemaText).validate(.string(text))
        #expect(violations.count == expectedViolations)
    }
}

@Suite struct JSONSchemaIntegerTests {
    @Test("an integer too large to hold exactly is not an integer", arguments: [(8_999_999_999_999_999.0, true), (1e16, false), (-1e16, false), (42.0, true), (4.5, false)])
    func largeIntegers(value: Double, valid: Bool) throws {
        let integer = try schema(#"{"type": "integer"}"#)
        #expect(integer.validate(.number(value)).isEmpty == valid)
    }
}
