/// An RFC 6901 JSON Pointer such as `/orders/NW-20931/status`.
public struct JSONPointer: Sendable, Hashable, CustomStringConvertible {
    /// The unescaped reference tokens, outermost first.
    public var tokens: [String]

    /// The pointer to the whole document.
    public static let root = JSONPointer(tokens: [])

    public init(tokens: [String]) {
        self.tokens = tokens
    }

    /// Parses pointer text; `nil` when it is neither empty nor starts with `/`.
    public init?(_ text: String) {
        if text.isEmpty {
            tokens = []
            return
        }
        guard text.hasPrefix("/") else { return nil }
        tokens = text.dropFirst().split(separator: "/", omittingEmptySubsequences: false).map(JSONPointer.unescape)
    }

    /// This pointer extended by one key or index.
    public func appending(_ token: String) -> JSONPointer {
        JSONPointer(tokens: tokens + [token])
    }

    /// This pointer extended by one array index.
    public func appending(_ index: Int) -> JSONPointer {
        appending(String(index))
    }

    /// The pointer to the parent, or `nil` for the root.
    public var parent: JSONPointer? {
        tokens.isEmpty ? nil : JSONPointer(tokens: Array(tokens.dropLast()))
    }

    /// The pointer text, escaped; the root is written as `/` so messages never show an empty path.
    public var description: String {
        tokens.isEmpty ? "/" : tokens.map { "/" + JSONPointer.escape($0) }.joined()
    }

    private static func escape(_ token: String) -> String {
        var output = ""
        for character in token {
            switch character {
            case "~": output += "~0"
            case "/": output += "~1"
            default: output.append(character)
            }
        }
        return output
    }

    private static func unescape(_ token: Substring) -> String {
        var output = ""
        var iterator = token.makeIterator()
        while let character = iterator.next() {
            guard character == "~" else { output.append(character); continue }
            switch iterator.next() {
            case "0": output += "~"
            case "1": output += "/"
            case let other?: output += "~" + String(other)
            case nil: output += "~"
            }
        }
        return output
    }
}

extension JSONValue {
    /// The value at `pointer`, or `nil` when some token does not resolve.
    public subscript(pointer pointer: JSONPointer) -> JSONValue? {
        var current = self
        for token in pointer.tokens {
            switch current {
            case .object(let object):
                guard let next = object[token] else { return nil }
                current = next
            case .array(let elements):
                guard let index = JSONValue.arrayIndex(token), index < elements.count else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }

    /// Replaces the value at `pointer`; its parent must exist. Returns whether it was set.
    ///
    /// On an array the last token may be an existing index or `-` (append).
    @discardableResult
    public mutating func set(_ value: JSONValue, at pointer: JSONPointer) -> Bool {
        guard let first = pointer.tokens.first else {
            self = value
            return true
        }
        let rest = JSONPointer(tokens: Array(pointer.tokens.dropFirst()))
        switch self {
        case .object(var object):
            if rest.tokens.isEmpty {
                object[first] = value
            } else {
                guard var child = object[first], child.set(value, at: rest) else { return false }
                object[first] = child
            }
            self = .object(object)
            return true
        case .array(var elements):
            if rest.tokens.isEmpty, first == "-" {
                elements.append(value)
            } else {
                guard let index = JSONValue.arrayIndex(first), index < elements.count else { return false }
                if rest.tokens.isEmpty {
                    elements[index] = value
                } else {
                    guard elements[index].set(value, at: rest) else { return false }
                }
            }
            self = .array(elements)
            return true
        default:
            return false
        }
    }

    /// Removes and returns the value at `pointer`, or `nil` when there is none.
    @discardableResult
    public mutating func remove(at pointer: JSONPointer) -> JSONValue? {
        guard let parentPointer = pointer.parent, let last = pointer.tokens.last,
            var parent = self[pointer: parentPointer]
        else { return nil }
        let removed: JSONValue?
        switch parent {
        case .object(var object):
            removed = object[last]
            object[last] = nil
            parent = .object(object)
        case .array(var elements):
            guard let index = JSONValue.arrayIndex(last), index < elements.count else { return nil }
            removed = elements.remove(at: index)
            parent = .array(elements)
        default:
            return nil
        }
        guard removed != nil else { return nil }
        set(parent, at: parentPointer)
        return removed
    }

    private static func arrayIndex(_ token: String) -> Int? {
        guard let index = Int(token), index >= 0, token == String(index) else { return nil }
        return index
    }
}
