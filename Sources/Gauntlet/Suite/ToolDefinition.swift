import AgentCore

/// A mock tool as a catalog declares it: the spec the agent sees and how it acts on the world.
public struct ToolDefinition: Sendable {
    public var spec: ToolSpec
    /// Virtual time each call takes.
    public var latency: Duration
    /// Steps run against the world on each call.
    public var effect: [EffectStep]
    /// The result template; `nil` returns `{"ok": true}`.
    public var result: JSONValue?
}
