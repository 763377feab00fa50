import AgentCore

/// A model that plays its base model but, in the tasks it is told to, brings the whole process
/// down with a Swift trap once the agent has made a tool call: the kind of crash no `catch` and
/// no watchdog can contain, which only running trials in a worker process survives.
public struct TrappingModel: Model {
    public var base: any Model
    /// Whether this trial traps.
    public var traps: Bool
    /// Whether this trial spins instead: a loop that never returns nor yields, which no watchdog
    /// inside the process can stop.
    public var spins: Bool

    public init(base: any Model, traps: Bool, spins: Bool = false) {
        self.base = base
        self.traps = traps
        self.spins = spins
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        // After a tool result, so the trial leaves a trajectory to recover.
        if traps, request.messages.contains(where: { $0.role == .tool }) {
            fatalError("TrappingModel: this task traps (agent model kind \"trap\")")
        }
        if spins, request.messages.contains(where: { $0.role == .tool }) {
            var turns: UInt64 = 0
            // Opaque to the optimiser, so the loop stays.
            while withUnsafeMutablePointer(to: &turns, { $0.pointee &+= 1; return $0.pointee }) != 0 {}
        }
        return try await base.respond(to: request)
    }
}
