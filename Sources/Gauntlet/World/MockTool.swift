import AgentCore

/// A tool declared in a catalog, acting on one trial's `MockWorld` in virtual time.
///
/// A write that carries an idempotency key is applied at most once: a retry with the same key
/// gets the first result back, as an idempotent API would answer.
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

    public func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        try await clock.sleep(for: definition.latency)
        return .json(try apply(arguments, idempotencyKey: context.idempotencyKey))
    }

    /// Runs the effect against the world now, without latency (fault injection composes it).
    public func apply(_ arguments: JSONValue, idempotencyKey: String? = nil) throws(ToolError) -> JSONValue {
        let interpreter = EffectInterpreter(tool: definition.spec.name)
        let key = definition.spec.risk.hasSideEffects ? idempotencyKey : nil
        return try world.transaction(tool: definition.spec.name, idempotencyKey: key) { (state: inout JSONValue) throws(ToolError) -> JSONValue in
            try interpreter.run(definition.effect, result: definition.result, arguments: arguments, on: &state)
        }
    }

    /// Runs the effect against an older state of the world: a stale read.
    public func applyStale(_ arguments: JSONValue, versionsBack: Int) throws(ToolError) -> JSONValue {
        let interpreter = EffectInterpreter(tool: definition.spec.name)
        return try world.read(versionsBack: versionsBack) { (state: inout JSONValue) throws(ToolError) -> JSONValue in
            try interpreter.run(definition.effect, result: definition.result, arguments: arguments, on: &state)
        }
    }
}
