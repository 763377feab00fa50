import Testing
@testable import Gauntlet

@Suite struct PassAtKTests {
    /// (n, c, k, pass@k, pass^k). Source: Python 3 with `math.comb` and `fractions.Fraction`:
    /// pass@k = 1 − C(n−c, k)/C(n, k), pass^k = C(c, k)/C(n, k), exact then converted to float.
    static let table: [(n: Int, c: Int, k: Int, passAtK: Double, passHatK: Double)] = [
        (5, 2, 1, 0.4, 0.4),                     // 2/5 and 2/5: at k = 1 both are the pass rate
        (5, 2, 2, 0.7, 0.1),                     // 7/10 and 1/10
        (5, 2, 3, 0.9, 0),                       // 9/10; fewer passes than k
        (5, 2, 4, 1, 0),                         // only 3 failures: any 4 trials include a pass
        (10, 3, 2, 0.5333333333333333, 0.06666666666666667),  // 8/15 and 1/15
        (10, 7, 3, 0.9916666666666667, 0.2916666666666667),   // 119/120 and 7/24
        (10, 8, 2, 0.9777777777777777, 0.6222222222222222),   // 44/45 and 28/45
        (10, 3, 5, 0.9166666666666666, 0),       // 11/12
        (200, 17, 50, 0.9941008800868965, 0),    // 14445751308668363/14531474217592112
        (200, 190, 50, 1, 0.05209362940404299),  // 116838591231/2242857573328
    ]

    @Test("pass@k and pass^k match direct combinatorics")
    func combinatorics() {
        for row in Self.table {
            #expect(isClose(Statistics.passAtK(trials: row.n, passes: row.c, k: row.k), to: row.passAtK, absolute: 1e-12), "\(row)")
            #expect(isClose(Statistics.passHatK(trials: row.n, passes: row.c, k: row.k), to: row.passHatK, absolute: 1e-12), "\(row)")
        }
    }

    @Test("all pass gives 1 and all fail gives 0 for every k")
    func allPassAllFail() {
        for k in 1...5 {
            #expect(Statistics.passAtK(trials: 5, passes: 5, k: k) == 1)
            #expect(Statistics.passHatK(trials: 5, passes: 5, k: k) == 1)
            #expect(Statistics.passAtK(trials: 5, passes: 0, k: k) == 0)
            #expect(Statistics.passHatK(trials: 5, passes: 0, k: k) == 0)
        }
    }

    @Test("one trial: pass@1 and pass^1 are that trial's outcome")
    func oneTrial() {
        #expect(Statistics.passAtK(trials: 1, passes: 1, k: 1) == 1)
        #expect(Statistics.passAtK(trials: 1, passes: 0, k: 1) == 0)
        #expect(Statistics.passHatK(trials: 1, passes: 1, k: 1) == 1)
        #expect(Statistics.passHatK(trials: 1, passes: 0, k: 1) == 0)
    }

    @Test("k = n: pass@n is 1 if any trial passed, pass^n is 1 only if all did")
    func kEqualsN() {
        // Source: C(n−c, n)/C(n, n) is 1 when c = 0 and 0 otherwise; C(c, n)/C(n, n) is 1 only when c = n.
        #expect(Statistics.passAtK(trials: 5, passes: 1, k: 5) == 1)
        #expect(Statistics.passAtK(trials: 5, passes: 0, k: 5) == 0)
        #expect(Statistics.passHatK(trials: 5, passes: 4, k: 5) == 0)
        #expect(Statistics.passHatK(trials: 5, passes: 5, k: 5) == 1)
    }

    @Test("k > n, k < 1 and impossible counts give nil rather than a number")
    func undefined() {
        #expect(Statistics.passAtK(trials: 3, passes: 2, k: 4) == nil)
        #expect(Statistics.passHatK(trials: 3, passes: 2, k: 4) == nil)
        #expect(Statistics.passAtK(trials: 3, passes: 2, k: 0) == nil)
        #expect(Statistics.passHatK(trials: 3, passes: 2, k: 0) == nil)
        #expect(Statistics.passAtK(trials: 0, passes: 0, k: 1) == nil)
        #expect(Statistics.passAtK(trials: 3, passes: 4, k: 1) == nil)
        #expect(Statistics.passHatK(trials: 3, passes: -1, k: 1) == nil)
    }

    @Test("large n stays finite where binomial coefficients would overflow")
    func largeN() throws {
        // C(10000, 5000) has over 3000 digits. Source for the value: Python 3,
        // float(1 - Fraction(comb(9000, 100), comb(10000, 100))) = 0.9999748697869775.
        let value = try #require(Statistics.passAtK(trials: 10_000, passes: 1_000, k: 100))
        #expect(isClose(value, to: 0.9999748697869775, absolute: 1e-12))
        let hat = try #require(Statistics.passHatK(trials: 10_000, passes: 9_000, k: 100))
        // Source: Python 3, float(Fraction(comb(9000, 100), comb(10000, 100))) = 2.5130213022564813e-05.
        #expect(isClose(hat, to: 2.5130213022564813e-05, relative: 1e-12))
    }

    @Test("suite means count only tasks with at least k trials and report the rest as excluded")
    func suiteMeans() throws {
        // Tasks (n, c): (5, 2), (3, 3), (1, 0), (5, 5).
        let tasks = [
            TaskTally(trials: 5, passes: 2), TaskTally(trials: 3, passes: 3),
            TaskTally(trials: 1, passes: 0), TaskTally(trials: 5, passes: 5),
        ]
        // Source: by hand from the table above. k = 1: mean(0.4, 1, 0, 1) = 0.6 for both.
        let atOne = Statistics.meanPassAtK(tasks: tasks, k: 1)
        #expect(atOne.counted == 4 && atOne.excluded == 0)
        #expect(isClose(atOne.value, to: 0.6, absolute: 1e-15))
        #expect(isClose(Statistics.meanPassHatK(tasks: tasks, k: 1).value, to: 0.6, absolute: 1e-15))
        // k = 3: the one-trial task is excluded; pass@3 = mean(0.9, 1, 1) = 0.9666…,
        // pass^3 = mean(0, 1, 1) = 2/3.
        let atThree = Statistics.meanPassAtK(tasks: tasks, k: 3)
        #expect(atThree.counted == 3 && atThree.excluded == 1)
        #expect(isClose(atThree.value, to: 0.9666666666666667, absolute: 1e-15))
        let hatThree = Statistics.meanPassHatK(tasks: tasks, k: 3)
        #expect(hatThree.counted == 3 && hatThree.excluded == 1)
        #expect(isClose(hatThree.value, to: 2.0 / 3.0, absolute: 1e-15))
    }

    @Test("a suite mean with k above every task's trials has no value and excludes them all")
    func suiteMeanNoTask() {
        let tasks = [TaskTally(trials: 2, passes: 1), TaskTally(trials: 3, passes: 3)]
        #expect(Statistics.meanPassAtK(tasks: tasks, k: 6) == SuiteMean(value: nil, counted: 0, excluded: 2))
        #expect(Statistics.meanPassHatK(tasks: tasks, k: 0) == SuiteMean(value: nil, counted: 0, excluded: 2))
        #expect(Statistics.meanPassAtK(tasks: [], k: 1) == SuiteMean(value: nil, counted: 0, excluded: 0))
    }
}
