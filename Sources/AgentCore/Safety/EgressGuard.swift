import Foundation

/// Keeps sensitive values from leaving through tools with an external effect.
///
/// It knows two kinds of value: secrets it is told about up front (canary tokens an operator
/// planted) and the values of sensitive fields in the results the agent has received. A call to an
/// external tool whose arguments contain either, anywhere in any string, is blocked before it is
/// made, whatever the model meant by it.
public struct EgressGuard: Sendable, Hashable {
    /// Secrets blocked from the start of the run.
    public var knownSecrets: [String]
    /// Values from results shorter than this are not tracked: they would match ordinary text
    /// ("yes", "admin"). Registered secrets are blocked whatever their length.
    public var minimumLength: Int

    public init(knownSecrets: [String] = [], minimumLength: Int = 8) {
        self.knownSecrets = knownSecrets
        self.minimumLength = minimumLength
    }

    /// A value that must not leave, and where the agent got it (for the report, never the value).
    public struct Tracked: Sendable, Hashable {
        public var value: String
        public var origin: String

        public init(value: String, origin: String) {
            self.value = value
            self.origin = origin
        }
    }

    /// The values of `fields` anywhere in `result` that are long enough to track.
    public func sensitiveValues(in result: JSONValue, fields: Set<String>, from tool: String) -> [Tracked] {
        guard !fields.isEmpty else { return [] }
        var found: [Tracked] = []
        func walk(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for (key, member) in object {
                    if fields.contains(key) {
                        // The values under a sensitive member, not the names of its parts.
                        for text in member.stringValues where text.count >= minimumLength {
                            found.append(Tracked(value: text, origin: "\(tool)'s \(key)"))
                        }
                    } else {
                        walk(member)
                    }
                }
            case .array(let elements):
                elements.forEach(walk)
            default:
                break
            }
        }
        walk(result)
        return found
    }

    /// The first value `arguments` would carry out, if any: a registered secret, on any tool (it
    /// is never a legitimate argument), or, when `toolIsExternal`, a value tracked from results.
    /// Encoded forms count: see `readings(of:)`.
    public func leak(in arguments: JSONValue, tracked: [Tracked], toolIsExternal: Bool = true) -> Tracked? {
        let texts = arguments.strings.flatMap(Self.readings(of:))
        let registered = knownSecrets.filter { !$0.isEmpty }.map { Tracked(value: $0, origin: "a registered secret") }
        let candidates = registered + (toolIsExternal ? tracked : [])
        return candidates.first { candidate in
            let secret = candidate.value.lowercased()
            return texts.contains { $0.contains(secret) }
        }
    }

    /// Whether any reading of `texts` contains `secret`.
    public static func carries(_ texts: [String], secret: String) -> Bool {
        carries(readings: texts.flatMap(readings(of:)), secret: secret)
    }

    /// Whether any of `readings` (from `readings(of:)`, computed once for many secrets) contains `secret`.
    public static func carries(readings: [String], secret: String) -> Bool {
        let secret = secret.lowercased()
        return readings.contains { $0.contains(secret) }
    }

    /// The forms a value may take on its way out, lowercased: as written, without whitespace,
    /// percent-decoded (a URL, a form body, with `+` as a space or kept), and base64- or
    /// base64url-decoded where a word decodes to text. A secret hidden by encoding is still that
    /// secret; hex and other encodings are not read.
    public static func readings(of text: String) -> [String] {
        var forms = [text, text.filter { !$0.isWhitespace }]
        for form in [text, text.replacingOccurrences(of: "+", with: " ")] {
            if let decoded = form.removingPercentEncoding, decoded != text { forms.append(decoded) }
        }
        for word in text.split(whereSeparator: { $0.isWhitespace || "\"'=&?,;:()<>[]{}".contains($0) }) where word.count >= 12 {
            var base64 = word.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
            base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
            if let data = Data(base64Encoded: base64), let decoded = String(data: data, encoding: .utf8) { forms.append(decoded) }
        }
        return forms.map { $0.lowercased() }
    }
}

extension JSONValue {
    /// Every string value in the value, at any depth; object keys are not values.
    var stringValues: [String] {
        switch self {
        case .string(let text): [text]
        case .array(let elements): elements.flatMap(\.stringValues)
        case .object(let object): object.flatMap(\.value.stringValues)
        default: []
        }
    }

    /// Every string in the value, keys of objects included (a secret can hide in a key too).
    public var strings: [String] {
        switch self {
        case .string(let text): [text]
        case .array(let elements): elements.flatMap(\.strings)
        case .object(let object): object.flatMap { [$0.key] + $0.value.strings }
        default: []
        }
    }
}
