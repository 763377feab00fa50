import Synchronization

/// A per-dependency circuit breaker, so that an outage stops costing calls and gets time to heal.
///
/// **Closed**, every call goes through and its outcome joins a sliding window of the last
/// `windowSize` completed calls; once the window holds at least `minimumCalls` outcomes and the
/// share of failures reaches `failureRateThreshold`, the breaker **opens**. Open, every call is
/// rejected at once (the caller should fail it as `circuit_open`, a permanent error that is never
/// retried) until `openDuration` has passed; then the next `acquire` moves it to **half-open** and
/// lets up to `halfOpenProbes` probe calls through. A successful probe closes it with an empty
/// window; a failed one opens it again for another `openDuration`.
///
/// Time is supplied by the caller as a `Duration` since any fixed origin (the agent passes its
/// clock's `now`), so a virtual clock drives cool-downs without real waiting. Every outcome is
/// reported against the `Permit` that `acquire` handed out; permits carry the breaker's generation
/// (bumped on every transition), so an outcome from an earlier state, such as a late failure
/// arriving while open, or a stale probe after the breaker moved on, is ignored: it neither
/// extends a break nor fires a transition twice.
///
/// Thread-safe: all state sits behind a `Mutex`, so concurrent callers see one consistent breaker.
public final class CircuitBreaker: Sendable {
    /// A breaker's tuning; every value has a documented default.
    public struct Configuration: Sendable, Hashable {
        /// The share of failures in the window (0...1) at or above which the breaker opens. Default 0.5.
        public var failureRateThreshold: Double
        /// How many of the most recent completed calls the window holds. Default 10. Values below 1 count as 1.
        public var windowSize: Int
        /// Fewer outcomes than this in the window never open the breaker, so that two failures out of
        /// two calls do not cut a dependency off. Default 5. Values below 1 count as 1; a value above
        /// `windowSize` means the breaker never opens.
        public var minimumCalls: Int
        /// How long the breaker stays open before it lets a probe through. Default 30 s.
        public var openDuration: Duration
        /// How many probe calls may be in flight at once while half-open. Default 1. Values below 1 count as 1.
        public var halfOpenProbes: Int
        /// How long a probe may stay unreported before its slot is freed. Default `openDuration`.
        ///
        /// A probe that hangs would otherwise hold its slot forever and wedge the breaker half-open,
        /// rejecting every call. An expired probe counts as neither success nor failure, and an
        /// outcome it reports afterwards is ignored.
        public var probeTimeout: Duration

        /// A configuration with the documented defaults for every parameter left out; `probeTimeout` defaults to `openDuration`.
        public init(
            failureRateThreshold: Double = 0.5,
            windowSize: Int = 10,
            minimumCalls: Int = 5,
            openDuration: Duration = .seconds(30),
            halfOpenProbes: Int = 1,
            probeTimeout: Duration? = nil
        ) {
            self.failureRateThreshold = failureRateThreshold
            self.windowSize = windowSize
            self.minimumCalls = minimumCalls
            self.openDuration = openDuration
            self.halfOpenProbes = halfOpenProbes
            self.probeTimeout = probeTimeout ?? openDuration
        }
    }

    /// Where the breaker is in its cycle.
    public enum State: String, Sendable, Hashable, CaseIterable {
        /// Calls go through and are counted.
        case closed
        /// Calls are rejected without reaching the dependency.
        case open
        /// A limited number of probe calls test whether the dependency has recovered.
        case halfOpen = "half_open"
    }

    /// A change of state, kept so that callers can emit one event per transition.
    public struct Transition: Sendable, Hashable, CustomStringConvertible {
        public var from: State
        public var to: State
        /// The caller's time at which it happened.
        public var at: Duration

        public init(from: State, to: State, at: Duration) {
            self.from = from
            self.to = to
            self.at = at
        }

        public var description: String { "\(from.rawValue) -> \(to.rawValue) at \(at)" }
    }

    /// Permission for one call, to be passed back to `record` or `cancel` exactly once.
    public struct Permit: Sendable, Hashable {
        /// The breaker's generation when the permit was issued; outcomes from older generations are ignored.
        public let generation: UInt64
        /// Whether this is a half-open probe rather than a call through a closed breaker.
        public let isProbe: Bool
        /// The caller's time at which the permit was issued.
        public let issuedAt: Duration
        /// Tells probes of one generation apart.
        let serial: UInt64
    }

