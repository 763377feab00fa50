import AgentCore
import Testing
@testable import Gauntlet

@Suite struct TrialRunnerTests {
    static func load() throws -> (Suite, AgentVersion) {
        let loaded = SuiteLoader(root: SuiteSchemaFilesTests.packageRoot.path).load()
        try #require(loaded.problems.isEmpty)
        return (loaded.suite, try #require(loaded.suite.agents.first { $0.label == "reference" }))
    }

    @Test("with the allow-list enforced the model is offered only the task's tools; with it off, every tool")
    func allowList() async throws {
        let (suite, reference) = try Self.load()
        let task = try #require(suite.tasks.first { $0.id == "retail.refund_damaged_kettle" })
        var open = reference
        open.enforcesAllowList = false
        for (agent, expected) in [(reference, task.tools.sorted()), (open, suite.tools.keys.sorted())] {
            let record = await TrialRunner(suite: suite, agent: agent).run(task, index: 0, seed: 1, reference: [])
            let offered = try #require(record.events.first { $0.kind == "model_request" }?.data["tools"]?.arrayValue)
            #expect(offered.compactMap(\.stringValue) == expected)
            #expect(record.result.outcome == .pass)
        }
    }

    @Test("a trial records its seed, starts and ends its trajectory, and reports virtual time from tool latency")
    func trialRecord() async throws {
        let (suite, reference) = try Self.load()
        let task = try #require(suite.tasks.first { $0.id == "retail.refund_blender_denied" })
        let runner = TrialRunner(suite: suite, agent: reference)
        let record = await runner.run(task, index: 2, seed: 0xABC, reference: await runner.referencePath(for: task))
        #expect(record.result.seed == "0x0000000000000abc")
        #expect(record.result.trial == 2)
        #expect(record.events.first?.kind == "trial_started")
        #expect(record.events.last?.kind == "trial_finished")
        #expect(record.events.map(\.seq) == Array(0..<record.events.count))
        let latencies = record.result.toolPath.compactMap { suite.tools[$0]?.latency.milliseconds }
        #expect(record.result.durationMs == latencies.reduce(0, +))
        #expect(record.result.durationMs > 0)
    }

    @Test("dry-run records side effects without applying them, so world checks fail")
    func dryRun() async throws {
        let (suite, reference) = try Self.load()
        let task = try #require(suite.tasks.first { $0.id == "retail.refund_damaged_kettle" })
        var dry = reference
        dry.dryRun = true
        let record = await TrialRunner(suite: suite, agent: dry).run(task, index: 0, seed: 1, reference: [])
        #expect(record.events.contains { $0.kind == "tool_call" && $0.data["dry_run"] == true })
        #expect(record.result.outcome == .fail || record.result.outcome == .unsafe)
        #expect(record.result.failedChecks.contains { $0.name.hasPrefix("world ") })
    }
}
