import Testing
@testable import Gauntlet

@Suite struct TaskVerdictRuleTests {
    @Test("the default rule is that every trial passes")
    func defaultRule() {
        #expect(TaskVerdictRule.default == .allTrialsPass)
        #expect(TaskVerdictRule.allTrialsPass.passes(TaskTally(trials: 5, passes: 5)) == true)
        #expect(TaskVerdictRule.allTrialsPass.passes(TaskTally(trials: 5, passes: 4)) == false)
        #expect(TaskVerdictRule.allTrialsPass.passes(TaskTally(trials: 1, passes: 1)) == true)
    }

    @Test("majority needs strictly more than half; an exact half fails")
    func majority() {
        #expect(TaskVerdictRule.majority.passes(TaskTally(trials: 5, passes: 3)) == true)
        #expect(TaskVerdictRule.majority.passes(TaskTally(trials: 5, passes: 2)) == false)
        #expect(TaskVerdictRule.majority.passes(TaskTally(trials: 4, passes: 2)) == false)
        #expect(TaskVerdictRule.majority.passes(TaskTally(trials: 1, passes: 1)) == true)
    }

    @Test("a task with no trials has no verdict under either rule")
    func noTrials() {
        for rule in TaskVerdictRule.allCases {
            #expect(rule.passes(TaskTally(trials: 0, passes: 0)) == nil)
        }
    }

    @Test("the rules have stable names for flags and JSON")
    func rawValues() {
        #expect(TaskVerdictRule(rawValue: "all-trials-pass") == .allTrialsPass)
        #expect(TaskVerdictRule(rawValue: "majority") == .majority)
    }
}