    private struct Storage {
        var state: State = .closed
        var generation: UInt64 = 0
        var nextSerial: UInt64 = 0
        /// Closed only: outcomes of the latest calls, oldest first (`true` is a failure).
        var window: [Bool] = []
        var failures = 0
        var openedAt: Duration = .zero
        /// Half-open only: probes in flight, with the time each was issued.
        var probes: [(serial: UInt64, issuedAt: Duration)] = []
        var transitions: [Transition] = []

        mutating func move(to next: State, at now: Duration) {
            transitions.append(Transition(from: state, to: next, at: now))
            state = next
            generation &+= 1
            window.removeAll()
            failures = 0
            probes.removeAll()
            if next == .open { openedAt = now }
        }
    }

    /// The configuration in force, with out-of-range counts raised to 1.
    public let configuration: Configuration
    private let storage = Mutex(Storage())

    /// A closed breaker with an empty window.
    public init(configuration: Configuration = Configuration()) {
        var configuration = configuration
        configuration.windowSize = max(1, configuration.windowSize)
        configuration.minimumCalls = max(1, configuration.minimumCalls)
        configuration.halfOpenProbes = max(1, configuration.halfOpenProbes)
        self.configuration = configuration
    }

    /// The current state. Reading it never changes it: an open breaker whose `openDuration` has
    /// passed still reads `open` until the next `acquire` moves it to half-open.
    public var state: State { storage.withLock { $0.state } }

    /// Every transition so far, oldest first; each real transition appears exactly once.
    public var transitions: [Transition] { storage.withLock { $0.transitions } }

    /// Asks to make a call at `now`; `nil` means rejected (fail the call as `circuit_open`, without retrying).
    ///
    /// Closed: always a permit. Open: rejected until `now >= openedAt + openDuration` (the boundary
    /// tick itself lets a probe through); from then on the breaker turns half-open and this call
    /// gets a probe permit. Half-open: a probe permit while fewer than `halfOpenProbes` probes are
    /// in flight, where a probe issued at or before `now - probeTimeout` no longer counts.
    public func acquire(now: Duration) -> Permit? {
        let configuration = configuration
        return storage.withLock { storage -> Permit? in
            switch storage.state {
            case .closed:
                return Permit(generation: storage.generation, isProbe: false, issuedAt: now, serial: 0)
            case .open:
                guard now >= storage.openedAt + configuration.openDuration else { return nil }
                storage.move(to: .halfOpen, at: now)
            case .halfOpen:
                storage.probes.removeAll { now - $0.issuedAt >= configuration.probeTimeout }
                guard storage.probes.count < configuration.halfOpenProbes else { return nil }
            }
            storage.nextSerial &+= 1
            storage.probes.append((storage.nextSerial, now))
            return Permit(generation: storage.generation, isProbe: true, issuedAt: now, serial: storage.nextSerial)
        }
    }

    /// Reports how the call made under `permit` ended, at `now`.
    ///
    /// Closed: the outcome joins the window, and a failure may open the breaker. Half-open: a probe's
    /// success closes the breaker (with an empty window) and its failure reopens it with
    /// `openedAt = now`. Ignored: permits from an earlier generation, probes whose slot was freed
    /// (expired after `probeTimeout`, or cancelled), and reports while open.
    public func record(_ permit: Permit, success: Bool, now: Duration) {
        let configuration = configuration
        storage.withLock { storage in
            guard permit.generation == storage.generation else { return }
            switch storage.state {
            case .closed:
                guard !permit.isProbe else { return }
                storage.window.append(!success)
                if !success { storage.failures += 1 }
                if storage.window.count > configuration.windowSize {
                    let evictedFailure = storage.window.removeFirst()
                    if evictedFailure { storage.failures -= 1 }
                }
                let count = storage.window.count
                // Only a failure opens the breaker: a success is evidence of health, and opening
                // on it would turn faults that have already recovered into refusals.
                if !success, count >= configuration.minimumCalls,
                   Double(storage.failures) >= configuration.failureRateThreshold * Double(count) {
                    storage.move(to: .open, at: now)
                }
            case .halfOpen:
                guard permit.isProbe,
                      let index = storage.probes.firstIndex(where: { $0.serial == permit.serial }),
                      now - storage.probes[index].issuedAt < configuration.probeTimeout
                else { return }
                storage.move(to: success ? .closed : .open, at: now)
            case .open:
                return
            }
        }
    }

    /// Gives `permit` back without an outcome, for a call that was cancelled: a probe's slot is freed
    /// at once, and nothing is counted as success or failure.
    public func cancel(_ permit: Permit) {
        storage.withLock { storage in
            guard permit.isProbe, permit.generation == storage.generation else { return }
            storage.probes.removeAll { $0.serial == permit.serial }
        }
    }
}
