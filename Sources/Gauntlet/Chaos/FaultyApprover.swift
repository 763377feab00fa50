import AgentCore

/// The mock human behind the fault injector: absent (no answer for a long time) or cautious (no).
public struct FaultyApprover: Approver {
    public let base: any Approver
    public let injector: FaultInjector
    public let clock: any AgentClock
    /// The agent process asking; a dead one's requests go nowhere.
    public let life: AgentLife?

    public init(base: any Approver, injector: FaultInjector, clock: any AgentClock, life: AgentLife? = nil) {
        self.base = base
        self.injector = injector
        self.clock = clock
        self.life = life
    }

    public func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        if life?.isDead == true { return .deny(reason: "The agent's process is gone.") }
        for firing in injector.faults(at: .approver, target: "approver", identity: request.callID, attempt: 1) {
            switch firing.rule.fault {
            case .noAnswer(let silence):
                do {
                    try await clock.sleep(for: silence)
                } catch {
                    return .deny(reason: "The request was withdrawn before anyone answered.")
                }
                return .deny(reason: "Nobody answered the request within \(silence.milliseconds / 1000) s.")
            case .deny(let reason):
                return .deny(reason: reason)
            default:
                break
            }
        }
        return await base.review(request)
    }
}
