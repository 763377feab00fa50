import Testing
@testable import Gauntlet

@Suite struct PairedComparisonTests {
    /// Builds a paired tally from (baseline passes, trials) and (candidate passes, trials).
    static func pair(_ baseline: (Int, Int), _ candidate: (Int, Int)) -> PairedTally {
        PairedTally(
            baseline: TaskTally(trials: baseline.1, passes: baseline.0),
            candidate: TaskTally(trials: candidate.1, passes: candidate.0)
        )
    }

    @Test("uneven trial counts: each task's mean is compared, and the numbers match an independent computation")
    func unevenTrials() throws {
        // Per-task differences: 5/5 − 3/5, 1/3 − 2/4, 2/2 − 1/1, 3/5 − 0/5, 3/6 − 4/4
        // = 0.4, −1/6, 0, 0.6, −0.5.
        let tasks = [
            Self.pair((3, 5), (5, 5)), Self.pair((2, 4), (1, 3)), Self.pair((1, 1), (2, 2)),
            Self.pair((0, 5), (3, 5)), Self.pair((4, 4), (3, 6)),
        ]
        let comparison = try #require(PairedComparison(tasks: tasks))
        // Source: Python 3, exact Fractions for the differences, `statistics.stdev` (n − 1),
        // SE = sd/√5, interval mean ± NormalDist().inv_cdf(0.975)·SE, p = erfc(|mean/SE|/√2).
        #expect(comparison.tasks == 5 && comparison.excludedTasks == 0)
        #expect(isClose(comparison.meanDifference, to: 0.06666666666666667, absolute: 1e-12))
        #expect(isClose(comparison.differenceStandardDeviation, to: 0.4403281604540969, absolute: 1e-12))
        #expect(isClose(comparison.standardError, to: 0.19692073983655906, absolute: 1e-12))
        let interval = try #require(comparison.interval)
        #expect(isClose(interval.lower, to: -0.3192908912219709, absolute: 1e-12))
        #expect(isClose(interval.upper, to: 0.4526242245553042, absolute: 1e-12))
        #expect(isClose(comparison.pValue, to: 0.7349520059954127, absolute: 1e-12))
        // Pooled over all trials: baseline 10/20, candidate 14/21.
        // Source: Python 3, √(pb(1−pb)/20 + pc(1−pc)/21) = 0.153959270123555.
        #expect(isClose(comparison.pooledStandardError, to: 0.153959270123555, absolute: 1e-12))
    }

    @Test("rates and tallies give the same comparison")
    func ratesAgreeWithTallies() throws {
        let fromTallies = try #require(PairedComparison(tasks: [Self.pair((3, 5), (5, 5)), Self.pair((2, 4), (1, 3)), Self.pair((0, 5), (3, 5))]))
        let fromRates = try #require(PairedComparison(rates: [(0.6, 1.0), (0.5, 1.0 / 3.0), (0.0, 0.6)]))
        #expect(isClose(fromRates.meanDifference, to: fromTallies.meanDifference, absolute: 1e-15))
        #expect(isClose(fromRates.standardError, to: try #require(fromTallies.standardError), absolute: 1e-15))
        #expect(fromRates.pooledStandardError == nil)
    }

    @Test("on clustered data the paired standard error is 2.65 times the naive pooled one")
    func clusteredData() throws {
        // 20 tasks, 5 trials each: 10 pass always in both versions, 5 flip from always passing to
        // always failing and 5 the other way. Every trial of a task shares its outcome, so the
        // 100 trials per version are really 20 observations.
        let tasks = Array(repeating: Self.pair((5, 5), (5, 5)), count: 10)
            + Array(repeating: Self.pair((5, 5), (0, 5)), count: 5)
            + Array(repeating: Self.pair((0, 5), (5, 5)), count: 5)
        let comparison = try #require(PairedComparison(tasks: tasks))
        // Source: Python 3. Differences: ten 0s, five −1s, five +1s; stdev = √(10/19) =
        // 0.7254762501100117, SE = 0.16222142113076254. Pooled: 75/100 in each version,
        // √(2·0.75·0.25/100) = 0.06123724356957945. Ratio 2.649064714130088.
        let paired = try #require(comparison.standardError)
        let pooled = try #require(comparison.pooledStandardError)
        #expect(isClose(paired, to: 0.16222142113076254, absolute: 1e-12))
        #expect(isClose(pooled, to: 0.06123724356957945, absolute: 1e-12))
        #expect(isClose(paired / pooled, to: 2.649064714130088, absolute: 1e-9))
        #expect(comparison.meanDifference == 0)
        #expect(isClose(comparison.pValue, to: 1, absolute: 1e-15))
    }

