import Foundation
import AgentCore
import Synchronization

/// Decides which faults fire at an edge and records each one in the trajectory.
///
/// A `rate` draw is a pure function of (trial seed, rule, edge, target, logical call number,
/// attempt), not a draw from a shared stream: an agent version that makes one more call still
/// meets the same faults on the calls both versions make, which keeps comparisons paired.
/// `on_calls` and `after_calls` count arrivals at the target, retries included (so
/// `on_calls: [1, 2]` fails a first attempt and its first retry); `times` caps firings per trial.
public final class FaultInjector: Sendable {
    /// Where a call crosses into the harness.
    public enum Edge: String, Sendable {
        case tool, model, approver, store
    }

    public let profile: FaultProfile
    private let seed: UInt64
    private let clock: any AgentClock
    private let recorder: TrajectoryRecorder?
    private let state = Mutex(Counters())

    private struct Counters {
        /// Per target: the logical calls seen, by call identity, in order of first arrival.
        var calls: [String: [String: Int]] = [:]
        /// Per target: every arrival, retries included.
        var arrivals: [String: Int] = [:]
        var fired: [String: Int] = [:]
    }

    public init(profile: FaultProfile, seed: UInt64, clock: any AgentClock, recorder: TrajectoryRecorder?) {
        self.profile = profile
        self.seed = seed
        self.clock = clock
        self.recorder = recorder
    }

    /// A firing fault and the numbers that locate it, for sampling its parameters.
    public struct Firing: Sendable {
        public var rule: FaultRule
        public var ruleIndex: Int
        public var call: Int
        public var attempt: Int
        /// A number in [0, 1) for this firing's random parameters (latency, …).
        public var unit: Double
    }

    /// The faults that fire on this call, in profile order. `identity` names the logical call
    /// (a tool call id, the model step); repeated identities are attempts of the same call.
    public func faults(at edge: Edge, target: String, identity: String, attempt: Int, applies: (Fault) -> Bool = { _ in true }) -> [Firing] {
        let now = clock.now
        if let heal = profile.healAfter, now >= heal { return [] }
        let (call, arrival) = state.withLock { counters -> (Int, Int) in
            var seen = counters.calls[target, default: [:]]
            let number = seen[identity] ?? (seen.count + 1)
            seen[identity] = number
            counters.calls[target] = seen
            counters.arrivals[target, default: 0] += 1
            return (number, counters.arrivals[target]!)
        }
        var firings: [Firing] = []
        // A fault that cannot act here (a stale read of a write tool) neither fires nor counts.
        for (index, rule) in profile.rules.enumerated() where Self.matches(rule.target, edge: edge, name: target) && applies(rule.fault) {
            if let from = rule.from, now < from { continue }
            if let to = rule.to, now >= to { continue }
            if let onCalls = rule.onCalls, !onCalls.contains(arrival) { continue }
            if let after = rule.afterCalls, arrival <= after { continue }
            let parts: [UInt64] = [seed, UInt64(index), SplitMix64.hash(edge.rawValue), SplitMix64.hash(target), UInt64(call), UInt64(attempt)]
            let draw = SplitMix64.unit(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5])
            if rule.rate < 1, draw >= rule.rate { continue }
            let allowed = state.withLock { counters -> Bool in
                let fired = counters.fired[rule.id, default: 0]
                if let times = rule.times, fired >= times { return false }
                counters.fired[rule.id] = fired + 1
                return true
            }
            guard allowed else { continue }
            let unit = SplitMix64.unit(parts[0], parts[1], parts[2], parts[3], parts[4], parts[5], 0x5EED)
            firings.append(Firing(rule: rule, ruleIndex: index, call: call, attempt: attempt, unit: unit))
            recorder?.append("fault_injected", JSONObject([
                ("rule", .string(rule.id)), ("fault", .string(rule.fault.name)), ("edge", .string(edge.rawValue)),
                ("target", .string(target)), ("call", .number(Double(call))), ("attempt", .number(Double(attempt))), ("arrival", .number(Double(arrival))),
                ("profile", .string(profile.name)),
            ]))
            // A fault that ends the call leaves nothing for later rules to act on.
            if rule.fault.endsCall { break }
        }
        return firings
    }

    static func matches(_ target: FaultRule.Target, edge: Edge, name: String) -> Bool {
        switch (target, edge) {
        case (.model, .model), (.approver, .approver), (.store, .store): true
        case (.tools(let glob), .tool): glob.matches(name)
        default: false
        }
    }

    /// A latency drawn from a distribution with `unit` in [0, 1).
    static func sample(_ distribution: LatencyDistribution, unit: Double) -> Duration {
        switch distribution {
        case .fixed(let duration):
            return duration
        case .uniform(let low, let high):
            return low + (high - low) * unit
        case .longTail(let median, let p99):
            // Log-normal through the median and the 99th percentile: z(0.99) = 2.326.
            let medianMs = Double(median.milliseconds), p99Ms = Double(max(p99, median).milliseconds)
            guard medianMs > 0 else { return .zero }
            let sigma = log(p99Ms / medianMs) / 2.326
            let z = normalQuantile(min(max(unit, 1e-9), 1 - 1e-9))
            return .milliseconds(Int64(min(medianMs * exp(sigma * z), 86_400_000)))
        }
    }

    /// The standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
    static func normalQuantile(_ p: Double) -> Double {
        let a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00]
        let b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01]
        let c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5, r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }

    /// The Retry-After a rate-limit fault sends, as of now on `clock`.
    static func retryAfter(_ hint: RetryAfterHint, clock: any AgentClock) -> RetryAfter? {
        switch hint {
        case .absent: return nil
        case .milliseconds(let milliseconds): return .milliseconds(milliseconds)
        case .seconds(let text): return .header(text)
        case .httpDateAfter(let delay):
            guard let date = clock.date?.advanced(by: delay), let text = HTTPInstant.imfFixdate(secondsSince1970: date.secondsSince1970 + (date.sinceEpoch > .seconds(date.secondsSince1970) ? 1 : 0)) else { return nil }
            return .header(text)
        }
    }
}
