import AgentCore

/// Named values that templates refer to: a policy step's results, an effect's `args`, an `error`.
public struct Bindings: Sendable, Hashable {
    public private(set) var values: [String: JSONValue] = [:]

    public init(_ values: [String: JSONValue] = [:]) {
        self.values = values
    }

    public subscript(name: String) -> JSONValue? {
        get { values[name] }
        set { values[name] = newValue }
    }

    /// Resolves an expression such as `orders.0.total`: a name, then keys or array indexes.
    public func resolve(_ expression: TemplateExpression) -> JSONValue? {
        guard var current = values[expression.name] else { return nil }
        for segment in expression.path {
            switch current {
            case .object(let object):
                guard let next = object[segment] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(segment), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}
