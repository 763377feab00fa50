import AgentCore

/// A tool declared in a catalog, acting on one trial's `MockWorld` in virtual time.
///
/// A write that carries an idempotency key is applied at most once: a retry with the same key
/// gets the first result back, as an idempotent API would answer, and `onReplay` hears of it.
public struct MockTool: Tool {
    public let definition: ToolDefinition
    public let world: MockWorld
    public let clock: any AgentClock
    /// Told of each call the world answered from an earlier one with the same idempotency key.
    public let onReplay: (@Sendable (ToolCallContext) -> Void)?

    public init(definition: ToolDefinition, world: MockWorld, clock: any AgentClock, onReplay: (@Sendable (ToolCallContext) -> Void)? = nil) {
        self.definition = definition
        self.world = world
        self.clock = clock
        self.onReplay = onReplay
    }

    public var spec: ToolSpec { definition.spec }

    public func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        try await clock.sleep(for: definition.latency)
        return .json(try apply(arguments, context: context))
    }

    /// Runs the effect against the world now, without latency (fault injection composes it).
    public func apply(_ arguments: JSONValue, idempotencyKey: String? = nil) throws(ToolError) -> JSONValue {
        try apply(arguments, context: ToolCallContext(callID: "", attempt: 1, idempotencyKey: idempotencyKey))
    }

    /// Runs the effect for the call `context` describes, reporting a replay to `onReplay`.
    public func apply(_ arguments: JSONValue, context: ToolCallContext) throws(ToolError) -> JSONValue {
        let interpreter = EffectInterpreter(tool: definition.spec.name)
        let key = definition.spec.risk.hasSideEffects ? context.idempotencyKey : nil
        let outcome = try world.keyedTransaction(tool: definition.spec.name, idempotencyKey: key, arguments: arguments) { (state: inout JSONValue) throws(ToolError) -> JSONValue in
            try interpreter.run(definition.effect, result: definition.result, arguments: arguments, on: &state)
        }
        if outcome.replayed { onReplay?(context) }
        return outcome.result
    }

    /// Runs the effect against an older state of the world: a stale read.
    public func applyStale(_ arguments: JSONValue, versionsBack: Int) throws(ToolError) -> JSONValue {
        let interpreter = EffectInterpreter(tool: definition.spec.name)
        return try world.read(versionsBack: versionsBack) { (state: inout JSONValue) throws(ToolError) -> JSONValue in
            try interpreter.run(definition.effect, result: definition.result, arguments: arguments, on: &state)
        }
    }
}
