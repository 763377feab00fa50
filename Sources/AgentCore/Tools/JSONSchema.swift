/// A JSON Schema, restricted to the subset Gauntlet documents, compiled for validation.
///
/// Supported keywords: `type`, `properties`, `required`, `additionalProperties`, `items`, `enum`,
/// `const`, `minimum`, `maximum`, `minLength`, `maxLength`, `pattern`, `minItems`, `maxItems`,
/// `minProperties`, `maxProperties`, `$ref` (to `#/$defs/NAME`), `$defs`, and the annotations
/// `$schema`, `$id`, `title`, `description`, `default`, `examples`. Any other keyword is rejected
/// when the schema is compiled, so a schema never silently checks less than its author thinks.
public final class JSONSchema: Sendable, Hashable {
    /// The schema document as written.
    public let source: JSONValue

    let types: [String]?
    let properties: [(String, JSONSchema)]
    let required: [String]
    /// `nil` allows any extra member; `.some(nil)` forbids them; `.some(schema)` checks them.
    let additionalProperties: JSONSchema??
    let items: JSONSchema?
    let enumValues: [JSONValue]?
    let constValue: JSONValue?
    let minimum: Double?
    let maximum: Double?
    let minLength: Int?
    let maxLength: Int?
    let pattern: String?
    let minItems: Int?
    let maxItems: Int?
    let minProperties: Int?
    let maxProperties: Int?
    let reference: String?
    let definitions: [String: JSONSchema]

    static let typeNames = ["object", "array", "string", "number", "integer", "boolean", "null"]
    static let annotations: Set<String> = ["$schema", "$id", "$comment", "title", "description", "default", "examples"]
    static let keywords: Set<String> = [
        "type", "properties", "required", "additionalProperties", "items", "enum", "const", "minimum",
        "maximum", "minLength", "maxLength", "pattern", "minItems", "maxItems", "minProperties",
        "maxProperties", "$ref", "$defs",
    ]

    /// Compiles a schema document.
    /// - Throws: `JSONSchemaError` listing every problem in the document, each with its pointer.
    public convenience init(_ source: JSONValue) throws(JSONSchemaError) {
        var problems: [SchemaViolation] = []
        let definitions = JSONSchema.collectDefinitionNames(source)
        self.init(source, at: .root, definitionNames: definitions, problems: &problems)
        problems += referenceCycles(at: .root)
        if !problems.isEmpty { throw JSONSchemaError(violations: problems) }
    }

    /// Compiles a schema, adding its problems to `problems` (pointers relative to `base`).
    public static func compile(_ source: JSONValue, at base: JSONPointer, problems: inout [SchemaViolation]) -> JSONSchema {
        let schema = JSONSchema(source, at: base, definitionNames: collectDefinitionNames(source), problems: &problems)
        problems += schema.referenceCycles(at: base)
        return schema
    }

