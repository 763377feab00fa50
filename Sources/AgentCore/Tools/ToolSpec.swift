/// What the model is told about a tool, and what the agent core enforces about it.
public struct ToolSpec: Sendable, Hashable {
    public var name: String
    public var description: String
    /// The JSON Schema every call's arguments must satisfy before the tool is called.
    public var parameters: JSONSchema
    /// The JSON Schema of the tool's result, when it declares one.
    public var result: JSONSchema?
    public var risk: ToolRisk
    /// Whether calling twice with the same arguments has the effect of calling once.
    public var idempotent: Bool
    /// Whether a human must approve each call.
    public var needsApproval: Bool
    /// Whether the tool sends data outside the organisation (an email to anyone, a webhook, a
    /// public link): the egress guard checks its arguments.
    public var isExternal: Bool
    /// Member names whose string values in this tool's results are sensitive, at any depth.
    public var sensitiveFields: Set<String>

    public init(
        name: String, description: String, parameters: JSONSchema, result: JSONSchema? = nil,
        risk: ToolRisk = .read, idempotent: Bool? = nil, needsApproval: Bool = false,
        isExternal: Bool = false, sensitiveFields: Set<String> = []
    ) {
        self.isExternal = isExternal
        self.sensitiveFields = sensitiveFields
        self.name = name
        self.description = description
        self.parameters = parameters
        self.result = result
        self.risk = risk
        self.idempotent = idempotent ?? (risk == .read)
        self.needsApproval = needsApproval
    }
}
