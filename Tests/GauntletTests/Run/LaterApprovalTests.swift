import AgentCore
import Testing
@testable import Gauntlet

/// The suite's `approval_interrupt` tasks, whose reviewer decides hours later: an agent with
/// checkpoints parks and resumes in a new process when the decision comes; one without gives up.
@Suite struct LaterApprovalTests {
    @Test("the reference agent parks on each later decision, resumes when it comes, and passes; without checkpoints it cannot wait and does not")
    func parkAndResume() async throws {
        let suite = try BundledSuiteTests.loadSuite()
        let tasks = suite.tasks.filter { $0.tags.contains(FailureMode.approvalInterrupt.rawValue) }
        try #require(tasks.count >= 4, "the suite has \(tasks.count) approval_interrupt tasks")
        var agent = try CrashResumeTests.agent("reference")
        let durable = TrialRunner(suite: suite, agent: agent)
        agent.checkpoints = false
        let forgetful = TrialRunner(suite: suite, agent: agent)
        for task in tasks {
            let reference = await durable.referencePath(for: task)
            let record = await durable.run(task, index: 0, seed: 1, reference: reference)
            #expect(record.result.outcome == .pass, "\(task.id): \(record.result.checks.filter { !$0.passed }.map(\.message))")
            let parked = record.events.filter { $0.kind == "approval_parked" }.count
            let resumed = record.events.filter { $0.kind == "agent_restarted" && $0.data["reason"] == "approval" }.count
            #expect(parked >= 1 && resumed == parked, "\(task.id): parked \(parked), resumed \(resumed)")
            #expect(record.result.durationMs >= 3_600_000, "\(task.id): the decision came after \(record.result.durationMs) ms")
            let without = await forgetful.run(task, index: 0, seed: 1, reference: reference)
            #expect(!without.result.outcome.isPass, "\(task.id) without checkpoints: \(without.result.outcome.rawValue)")
            #expect(without.events.contains { $0.kind == "approval_answered" && $0.data["decision"] == "deferred" })
            #expect(!without.events.contains { $0.kind == "approval_parked" })
        }
    }
}
