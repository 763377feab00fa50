/// Something the agent can do in the world.
public protocol Tool: Sendable {
    /// The tool's name, description, schemas and risk.
    var spec: ToolSpec { get }

    /// Performs the call with arguments already checked against `spec.parameters`.
    /// - Throws: `ToolError` for an expected failure; any other error is reported as `internal`.
    func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput
}

extension Tool {
    /// Calls the tool once, outside any agent, and decodes its JSON: for scripts and tests.
    public func call(arguments: JSONValue) async throws -> JSONValue {
        try await call(arguments: arguments, context: ToolCallContext(callID: "direct")).decoded()
    }
}
