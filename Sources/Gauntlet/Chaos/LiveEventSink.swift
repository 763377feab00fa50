import AgentCore

/// An agent's event sink that goes quiet when its process dies: what a dead agent does after its
/// crash is not part of the trial.
public struct LiveEventSink: EventSink {
    public let base: any EventSink
    public let life: AgentLife

    public init(base: any EventSink, life: AgentLife) {
        self.base = base
        self.life = life
    }

    public func record(_ event: AgentEvent) {
        guard !life.isDead else { return }
        base.record(event)
    }
}
