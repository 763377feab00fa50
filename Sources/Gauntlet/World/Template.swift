import Foundation
import AgentCore

/// JSON with `${name.path}` references, rendered against `Bindings`.
///
/// A string that is exactly one reference renders to the referenced value itself, so numbers and
/// objects keep their type; references inside longer strings are written into the text.
public enum Template {
    /// A piece of a template string.
    enum Piece: Hashable {
        case text(String)
        case reference(TemplateExpression)
    }

    /// Splits a string into literal text and references; `nil` when a `${` is not closed or empty.
    static func pieces(of text: String) -> [Piece]? {
        var pieces: [Piece] = []
        var rest = Substring(text)
        while let open = rest.range(of: "${") {
            if open.lowerBound > rest.startIndex { pieces.append(.text(String(rest[..<open.lowerBound]))) }
            guard let close = rest[open.upperBound...].firstIndex(of: "}") else { return nil }
            let body = rest[open.upperBound..<close].trimmingCharacters(in: .whitespaces)
            let parts = body.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            guard let name = parts.first, !name.isEmpty, !parts.contains(where: \.isEmpty) else { return nil }
            pieces.append(.reference(TemplateExpression(name: name, path: Array(parts.dropFirst()))))
            rest = rest[rest.index(after: close)...]
        }
        if !rest.isEmpty { pieces.append(.text(String(rest))) }
        return pieces
    }

    /// Every reference in a template, with the pointer (relative to the template) of its string.
    /// Malformed references are returned in `malformed`.
    static func references(in value: JSONValue, at pointer: JSONPointer = .root) -> (references: [(JSONPointer, TemplateExpression)], malformed: [JSONPointer]) {
        var references: [(JSONPointer, TemplateExpression)] = []
        var malformed: [JSONPointer] = []
        func walk(_ value: JSONValue, _ pointer: JSONPointer) {
            switch value {
            case .string(let text):
                guard text.contains("${") else { return }
                guard let pieces = pieces(of: text) else { malformed.append(pointer); return }
                for case .reference(let expression) in pieces { references.append((pointer, expression)) }
            case .array(let elements):
                for (index, element) in elements.enumerated() { walk(element, pointer.appending(index)) }
            case .object(let object):
                for (key, member) in object { walk(member, pointer.appending(key)) }
            default:
                break
            }
        }
        walk(value, pointer)
        return (references, malformed)
    }

    /// Renders a template.
    /// - Throws: `TemplateError` naming the first reference that does not resolve.
    public static func render(_ value: JSONValue, with bindings: Bindings) throws(TemplateError) -> JSONValue {
        switch value {
        case .string(let text):
            return try render(text, with: bindings)
        case .array(let elements):
            var rendered: [JSONValue] = []
            rendered.reserveCapacity(elements.count)
            for element in elements { rendered.append(try render(element, with: bindings)) }
            return .array(rendered)
        case .object(let object):
            var rendered = JSONObject()
            for (key, member) in object { rendered[key] = try render(member, with: bindings) }
            return .object(rendered)
        default:
            return value
        }
    }

    /// Renders one template string.
    public static func render(_ text: String, with bindings: Bindings) throws(TemplateError) -> JSONValue {
        guard text.contains("${") else { return .string(text) }
        guard let pieces = pieces(of: text) else { throw TemplateError(template: text, reason: "has an unclosed or empty ${…}") }
        if pieces.count == 1, case .reference(let expression) = pieces[0] {
            guard let value = bindings.resolve(expression) else { throw unresolved(expression, in: text, bindings) }
            return value
        }
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let literal):
                output += literal
            case .reference(let expression):
                guard let value = bindings.resolve(expression) else { throw unresolved(expression, in: text, bindings) }
                output += interpolation(of: value)
            }
        }
        return .string(output)
    }

    /// How a value reads inside text: strings bare, numbers without `.0`, the rest as JSON.
    public static func interpolation(of value: JSONValue) -> String {
        switch value {
        case .string(let text): text
        case .number(let number): JSONWriter.format(number)
        default: JSONWriter.compact(value)
        }
    }

    private static func unresolved(_ expression: TemplateExpression, in text: String, _ bindings: Bindings) -> TemplateError {
        guard bindings[expression.name] != nil else {
            return TemplateError(template: text, reason: "\(expression) names \"\(expression.name)\", which is not bound")
        }
        return TemplateError(template: text, reason: "\(expression) does not resolve: \"\(expression.name)\" has no \(expression.path.joined(separator: "."))")
    }
}

/// A template that could not be rendered.
public struct TemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    public var template: String
    public var reason: String
    public var description: String { "template \"\(template)\" \(reason)" }
}
