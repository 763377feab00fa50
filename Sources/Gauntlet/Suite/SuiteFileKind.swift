import AgentCore

/// The kinds of file a suite is made of, each with its JSON Schema.
public enum SuiteFileKind: String, Sendable, CaseIterable {
    case task
    case tools
    case world
    case agent
    case chaos

    /// The schema's file name in `Suites/schema/`.
    public var schemaFileName: String { "\(rawValue).schema.json" }

    /// The schema document, as shipped in `Suites/schema/`.
    public var schemaDocument: JSONValue {
        // The literals below are fixed at compile time and covered by tests; a failure here is a
        // programming error, not bad input.
        try! JSONParser.parse(SuiteSchemaText.text(for: self))
    }

    /// The compiled schema `validate` checks files against.
    public var schema: JSONSchema {
        switch self {
        case .task: SuiteFileKind.taskSchema
        case .tools: SuiteFileKind.toolsSchema
        case .world: SuiteFileKind.worldSchema
        case .agent: SuiteFileKind.agentSchema
        case .chaos: SuiteFileKind.chaosSchema
        }
    }

    private static let taskSchema = try! JSONSchema(SuiteFileKind.task.schemaDocument)
    private static let toolsSchema = try! JSONSchema(SuiteFileKind.tools.schemaDocument)
    private static let worldSchema = try! JSONSchema(SuiteFileKind.world.schemaDocument)
    private static let agentSchema = try! JSONSchema(SuiteFileKind.agent.schemaDocument)
    private static let chaosSchema = try! JSONSchema(SuiteFileKind.chaos.schemaDocument)
}
