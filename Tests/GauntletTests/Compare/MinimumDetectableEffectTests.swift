import Testing
@testable import Gauntlet

@Suite struct MinimumDetectableEffectTests {
    @Test("the drop detectable at 80% power and alpha 0.05 is 2.8016·sd/√n")
    func standardPower() {
        // Source: Python 3, (NormalDist().inv_cdf(0.975) + NormalDist().inv_cdf(0.8))·0.3/√60
        // = 2.801585218112968·0.3/√60 = 0.10850492892732398.
        #expect(isClose(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.3, tasks: 60), to: 0.10850492892732398, absolute: 1e-12))
    }

    @Test("other alpha and power use their own quantiles")
    func otherLevels() {
        // Source: Python 3, (inv_cdf(0.95) + inv_cdf(0.9))·0.25/√40 = 0.11567632206038843.
        #expect(isClose(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.25, tasks: 40, alpha: 0.1, power: 0.9), to: 0.11567632206038843, absolute: 1e-12))
    }

    @Test("quadrupling the tasks halves the detectable drop")
    func scaling() throws {
        let few = try #require(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.4, tasks: 15))
        let many = try #require(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.4, tasks: 60))
        #expect(isClose(many, to: few / 2, absolute: 1e-15))
    }

    @Test("fewer than two tasks or invalid levels give nil; no spread gives 0")
    func edges() {
        #expect(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.3, tasks: 1) == nil)
        #expect(Statistics.minimumDetectableDrop(perTaskDifferenceSD: -0.1, tasks: 10) == nil)
        #expect(Statistics.minimumDetectableDrop(perTaskDifferenceSD: .infinity, tasks: 10) == nil)
        #expect(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.3, tasks: 10, alpha: 0) == nil)
        #expect(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0.3, tasks: 10, power: 1) == nil)
        #expect(Statistics.minimumDetectableDrop(perTaskDifferenceSD: 0, tasks: 10) == 0)
    }

    @Test("the baseline-only fallback is √(2·mean(p(1−p))/k)")
    func fallback() throws {
        // Baseline rates 1, 1, 0.8, 0.6, 0 with 5 trials each.
        // Source: Python 3, √(2·fmean([0, 0, 0.16, 0.24, 0])/5) = 0.17888543819998315, and the
        // drop over 5 tasks, 2.801585218112968·sd/√5 = 0.22412681744903737.
        let baseline = [5, 5, 4, 3, 0].map { TaskTally(trials: 5, passes: $0) }
        let sd = try #require(Statistics.expectedDifferenceSD(baseline: baseline))
        #expect(isClose(sd, to: 0.17888543819998315, absolute: 1e-12))
        #expect(isClose(Statistics.minimumDetectableDrop(perTaskDifferenceSD: sd, tasks: 5), to: 0.22412681744903737, absolute: 1e-12))
    }

    @Test("the fallback weights each task by its own trial count and skips tasks without trials")
    func fallbackUneven() {
        // Source: Python 3, √(fmean([2·0.25/4, 2·0.25/2, 0])) = 0.3535533905932738.
        let baseline = [TaskTally(trials: 4, passes: 2), TaskTally(trials: 2, passes: 1), TaskTally(trials: 3, passes: 3), TaskTally(trials: 0, passes: 0)]
        #expect(isClose(Statistics.expectedDifferenceSD(baseline: baseline), to: 0.3535533905932738, absolute: 1e-12))
        #expect(Statistics.expectedDifferenceSD(baseline: []) == nil)
        #expect(Statistics.expectedDifferenceSD(baseline: [TaskTally(trials: 5, passes: 5)]) == 0)
    }
}
