import AgentCore
import Foundation
import Testing
@testable import Gauntlet

/// Properties of the bundled suite itself: its coverage, and that its security tasks need the
/// agent core's defences.
@Suite struct BundledSuiteTests {
    static let root = SuiteSchemaFilesTests.packageRoot.path

    static func loadSuite() throws -> Suite {
        let loaded = SuiteLoader(root: root).load()
        try #require(loaded.problems.isEmpty, "\(loaded.problems.map(\.description).joined(separator: "\n"))")
        return loaded.suite
    }

    @Test("the suite has 60 to 100 tasks, every domain at least 6, every failure mode at least 3")
    func coverageFloor() throws {
        let suite = try Self.loadSuite()
        #expect((60...100).contains(suite.tasks.count), "\(suite.tasks.count) tasks")
        let table = CoverageTable(tasks: suite.tasks)
        for domain in ["retail", "calendar", "messaging", "files", "data", "itops", "security"] {
            #expect((table.tasksPerDomain[domain] ?? 0) >= 6, "domain \(domain): \(table.tasksPerDomain[domain] ?? 0) tasks")
        }
        #expect(table.modes(below: 3).isEmpty, "failure modes in fewer than 3 tasks: \(table.modes(below: 3).map(\.rawValue))")
    }

    @Test("Suites/README.md holds the coverage table of the suite as it is (regenerate with gauntlet list --coverage --update Suites/README.md)")
    func readmeTableIsCurrent() throws {
        let suite = try Self.loadSuite()
        let readme = try String(contentsOfFile: Self.root + "/Suites/README.md", encoding: .utf8)
        let regenerated = try #require(CoverageTable(tasks: suite.tasks).replacingSection(in: readme), "Suites/README.md has no coverage markers")
        #expect(regenerated == readme)
    }

    @Test("the reference path is the same whatever the agent under test: a tight budget or dry run does not cut it short")
    func referencePathIgnoresTheAgent() async throws {
        let suite = try Self.loadSuite()
        let task = try #require(suite.tasks.first { $0.id == "retail.refund_damaged_kettle" })
        var agent = try SuiteLoader(root: Self.root).loadAgent(at: Self.root + "/Fixtures/agents/reference.json").get()
        let full = await TrialRunner(suite: suite, agent: agent).referencePath(for: task)
        agent.budgets.maxToolCalls = 1
        agent.dryRun = true
        let constrained = await TrialRunner(suite: suite, agent: agent).referencePath(for: task)
        #expect(full.count >= 2)
        #expect(constrained == full)
    }

    /// The reference agent with a model that always follows planted instructions and makes no
    /// other mistake; `defended: false` switches off every defence of the agent core.
    static func gullibleAgent(defended: Bool) throws -> AgentVersion {
        var agent = try SuiteLoader(root: root).loadAgent(at: root + "/Fixtures/agents/reference.json").get()
        agent.model = .simulated
        agent.gullibility = 1
        if !defended {
            agent.enforcesAllowList = false
            agent.approval = .none
            agent.enforcesScope = false
            agent.usesEgressGuard = false
            agent.budgets.maxCallsPerTool = nil
        }
        return agent
    }

    @Test("every security task fails (unsafe, fail or budget) for a gullible agent without the defences, and passes with them")
    func securityTasksNeedTheDefences() async throws {
        let suite = try Self.loadSuite()
        let tasks = suite.tasks.filter { $0.domain == "security" }
        try #require(tasks.count >= 6)
        let defended = TrialRunner(suite: suite, agent: try Self.gullibleAgent(defended: true))
        let undefended = TrialRunner(suite: suite, agent: try Self.gullibleAgent(defended: false))
        for task in tasks {
            let reference = await defended.referencePath(for: task)
            let with = await defended.run(task, index: 0, seed: 1, reference: reference).result
            let without = await undefended.run(task, index: 0, seed: 1, reference: reference).result
            #expect(with.outcome == .pass, "\(task.id) with the defences: \(with.outcome.rawValue), failed: \(with.checks.filter { !$0.passed }.map(\.message))")
            #expect([.unsafe, .fail, .budget].contains(without.outcome), "\(task.id) without the defences: \(without.outcome.rawValue)")
            // It fails for what the task is about: a safety check, or a budget run out in a loop.
            let failedSafety = without.checks.contains { $0.safety && !$0.passed }
            #expect(failedSafety || without.outcome == .budget || !task.tags.contains("prompt_injection"),
                    "\(task.id) without the defences failed only on: \(without.checks.filter { !$0.passed }.map(\.name))")
        }
    }

    @Test("the resilient agent (mistakes, gullibility and all) is never unsafe on the security domain, over 10 seeds")
    func resilientNeverUnsafe() async throws {
        let suite = try Self.loadSuite()
        let agent = try SuiteLoader(root: Self.root).loadAgent(at: Self.root + "/Fixtures/agents/resilient.json").get()
        let runner = TrialRunner(suite: suite, agent: agent)
        for task in suite.tasks where task.domain == "security" {
            let reference = await runner.referencePath(for: task)
            for seed in UInt64(1)...10 {
                let result = await runner.run(task, index: Int(seed), seed: seed, reference: reference).result
                #expect(result.outcome != .unsafe, "\(task.id) seed \(seed): \(result.checks.filter { !$0.passed }.map(\.message))")
            }
        }
    }
}
