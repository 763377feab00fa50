import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct RunnerResumeTests {
    /// Asks the run to stop once `after` trials have finished.
    final class StopAfter: RunObserver {
        let stop = StopRequest()
        let after: Int
        init(after: Int) { self.after = after }
        func runStarted(total: Int, tasks: Int, agent: String) {}
        func trialFinished(_ result: TrialResult, completed: Int, total: Int) {
            if completed == after { stop.request("test") }
        }
    }

    static func configuration(out: URL) -> RunConfiguration {
        var configuration = RunnerTests.configuration(out: out)
        configuration.agentFile = SuiteSchemaFilesTests.packageRoot.appendingPathComponent("Fixtures/agents/resilient.json").path
        configuration.filters = ["retail.*"]
        configuration.profiles = ["flaky"]
        configuration.trials = 2
        configuration.seed = 11
        return configuration
    }

    static func runner(_ configuration: RunConfiguration, observer: (any RunObserver)? = nil) -> Runner {
        Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "test"), observer: observer, now: { Date(timeIntervalSince1970: 0) })
    }

    @Test("a run stopped after some trials reports them as incomplete; resumed, it ends as an uninterrupted run: same results, same trajectory bytes")
    func stopAndResume() async throws {
        let whole = FileManager.default.temporaryDirectory.appendingPathComponent("resume-whole-\(UUID().uuidString)")
        let parted = FileManager.default.temporaryDirectory.appendingPathComponent("resume-parted-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: whole)
            try? FileManager.default.removeItem(at: parted)
        }
        let uninterrupted = try await Self.runner(Self.configuration(out: whole)).run()

        let observer = StopAfter(after: 4)
        let stopped = try await Self.runner(Self.configuration(out: parted), observer: observer).run(stop: observer.stop)
        let incomplete = try #require(stopped.report.incomplete)
        #expect(incomplete.plannedTrials == 22)
        #expect(incomplete.reason == "test")
        #expect(incomplete.resume == "gauntlet run --resume \(parted.path)")
        #expect((4..<22).contains(stopped.report.trials.count))
        #expect(!stopped.report.gate.passed)
        #expect(SummaryTable.text(stopped.report, folder: parted.path).contains("Resume it with: gauntlet run --resume \(parted.path)"))
        #expect(throws: CompareError.self) { try RunComparison(baseline: uninterrupted.report, candidate: stopped.report) }

        let journal = try RunJournal.read(folder: parted.path)
        #expect(journal.trials.count == stopped.report.trials.count)
        let resumed = try await Self.runner(Self.configuration(out: parted)).run(resuming: journal)
        #expect(resumed.resumedTrials == stopped.report.trials.count)
        #expect(resumed.report.incomplete == nil)
        #expect(resumed.report.trials == uninterrupted.report.trials)
        #expect(resumed.report.summary == uninterrupted.report.summary)
        #expect(resumed.report.gate == uninterrupted.report.gate)
        let expected = try Data(contentsOf: whole.appendingPathComponent("trajectories.jsonl"))
        #expect(try Data(contentsOf: parted.appendingPathComponent("trajectories.jsonl")) == expected)
        #expect(!FileManager.default.fileExists(atPath: parted.appendingPathComponent("trajectories.jsonl.partial").path))
        #expect(try RunJournal.read(folder: parted.path).trials.count == 22)
    }

    @Test("resuming with a plan other than the journal's is refused, and says what differs")
    func changedPlan() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("resume-changed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = Self.configuration(out: out)
        configuration.filters = ["retail.refund_*"]
        _ = try await Self.runner(configuration).run()
        let journal = try RunJournal.read(folder: out.path)
        configuration.trials = 3
        configuration.seed = 12
        do {
            _ = try await Self.runner(configuration).run(resuming: journal)
            Issue.record("the resume was not refused")
        } catch {
            guard case .journal(let journalError) = error, case .planChanged(let differences) = journalError.reason else {
                Issue.record("unexpected error: \(error)")
                return
            }
            #expect(differences == ["the seed: 11 in the journal, 12 now", "trials per task: 2 in the journal, 3 now"])
            #expect(error.description.contains("cannot resume: the run's inputs changed since it started"))
        }
    }
}
