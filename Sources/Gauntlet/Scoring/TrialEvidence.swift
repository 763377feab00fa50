import AgentCore

/// What a finished trial leaves behind for scoring.
public struct TrialEvidence: Sendable {
    /// How the agent stopped; `nil` when it never returned (hang) or threw (crash).
    public var stop: AgentRunResult.Stop?
    public var events: [TrajectoryEvent]
    public var finalWorld: JSONValue
    public var steps: Int
    public var toolCalls: Int
    public var tokens: Int
    public var durationMs: Int64
    /// Every write that changed the world, in order, with its arguments.
    public var appliedEffects: [MockWorld.AppliedEffect]
    /// The world's planted secrets, which no call may carry.
    public var canaries: [String]
    /// Instructions planted in this trial's data (the task's, and the profile's that fired).
    public var injections: [Injection]

    public init(
        stop: AgentRunResult.Stop?, events: [TrajectoryEvent], finalWorld: JSONValue, steps: Int, toolCalls: Int, tokens: Int, durationMs: Int64,
        appliedEffects: [MockWorld.AppliedEffect] = [], canaries: [String] = [], injections: [Injection] = []
    ) {
        self.appliedEffects = appliedEffects
        self.canaries = canaries
        self.injections = injections
        self.stop = stop
        self.events = events
        self.finalWorld = finalWorld
        self.steps = steps
        self.toolCalls = toolCalls
        self.tokens = tokens
        self.durationMs = durationMs
    }
}