    @Test("a clustered regression is significant with an interval 1.87 times wider than pooling claims")
    func clusteredRegression() throws {
        // 40 tasks, 5 trials each: 30 stable pass, 8 regress from 5/5 to 0/5, 2 stable fail.
        let tasks = Array(repeating: Self.pair((5, 5), (5, 5)), count: 30)
            + Array(repeating: Self.pair((5, 5), (0, 5)), count: 8)
            + Array(repeating: Self.pair((0, 5), (0, 5)), count: 2)
        let comparison = try #require(PairedComparison(tasks: tasks))
        // Source: Python 3 as in the uneven-trials test: mean −0.2, SE 0.06405126152203486,
        // interval (−0.32553816574754446, −0.07446183425245556), p 0.001793227151850063,
        // pooled SE 0.03427827300200523, ratio 1.8685673434682066.
        #expect(isClose(comparison.meanDifference, to: -0.2, absolute: 1e-12))
        #expect(isClose(comparison.standardError, to: 0.06405126152203486, absolute: 1e-12))
        let interval = try #require(comparison.interval)
        #expect(isClose(interval.lower, to: -0.32553816574754446, absolute: 1e-12))
        #expect(isClose(interval.upper, to: -0.07446183425245556, absolute: 1e-12))
        #expect(isClose(comparison.pValue, to: 0.001793227151850063, relative: 1e-10))
        let ratio = try #require(comparison.standardError) / (try #require(comparison.pooledStandardError))
        #expect(isClose(ratio, to: 1.8685673434682066, absolute: 1e-9))
    }

    @Test("two tasks that flip in opposite directions: SE 1, interval ±z, p 1")
    func twoTasks() throws {
        // Source: by hand. Differences −1 and +1: mean 0, stdev √2, SE √2/√2 = 1, interval ±1.959963984540054.
        let comparison = try #require(PairedComparison(tasks: [Self.pair((1, 1), (0, 1)), Self.pair((0, 1), (1, 1))]))
        #expect(isClose(comparison.standardError, to: 1, absolute: 1e-15))
        let interval = try #require(comparison.interval)
        #expect(isClose(interval.lower, to: -1.959963984540054, absolute: 1e-12))
        #expect(isClose(interval.upper, to: 1.959963984540054, absolute: 1e-12))
        #expect(comparison.pValue == 1)
    }

    @Test("no tasks gives nil")
    func noTasks() {
        #expect(PairedComparison(tasks: []) == nil)
        #expect(PairedComparison(rates: []) == nil)
    }

    @Test("one task: a mean difference but no standard error, interval or p-value")
    func oneTask() throws {
        let comparison = try #require(PairedComparison(tasks: [Self.pair((2, 4), (1, 4))]))
        #expect(comparison.tasks == 1)
        #expect(comparison.meanDifference == -0.25)
        #expect(!comparison.hasEnoughTasks)
        #expect(comparison.standardError == nil)
        #expect(comparison.differenceStandardDeviation == nil)
        #expect(comparison.interval == nil)
        #expect(comparison.pValue == nil)
    }

    @Test("identical versions: difference 0, SE 0, interval [0, 0], p 1")
    func identicalVersions() throws {
        let tasks = [Self.pair((3, 5), (3, 5)), Self.pair((5, 5), (5, 5)), Self.pair((0, 5), (0, 5)), Self.pair((1, 3), (2, 6))]
        let comparison = try #require(PairedComparison(tasks: tasks))
        #expect(comparison.meanDifference == 0)
        #expect(comparison.standardError == 0)
        #expect(comparison.interval == ProportionInterval(lower: 0, upper: 0))
        #expect(comparison.pValue == 1)
    }

    @Test("every trial passes in both versions: SE 0 and p 1, not a division by zero")
    func everythingPasses() throws {
        let comparison = try #require(PairedComparison(tasks: Array(repeating: Self.pair((5, 5), (5, 5)), count: 60)))
        #expect(comparison.standardError == 0)
        #expect(comparison.pValue == 1)
        #expect(comparison.pooledStandardError == 0)
    }

    @Test("the same nonzero difference on every task: SE 0, interval [d, d], p 0")
    func constantShift() throws {
        let comparison = try #require(PairedComparison(tasks: Array(repeating: Self.pair((5, 5), (4, 5)), count: 3)))
        let d = 4.0 / 5.0 - 1.0
        #expect(comparison.meanDifference == d)
        #expect(comparison.standardError == 0)
        #expect(comparison.interval == ProportionInterval(lower: d, upper: d))
        #expect(comparison.pValue == 0)
    }

    @Test("a task with no trials on one side is excluded and counted")
    func zeroTrialTask() throws {
        let comparison = try #require(PairedComparison(tasks: [Self.pair((1, 2), (2, 2)), Self.pair((0, 0), (1, 1)), Self.pair((2, 2), (2, 2))]))
        #expect(comparison.tasks == 2 && comparison.excludedTasks == 1)
        #expect(comparison.meanDifference == 0.25)
        #expect(PairedComparison(tasks: [Self.pair((0, 0), (1, 1))]) == nil)
    }

    @Test("a confidence outside (0, 1) gives nil")
    func invalidConfidence() {
        #expect(PairedComparison(rates: [(0, 1), (1, 1)], confidence: 1) == nil)
    }
}
