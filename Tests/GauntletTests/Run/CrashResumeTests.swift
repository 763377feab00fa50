import AgentCore
import Testing
@testable import Gauntlet

/// The shipped `crash` profile, one crash point at a time, on the suite's `crash_resume` tasks: an
/// agent with checkpoints and idempotency keys finishes each with every effect applied once; the
/// baseline (neither) duplicates effects or redoes finished work.
@Suite struct CrashResumeTests {
    static let crashPoints = ["dies-after-write", "dies-at-step-3", "dies-at-random-step"]

    /// The suite, the `crash_resume` tasks, and a profile holding only the crash point `rule`.
    static func setting(_ rule: String) throws -> (Suite, [SuiteTask], FaultProfile) {
        let suite = try BundledSuiteTests.loadSuite()
        let tasks = suite.tasks.filter { $0.tags.contains(FailureMode.crashResume.rawValue) }
        try #require(tasks.count >= 4, "the suite has \(tasks.count) crash_resume tasks")
        let crash = try #require(suite.profiles["crash"])
        let point = try #require(crash.rules.first { $0.id == rule })
        return (suite, tasks, FaultProfile(name: "crash", rules: [point]))
    }

    static func agent(_ name: String) throws -> AgentVersion {
        try SuiteLoader(root: BundledSuiteTests.root).loadAgent(at: BundledSuiteTests.root + "/Fixtures/agents/\(name).json").get()
    }

    /// Seeds per task: the random crash point needs a few to be sure to fire.
    static func seeds(_ rule: String) -> ClosedRange<UInt64> { rule == "dies-at-random-step" ? 1...6 : 1...2 }

    static func check(_ name: String, _ result: TrialResult) -> CheckResult? { result.checks.first { $0.name == name } }

    @Test("after each crash point the resumed reference agent finishes every crash_resume task, each effect applied once, no finished work redone", arguments: crashPoints)
    func resumedAgentAppliesOnce(rule: String) async throws {
        let (suite, tasks, profile) = try Self.setting(rule)
        let runner = TrialRunner(suite: suite, agent: try Self.agent("reference"))
        for task in tasks {
            let reference = await runner.referencePath(for: task)
            var crashed = 0
            for seed in Self.seeds(rule) {
                let record = await runner.run(task, index: Int(seed), seed: seed, profile: profile, reference: reference)
                let result = record.result
                guard record.events.contains(where: { $0.kind == "agent_crashed" }) else { continue }
                crashed += 1
                #expect(record.events.contains { $0.kind == "resumed" }, "\(task.id) seed \(seed): not resumed from a checkpoint")
                #expect(result.outcome == .pass, "\(task.id) seed \(seed) \(rule): \(result.outcome.rawValue), failed: \(result.checks.filter { !$0.passed }.map(\.message))")
                #expect(Self.check("no effect applied twice", result)?.passed == true, "\(task.id) seed \(seed)")
                #expect(Self.check("work kept across restarts", result)?.passed == true, "\(task.id) seed \(seed)")
            }
            #expect(crashed > 0, "\(task.id): the crash point \(rule) never fired")
            if rule != "dies-at-random-step" { #expect(crashed == Self.seeds(rule).count, "\(task.id): \(rule) fired in \(crashed) trials") }
        }
    }

    @Test("after the same crash points the baseline (no checkpoints, no keys) applies an effect twice or redoes finished work on every crash_resume task", arguments: crashPoints)
    func baselineDuplicatesOrLosesWork(rule: String) async throws {
        let (suite, tasks, profile) = try Self.setting(rule)
        let runner = TrialRunner(suite: suite, agent: try Self.agent("baseline"))
        for task in tasks {
            let reference = await runner.referencePath(for: task)
            var harmed = 0
            for seed in Self.seeds(rule) {
                let result = await runner.run(task, index: Int(seed), seed: seed, profile: profile, reference: reference).result
                let duplicated = Self.check("no effect applied twice", result)?.passed == false
                let lost = Self.check("work kept across restarts", result)?.passed == false
                if duplicated || lost { harmed += 1 }
            }
            #expect(harmed > 0, "\(task.id): the baseline neither duplicated nor lost work under \(rule)")
        }
    }
}