    /// Chains of `$ref` that lead back to themselves without descending into the instance, which
    /// validation would follow forever.
    private func referenceCycles(at base: JSONPointer) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        var reported = Set<String>()
        for start in definitions.keys.sorted() {
            var chain = [start]
            var current = definitions[start]?.reference
            while let name = current {
                if name == start {
                    if reported.isDisjoint(with: chain) {
                        violations.append(SchemaViolation(
                            pointer: base.appending("$defs").appending(start).appending("$ref"),
                            message: "$ref cycle: \((chain + [start]).joined(separator: " → ")) never reaches a schema"))
                    }
                    reported.formUnion(chain)
                    break
                }
                if chain.contains(name) { break }
                chain.append(name)
                current = definitions[name]?.reference
            }
        }
        return violations
    }

    private static func collectDefinitionNames(_ source: JSONValue) -> Set<String> {
        Set(source["$defs"]?.objectValue?.keys ?? [])
    }

    private init(_ source: JSONValue, at pointer: JSONPointer, definitionNames: Set<String>, problems: inout [SchemaViolation]) {
        self.source = source
        func problem(_ key: String, _ message: String) {
            problems.append(SchemaViolation(pointer: pointer.appending(key), message: message))
        }
        func child(_ value: JSONValue, _ at: JSONPointer) -> JSONSchema {
            JSONSchema(value, at: at, definitionNames: definitionNames, problems: &problems)
        }
        func count(_ key: String) -> Int? {
            guard let value = source[key] else { return nil }
            guard let number = value.intValue, number >= 0 else {
                problem(key, "expected a non-negative integer, found \(value.excerpt())")
                return nil
            }
            return number
        }
        func number(_ key: String) -> Double? {
            guard let value = source[key] else { return nil }
            guard let number = value.numberValue else {
                problem(key, "expected a number, found \(value.excerpt())")
                return nil
            }
            return number
        }

        guard let object = source.objectValue else {
            if source != .bool(true) {
                problems.append(SchemaViolation(pointer: pointer, message: "expected a schema object, found \(source.typeName)"))
            }
            types = nil; properties = []; required = []; additionalProperties = nil; items = nil
            enumValues = nil; constValue = nil; minimum = nil; maximum = nil; minLength = nil; maxLength = nil
            pattern = nil; minItems = nil; maxItems = nil; minProperties = nil; maxProperties = nil
            reference = nil; definitions = [:]
            return
        }
        for key in object.keys where !JSONSchema.keywords.contains(key) && !JSONSchema.annotations.contains(key) {
            let suggestion = Spelling.closest(to: key, among: JSONSchema.keywords).map { " (did you mean \"\($0)\"?)" } ?? ""
            problem(key, "unsupported JSON Schema keyword \"\(key)\"\(suggestion)")
        }

        switch source["type"] {
        case nil:
            types = nil
        case .string(let name)?:
            if !JSONSchema.typeNames.contains(name) { problem("type", "unknown type \"\(name)\"; expected one of \(JSONSchema.typeNames.joined(separator: ", "))") }
            types = [name]
        case .array(let names)?:
            var collected: [String] = []
            for (index, name) in names.enumerated() {
                if let name = name.stringValue, JSONSchema.typeNames.contains(name) {
                    collected.append(name)
                } else {
                    problems.append(SchemaViolation(pointer: pointer.appending("type").appending(index), message: "expected a type name, found \(name.excerpt())"))
                }
            }
            types = collected
        case let other?:
            problem("type", "expected a type name or a list of them, found \(other.typeName)")
            types = nil
        }

        if let value = source["properties"] {
            if let members = value.objectValue {
                properties = members.map { ($0.key, child($0.value, pointer.appending("properties").appending($0.key))) }
            } else {
                problem("properties", "expected an object of schemas, found \(value.typeName)")
                properties = []
            }
        } else {
            properties = []
        }

        if let value = source["required"] {
            if let names = value.arrayValue?.compactMap(\.stringValue), names.count == value.arrayValue?.count {
                required = names
            } else {
                problem("required", "expected an array of key names, found \(value.excerpt())")
                required = []
            }
        } else {
            required = []
        }

        switch source["additionalProperties"] {
        case nil, .bool(true)?: additionalProperties = nil
        case .bool(false)?: additionalProperties = .some(nil)
        case let schema?: additionalProperties = .some(child(schema, pointer.appending("additionalProperties")))
        }

        items = source["items"].map { child($0, pointer.appending("items")) }

        if let value = source["enum"] {
            if let values = value.arrayValue, !values.isEmpty {
                enumValues = values
            } else {
                problem("enum", "expected a non-empty array, found \(value.excerpt())")
                enumValues = nil
            }
        } else {
            enumValues = nil
        }
        constValue = source["const"]
        minimum = number("minimum")
        maximum = number("maximum")
        minLength = count("minLength")
        maxLength = count("maxLength")
        minItems = count("minItems")
        maxItems = count("maxItems")
        minProperties = count("minProperties")
        maxProperties = count("maxProperties")

        if let value = source["pattern"] {
            if let text = value.stringValue {
                do {
                    _ = try Regex(text)
                    pattern = text
                } catch {
                    problem("pattern", "invalid regular expression \(value.excerpt()): \(error)")
                    pattern = nil
                }
            } else {
                problem("pattern", "expected a regular expression string, found \(value.typeName)")
                pattern = nil
            }
        } else {
            pattern = nil
        }

        if let value = source["$ref"] {
            let prefix = "#/$defs/"
            if let text = value.stringValue, text.hasPrefix(prefix), definitionNames.contains(String(text.dropFirst(prefix.count))) {
                reference = String(text.dropFirst(prefix.count))
            } else {
                problem("$ref", "expected a reference to one of this document's $defs (\"#/$defs/NAME\"), found \(value.excerpt())")
                reference = nil
            }
        } else {
            reference = nil
        }

        if let value = source["$defs"] {
            if let members = value.objectValue {
                var collected: [String: JSONSchema] = [:]
                for (name, definition) in members {
                    collected[name] = child(definition, pointer.appending("$defs").appending(name))
                }
                definitions = collected
            } else {
                problem("$defs", "expected an object of schemas, found \(value.typeName)")
                definitions = [:]
            }
        } else {
            definitions = [:]
        }
    }

    /// Every way `instance` breaks this schema, in document order; empty when it conforms.
    public func validate(_ instance: JSONValue) -> [SchemaViolation] {
        var violations: [SchemaViolation] = []
        validate(instance, at: .root, root: self, into: &violations)
        return violations
    }

    private func validate(_ instance: JSONValue, at pointer: JSONPointer, root: JSONSchema, into violations: inout [SchemaViolation]) {
        func fail(_ message: String, at where: JSONPointer? = nil) {
            violations.append(SchemaViolation(pointer: `where` ?? pointer, message: message))
        }
        if let reference {
            root.definitions[reference]?.validate(instance, at: pointer, root: root, into: &violations)
        }
        if let types, !types.contains(where: { JSONSchema.matches(instance, type: $0) }) {
            fail("expected \(JSONSchema.describe(types)), found \(JSONSchema.describeFound(instance))")
            return
        }
        if let enumValues, !enumValues.contains(instance) {
            fail("expected one of \(enumValues.map { $0.excerpt() }.joined(separator: ", ")), found \(instance.excerpt())")
        }
        if let constValue, constValue != instance {
            fail("expected \(constValue.excerpt()), found \(instance.excerpt())")
        }
        switch instance {
        case .number(let value):
            if let minimum, value < minimum { fail("expected a number >= \(JSONWriter.format(minimum)), found \(JSONWriter.format(value))") }
            if let maximum, value > maximum { fail("expected a number <= \(JSONWriter.format(maximum)), found \(JSONWriter.format(value))") }
        case .string(let text):
            // JSON Schema counts code points, not grapheme clusters.
            let length = text.unicodeScalars.count
            if let minLength, length < minLength { fail("expected at least \(minLength) character\(minLength == 1 ? "" : "s"), found \(instance.excerpt())") }
            if let maxLength, length > maxLength { fail("expected at most \(maxLength) character\(maxLength == 1 ? "" : "s"), found \(length)") }
            // Compiled per use: `Regex` is not `Sendable`, so a shared schema cannot keep one.
            if let pattern, let regex = try? Regex(pattern), (try? regex.firstMatch(in: text)) == nil {
                fail("expected a string matching /\(pattern)/, found \(instance.excerpt())")
            }
        case .array(let elements):
            if let minItems, elements.count < minItems { fail("expected at least \(minItems) item\(minItems == 1 ? "" : "s"), found \(elements.count)") }
            if let maxItems, elements.count > maxItems { fail("expected at most \(maxItems) item\(maxItems == 1 ? "" : "s"), found \(elements.count)") }
            if let items {
                for (index, element) in elements.enumerated() {
                    items.validate(element, at: pointer.appending(index), root: root, into: &violations)
                }
            }
        case .object(let object):
            for name in required where object[name] == nil {
                fail("missing required key \"\(name)\"")
            }
            if let minProperties, object.count < minProperties { fail("expected at least \(minProperties) key\(minProperties == 1 ? "" : "s"), found \(object.count)") }
            if let maxProperties, object.count > maxProperties { fail("expected at most \(maxProperties) key\(maxProperties == 1 ? "" : "s"), found \(object.count): \(object.keys.joined(separator: ", "))") }
            let declared = Dictionary(properties, uniquingKeysWith: { first, _ in first })
            for (key, value) in object {
                let memberPointer = pointer.appending(key)
                if let schema = declared[key] {
                    schema.validate(value, at: memberPointer, root: root, into: &violations)
                } else if let additionalProperties {
                    if let schema = additionalProperties {
                        schema.validate(value, at: memberPointer, root: root, into: &violations)
                    } else {
                        let suggestion = Spelling.closest(to: key, among: declared.keys).map { " (did you mean \"\($0)\"?)" } ?? ""
                        fail("unknown key \"\(key)\"\(suggestion)", at: memberPointer)
                    }
                }
            }
        default:
            break
        }
    }

    static func matches(_ instance: JSONValue, type: String) -> Bool {
        switch (type, instance) {
        case ("object", .object), ("array", .array), ("string", .string), ("number", .number), ("boolean", .bool), ("null", .null): true
        // Integers are whole numbers a program can hold exactly (see `JSONValue.intValue`).
        case ("integer", .number(let value)): value.rounded() == value && abs(value) < 9.0e15
        default: false
        }
    }

    private static func describe(_ types: [String]) -> String {
        let named = types.map { ["object", "array", "integer"].contains($0) ? "an \($0)" : "a \($0)" }
        return named.count <= 1 ? (named.first ?? "nothing") : named.dropLast().joined(separator: ", ") + " or " + named.last!
    }

    private static func describeFound(_ instance: JSONValue) -> String {
        switch instance {
        case .object, .array: instance.typeName
        case .null: "null"
        default: "\(instance.typeName) \(instance.excerpt())"
        }
    }

    public static func == (lhs: JSONSchema, rhs: JSONSchema) -> Bool { lhs.source == rhs.source }
    public func hash(into hasher: inout Hasher) { hasher.combine(source) }
}

/// A schema document that is not a valid schema of the supported subset.
public struct JSONSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var violations: [SchemaViolation]
    public var description: String { violations.map(\.description).joined(separator: "\n") }
}

extension JSONSchema {
    /// The keys `properties` declares, in order.
    public var declaredProperties: [String] { properties.map(\.0) }

    /// The keys `required` lists.
    public var requiredProperties: [String] { required }

    /// Whether keys beyond `properties` are accepted.
    public var allowsAdditionalProperties: Bool {
        if case .some(.none) = additionalProperties { return false }
        return true
    }
}
