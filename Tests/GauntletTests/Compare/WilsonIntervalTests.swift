import Testing
@testable import Gauntlet

@Suite struct WilsonIntervalTests {
    @Test("the four worked examples of Newcombe 1998, Table I (method 3, score interval) reproduce to 4 decimals")
    func newcombeTableOne() throws {
        // Source: R. G. Newcombe, "Two-sided confidence intervals for the single proportion:
        // comparison of seven methods", Statistics in Medicine 17 (1998), Table I, method 3.
        let examples: [(successes: Int, trials: Int, lower: Double, upper: Double)] = [
            (81, 263, 0.2553, 0.3662),
            (15, 148, 0.0624, 0.1605),
            (0, 20, 0.0000, 0.1611),
            (1, 29, 0.0061, 0.1718),
        ]
        for example in examples {
            let interval = try #require(Statistics.wilson(successes: example.successes, trials: example.trials))
            #expect(isClose(interval.lower, to: example.lower, absolute: 0.00005), "\(example)")
            #expect(isClose(interval.upper, to: example.upper, absolute: 0.00005), "\(example)")
        }
    }

    @Test("81/263 matches the closed form to 1e-12")
    func closedForm() throws {
        // Source: Python 3, (p + z²/2n)/(1 + z²/n) ∓ z/(1 + z²/n)·√(p(1−p)/n + z²/4n²) with
        // z = NormalDist().inv_cdf(0.975): (0.2552885198782743, 0.3662095769828001).
        let interval = try #require(Statistics.wilson(successes: 81, trials: 263))
        #expect(isClose(interval.lower, to: 0.2552885198782743, absolute: 1e-12))
        #expect(isClose(interval.upper, to: 0.3662095769828001, absolute: 1e-12))
    }

    @Test("a 90% interval uses z(0.95) and is narrower")
    func otherConfidence() throws {
        // Source: Python 3, the same closed form with z = NormalDist().inv_cdf(0.95).
        let interval = try #require(Statistics.wilson(successes: 81, trials: 263, confidence: 0.90))
        #expect(isClose(interval.lower, to: 0.2633136171884814, absolute: 1e-12))
        #expect(isClose(interval.upper, to: 0.35656634960848815, absolute: 1e-12))
    }

    @Test("all pass: the upper bound is exactly 1 and the lower bound is still informative")
    func allPass() throws {
        // Source: Python 3 closed form for 20/20: lower 0.8388748419471808 (= 1 − the upper
        // bound of Newcombe's 0/20 example, 0.1611).
        let interval = try #require(Statistics.wilson(successes: 20, trials: 20))
        #expect(interval.upper == 1)
        #expect(isClose(interval.lower, to: 0.8388748419471808, absolute: 1e-12))
    }

    @Test("all fail: the lower bound is exactly 0")
    func allFail() throws {
        // Source: Newcombe 1998 Table I, 0/20 → 0.0000 to 0.1611; Python closed form 0.1611251580528193.
        let interval = try #require(Statistics.wilson(successes: 0, trials: 20))
        #expect(interval.lower == 0)
        #expect(isClose(interval.upper, to: 0.1611251580528193, absolute: 1e-12))
    }

    @Test("one trial gives a wide but bounded interval")
    func oneTrial() throws {
        // Source: for n = 1 the closed form reduces to 1/(1 + z²) and z²/(1 + z²); Python 3:
        // 0.20654931437723745 and 0.7934506856227626.
        let passed = try #require(Statistics.wilson(successes: 1, trials: 1))
        #expect(passed.upper == 1)
        #expect(isClose(passed.lower, to: 0.20654931437723745, absolute: 1e-12))
        let failed = try #require(Statistics.wilson(successes: 0, trials: 1))
        #expect(failed.lower == 0)
        #expect(isClose(failed.upper, to: 0.7934506856227626, absolute: 1e-12))
    }

    @Test("zero trials, impossible counts and a confidence outside (0, 1) give nil")
    func invalid() {
        #expect(Statistics.wilson(successes: 0, trials: 0) == nil)
        #expect(Statistics.wilson(successes: 6, trials: 5) == nil)
        #expect(Statistics.wilson(successes: -1, trials: 5) == nil)
        #expect(Statistics.wilson(successes: 3, trials: 5, confidence: 1) == nil)
        #expect(Statistics.wilson(successes: 3, trials: 5, confidence: 0) == nil)
    }

    @Test("the interval contains the observed rate")
    func containsRate() throws {
        // Source: Python 3 closed form for 3/5: (0.23072428127601297, 0.8823792257673521).
        let interval = try #require(Statistics.wilson(successes: 3, trials: 5))
        #expect(interval.contains(0.6))
        #expect(!interval.contains(0.2))
        #expect(isClose(interval.lower, to: 0.23072428127601297, absolute: 1e-12))
        #expect(isClose(interval.upper, to: 0.8823792257673521, absolute: 1e-12))
    }
}
