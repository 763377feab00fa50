import AgentCore

/// A model that plays its base model but, in the tasks it is told to, brings the whole process
/// down with a Swift trap once the agent has made a tool call: the kind of crash no `catch` and
/// no watchdog can contain, which only running trials in a worker process survives.
public struct TrappingModel: Model {
    public var base: any Model
    /// Whether this trial traps.
    public var traps: Bool

    public init(base: any Model, traps: Bool) {
        self.base = base
        self.traps = traps
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        // After a tool result, so the trial leaves a trajectory to recover.
        if traps, request.messages.contains(where: { $0.role == .tool }) {
            fatalError("TrappingModel: this task traps (agent model kind \"trap\")")
        }
        return try await base.respond(to: request)
    }
}
