import AgentCore

/// A tool declared in a catalog, acting on one trial's `MockWorld` in virtual time.
public struct MockTool: Tool {
    public let definition: ToolDefinition
    public let world: MockWorld
    public let clock: any AgentClock

    public init(definition: ToolDefinition, world: MockWorld, clock: any AgentClock) {
        self.definition = definition
        self.world = world
        self.clock = clock
    }

    public var spec: ToolSpec { definition.spec }

    public func call(arguments: JSONValue) async throws -> JSONValue {
        try await clock.sleep(for: definition.latency)
        let interpreter = EffectInterpreter(tool: definition.spec.name)
        return try world.transaction { (state: inout JSONValue) throws(ToolError) -> JSONValue in
            try interpreter.run(definition.effect, result: definition.result, arguments: arguments, on: &state)
        }
    }
}
