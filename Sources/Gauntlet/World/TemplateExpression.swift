/// One `${name.path}` reference inside a template string.
public struct TemplateExpression: Sendable, Hashable, CustomStringConvertible {
    /// The binding it starts from.
    public var name: String
    /// Keys and array indexes walked from there.
    public var path: [String]

    public var description: String { "${" + ([name] + path).joined(separator: ".") + "}" }
}
