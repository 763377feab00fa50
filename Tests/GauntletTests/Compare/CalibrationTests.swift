import AgentCore
import Testing
@testable import Gauntlet

/// Calibration of the compare gate, simulated: 60 tasks of mixed difficulty, 5 trials each, every
/// trial a seeded Bernoulli draw with its task's pass probability (as the simulated model's
/// trials are). These tests say what the gate promises: few false alarms between runs of one
/// version, and a 15-point regression caught.
@Suite struct CalibrationTests {
    static let tasks = 60
    static let trials = 5

    /// Pass probabilities skewed towards easy tasks, as in the bundled suite: mean about 0.67.
    static let probabilities: [Double] = (0..<tasks).map { index in
        (SplitMix64.unit(2024, UInt64(index))).squareRoot()
    }

    /// A run: each task's trials drawn with its probability from `seed`.
    static func run(_ probabilities: [Double], seed: UInt64) -> RunReport {
        var results: [TrialResult] = []
        results.reserveCapacity(tasks * trials)
        for (index, probability) in probabilities.enumerated() {
            for trial in 0..<trials {
                let passed = SplitMix64.unit(seed, UInt64(index), UInt64(trial)) < probability
                results.append(SyntheticRun.trial("t.\(index)", trial, passed ? .pass : .fail))
            }
        }
        // No summary: the comparison does not read it, and 1,000 runs need to be cheap.
        var report = SyntheticRun.report([], seed: seed)
        report.trials = results
        report.trialsPerTask = trials
        return report
    }

    static func gateFails(_ baseline: [Double], _ candidate: [Double], seed: UInt64) throws -> Bool {
        let comparison = try RunComparison(baseline: run(baseline, seed: 2 * seed + 1), candidate: run(candidate, seed: 2 * seed + 2))
        return !comparison.gate.passed
    }

    @Test("two runs of the same version with different seeds fail the gate in no more than about α = 5% of 1,000 seed pairs")
    func falseAlarms() throws {
        var failures = 0
        for seed in UInt64(0)..<1000 where try Self.gateFails(Self.probabilities, Self.probabilities, seed: seed) { failures += 1 }
        // The gate fails only on a significant drop: a one-sided 2.5% in theory. The binomial
        // standard deviation of the count is about 5 at 25, so 50 leaves a wide margin for the
        // normal approximation on 60 tasks, and still means "no more than α".
        #expect(failures <= 50, "\(failures) false alarms in 1000")
        #expect(failures > 0, "a gate that never fires on noise is suspiciously blunt")
    }

    @Test("a regression of 15 points in pass rate is caught in at least 80% of 500 seeds, spread evenly or concentrated on a few tasks", arguments: ["even", "concentrated"])
    func power(pattern: String) throws {
        let base = Self.probabilities
        let target = base.reduce(0, +) / Double(base.count) - 0.15
        var worse = base
        if pattern == "even" {
            // Lower every task by the same amount (clamped at 0) until the mean drops by 15 points.
            var shift = 0.15
            for _ in 0..<50 {
                worse = base.map { max(0, $0 - shift) }
                shift += worse.reduce(0, +) / Double(worse.count) - target
            }
        } else {
            // Break the easiest tasks outright, one after another, until the mean drops 15 points.
            for index in base.indices.sorted(by: { base[$0] > base[$1] }) where worse.reduce(0, +) / Double(worse.count) > target {
                worse[index] = max(0, worse[index] - min(worse[index], (worse.reduce(0, +) / Double(worse.count) - target) * Double(worse.count)))
            }
        }
        let drop = (base.reduce(0, +) - worse.reduce(0, +)) / Double(base.count)
        #expect(abs(drop - 0.15) < 0.001, "the injected drop is \(drop)")
        var caught = 0
        for seed in UInt64(0)..<500 where try Self.gateFails(base, worse, seed: seed) { caught += 1 }
        #expect(caught >= 400, "caught \(caught) of 500")
    }
}
