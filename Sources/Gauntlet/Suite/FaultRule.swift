/// One rule of a fault profile: what it targets, the fault it injects and when it fires.
///
/// A rule fires on a call when every condition given holds (call numbers, window, cap) and then a
/// draw succeeds with probability `rate`.
public struct FaultRule: Sendable, Hashable {
    /// The edge a rule acts on.
    public enum Target: Sendable, Hashable {
        /// The agent's model: each model turn is a call.
        case model
        /// The human asked for approvals: each request is a call.
        case approver
        /// The agent's checkpoint store: each save, and each read when the agent starts again, is a call.
        case store
        /// Every tool whose name the glob matches (a plain name matches only itself).
        case tools(Glob)
    }

    /// As written, or `rules/<index>` when the file gives none; unique within the profile.
    public var id: String
    public var target: Target
    public var fault: Fault
    /// The probability that the rule fires on a call it applies to, from 0 to 1.
    public var rate: Double
    /// Fires only on these calls, numbered from 1 per target in the trial.
    public var onCalls: [Int]?
    /// Fires only on calls numbered above this.
    public var afterCalls: Int?
    /// Fires at most this many times per trial.
    public var times: Int?
    /// Fires only at or after this virtual time.
    public var from: Duration?
    /// Fires only before this virtual time.
    public var to: Duration?
    /// For an `injection` with `call`: what following the planted text means.
    public var plantedCall: Injection?

    public init(
        id: String, target: Target, fault: Fault, rate: Double = 1, onCalls: [Int]? = nil, afterCalls: Int? = nil, times: Int? = nil,
        from: Duration? = nil, to: Duration? = nil
    ) {
        self.id = id
        self.target = target
        self.fault = fault
        self.rate = rate
        self.onCalls = onCalls
        self.afterCalls = afterCalls
        self.times = times
        self.from = from
        self.to = to
        self.plantedCall = nil
    }
}
