import Testing
@testable import Gauntlet

@Suite struct McNemarTests {
    /// The exact two-sided p-value by direct summation in integers: min(1, 2·Σ C(n, i)/2ⁿ).
    /// Exact for n ≤ 60, where the sums fit an Int.
    static func direct(_ b: Int, _ c: Int) -> Double {
        let n = b + c
        var row = [1]  // Pascal's triangle row n, built by addition only.
        for _ in 0..<n { row = zip([0] + row, row + [0]).map(+) }
        let tail = row[0...min(b, c)].reduce(0, +)
        return min(1, 2 * Double(tail) / Double(1 << n))
    }

    @Test("matches direct binomial sums for every b and c up to 25")
    func directSums() {
        for b in 0...25 {
            for c in 0...25 where b + c > 0 {
                #expect(isClose(McNemar.exact(baselineOnly: b, candidateOnly: c), to: Self.direct(b, c), relative: 1e-12), "b = \(b), c = \(c)")
            }
        }
    }

    @Test("known values from exact binomial sums")
    func knownValues() {
        // Source: Python 3, min(1, Fraction(2·Σ_{i ≤ min(b,c)} comb(b+c, i), 2^(b+c))) as float.
        #expect(McNemar.exact(baselineOnly: 1, candidateOnly: 0) == 1)             // 2·½
        #expect(McNemar.exact(baselineOnly: 5, candidateOnly: 0) == 0.0625)        // 2/32
        #expect(McNemar.exact(baselineOnly: 2, candidateOnly: 8) == 0.109375)      // 2·56/1024
        #expect(McNemar.exact(baselineOnly: 10, candidateOnly: 10) == 1)
        #expect(McNemar.exact(baselineOnly: 6, candidateOnly: 7) == 1)
        #expect(isClose(McNemar.exact(baselineOnly: 3, candidateOnly: 30), to: 1.4011748135089874e-06, relative: 1e-12))
    }

    @Test("no discordant tasks: p is 1")
    func noDiscordantTasks() {
        #expect(McNemar.exact(baselineOnly: 0, candidateOnly: 0) == 1)
    }

    @Test("large counts stay finite and correct: 5000 against 5200 and beyond")
    func largeCounts() {
        // Source: Python 3, exact Fraction arithmetic as above.
        #expect(isClose(McNemar.exact(baselineOnly: 5000, candidateOnly: 5200), to: 0.04878796312682245, relative: 1e-10))
        #expect(isClose(McNemar.exact(baselineOnly: 5200, candidateOnly: 5000), to: 0.04878796312682245, relative: 1e-10))
        #expect(isClose(McNemar.exact(baselineOnly: 4900, candidateOnly: 5100), to: 0.04658552770494739, relative: 1e-10))
        #expect(isClose(McNemar.exact(baselineOnly: 20_000, candidateOnly: 20_600), to: 0.002950631079514671, relative: 1e-10))
    }

    @Test("a lopsided split far beyond 2^-1000 is computed in log space, then underflows to 0 cleanly")
    func extremeTails() {
        // Source: 2·2^-1000 = 2^-999 = 1.8665272370064378e-301; 2^-1099 is below the least
        // positive Double.
        #expect(isClose(McNemar.exact(baselineOnly: 0, candidateOnly: 1000), to: 1.8665272370064378e-301, relative: 1e-12))
        #expect(McNemar.exact(baselineOnly: 0, candidateOnly: 1100) == 0)
    }

    @Test("negative counts give NaN")
    func negative() {
        #expect(McNemar.exact(baselineOnly: -1, candidateOnly: 3).isNaN)
    }

    @Test("the test classifies tasks by the verdict rule before counting discordant ones")
    func classification() {
        func pair(_ b: (Int, Int), _ c: (Int, Int)) -> PairedTally {
            PairedTally(baseline: TaskTally(trials: b.1, passes: b.0), candidate: TaskTally(trials: c.1, passes: c.0))
        }
        let tasks = [
            pair((5, 5), (5, 5)),  // both pass under either rule
            pair((5, 5), (4, 5)),  // all-trials: regression; majority: both pass
            pair((5, 5), (2, 5)),  // regression under either rule
            pair((1, 5), (5, 5)),  // fix under either rule
            pair((0, 5), (3, 5)),  // all-trials: both fail; majority: fix
            pair((0, 5), (0, 5)),  // both fail
            pair((2, 4), (0, 0)),  // no candidate trials: excluded
        ]
        let strict = McNemarTest(tasks: tasks)
        #expect(strict.rule == .allTrialsPass)
        #expect([strict.bothPass, strict.baselineOnly, strict.candidateOnly, strict.bothFail, strict.excluded] == [1, 2, 1, 2, 1])
        // Source: 2·P(X ≤ 1), X ~ Bin(3, ½) = 2·4/8 → min(1, 1).
        #expect(strict.pValue == 1)
        let majority = McNemarTest(tasks: tasks, rule: .majority)
        #expect([majority.bothPass, majority.baselineOnly, majority.candidateOnly, majority.bothFail, majority.excluded] == [2, 1, 2, 1, 1])
        #expect(majority.pValue == 1)
    }
}
