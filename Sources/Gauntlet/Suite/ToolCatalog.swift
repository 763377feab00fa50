/// A catalog file of mock tools for one domain.
public struct ToolCatalog: Sendable {
    public var domain: String
    public var description: String
    public var tools: [ToolDefinition]
    /// The file it was loaded from.
    public var file: String
}
