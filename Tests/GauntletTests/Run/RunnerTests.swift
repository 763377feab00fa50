import AgentCore
import Foundation
import Synchronization
import Testing
@testable import Gauntlet

@Suite struct RunnerTests {
    final class Observer: RunObserver {
        let seen = Mutex<[String]>([])
        func runStarted(total: Int, tasks: Int, agent: String) { seen.withLock { $0.append("start \(total) \(tasks) \(agent)") } }
        func trialFinished(_ result: TrialResult, completed: Int, total: Int) { seen.withLock { $0.append("\(completed)/\(total)") } }
    }

    static func configuration(out: URL) -> RunConfiguration {
        var configuration = RunConfiguration()
        configuration.root = SuiteSchemaFilesTests.packageRoot.path
        configuration.outputFolder = out.path
        configuration.jobs = 3
        configuration.agentFile = SuiteSchemaFilesTests.packageRoot.appendingPathComponent("Fixtures/agents/reference.json").path
        return configuration
    }

    @Test("a run reports progress for every trial and writes run.json, trajectories.jsonl and summary.md")
    func writesReports() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = Self.configuration(out: out)
        configuration.trials = 2
        configuration.filters = ["retail.refund_*"]
        let observer = Observer()
        let output = try await Runner(configuration: configuration, provenance: Provenance(gitCommit: "abc", gauntletVersion: "test"), observer: observer, now: { Date(timeIntervalSince1970: 0) }).run()

        #expect(output.report.trials.count == 12)
        #expect(output.report.trials.map(\.trial) == [0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1])
        #expect(output.report.gate.passed)
        #expect(output.report.runID == "19700101T000000Z-s0")
        #expect(observer.seen.withLock { $0 } == ["start 12 6 reference"] + (1...12).map { "\($0)/12" })
        let runJSON = try JSONParser.parse(String(contentsOf: out.appendingPathComponent("run.json"), encoding: .utf8))
        #expect(runJSON["schema_version"] == 3)
        #expect(runJSON["suite"]?["tasks"]?["retail.refund_damaged_kettle"]?.stringValue?.count == 64)
        #expect(runJSON["configuration"]?["profiles"]?.arrayValue?.first?["name"] == "none")
        #expect(runJSON["git_commit"] == "abc")
        #expect(runJSON["trials"]?.arrayValue?.count == 12)
        let lines = try String(contentsOf: out.appendingPathComponent("trajectories.jsonl"), encoding: .utf8).split(separator: "\n")
        #expect(lines.allSatisfy { (try? JSONParser.parse(String($0))) != nil })
        #expect(lines.filter { $0.contains(#""kind":"trial_finished""#) }.count == 12)
        #expect(FileManager.default.fileExists(atPath: out.appendingPathComponent("summary.md").path))
    }

    @Test("a filter that matches nothing is an error, not an empty success")
    func emptySelection() async throws {
        var configuration = Self.configuration(out: FileManager.default.temporaryDirectory.appendingPathComponent("unused"))
        configuration.tags = ["no_such_tag"]
        await #expect(throws: RunError.self) {
            try await Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "test"), now: { Date() }).run()
        }
    }

    @Test("trial seeds depend on the run seed, so a different seed gives different trajectories")
    func seedsDiffer() async throws {
        var seeds: [[String]] = []
        for seed: UInt64 in [1, 2] {
            let out = FileManager.default.temporaryDirectory.appendingPathComponent("runner-\(UUID().uuidString)")
            defer { try? FileManager.default.removeItem(at: out) }
            var configuration = Self.configuration(out: out)
            configuration.seed = seed
            configuration.filters = ["files.*"]
            let output = try await Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "test"), now: { Date() }).run()
            seeds.append(output.report.trials.map(\.seed))
        }
        #expect(seeds[0] != seeds[1])
        #expect(Set(seeds[0]).count == seeds[0].count)
    }
}

@Suite struct ShippedProfilesTests {
    @Test("under every shipped profile the run completes, every trial has an outcome, and the summary shows per-profile rates")
    func everyShippedProfile() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("profiles-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        let profiles = ["none", "flaky", "degraded", "hostile", "outage", "release"]
        var configuration = RunnerTests.configuration(out: out)
        configuration.agentFile = SuiteSchemaFilesTests.packageRoot.appendingPathComponent("Fixtures/agents/resilient.json").path
        configuration.profiles = profiles
        configuration.filters = ["retail.*", "files.*"]
        configuration.trials = 2
        let output = try await Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "test"), now: { Date() }).run()
        let report = output.report
        let tasks = report.selection.tasks
        #expect(report.trials.count == tasks * profiles.count * 2)
        #expect(report.summary.profiles.map(\.name) == profiles)
        #expect(report.summary.profiles.allSatisfy { $0.trials == tasks * 2 })
        #expect(report.summary.profiles.allSatisfy { $0.outcomes.values.reduce(0, +) == $0.trials })
        let none = try #require(report.summary.profiles.first)
        // The simulated model errs now and then even without faults; the scripted reference agent
        // passing every task is checked by the CLI tests.
        #expect(none.passRate > 0.5)
        #expect(none.counters.faultCount == 0)
        #expect(report.summary.profiles.dropFirst().allSatisfy { $0.counters.faultCount > 0 })
        let text = SummaryTable.text(report, folder: output.folder)
        for profile in profiles { #expect(text.contains("\n\(profile) ")) }
    }
}
