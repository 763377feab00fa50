import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct RunDiffTests {
    @Test("baseline against resilient on the retail tasks: the tasks whose paths changed, most changed first, with counts and each side's most common path")
    func changedTasks() async throws {
        let baseline = try await RecordedRuns.shared.folder("baseline")
        let resilient = try await RecordedRuns.shared.folder("resilient")
        let changes = try RunDiff.toolPaths(baseline: baseline.path, candidate: resilient.path)

        #expect(changes.changed.count + changes.unchanged.count == 11)
        #expect(!changes.changed.isEmpty)
        #expect(changes.notes.isEmpty)
        #expect(changes.changed.map(\.differingTrials) == changes.changed.map(\.differingTrials).sorted(by: >))
        for change in changes.changed + changes.unchanged {
            #expect(change.profile == "flaky")
            #expect(change.pairedTrials == 2)
            #expect(change.baselinePathTrials >= 1 && change.baselinePathTrials <= 2)
        }
        // The baseline has no approval step: it refunds the blender the approver would refuse.
        let blender = try #require(changes.changed.first { $0.task == "retail.refund_blender_denied" })
        #expect(blender.differingTrials == 2)
        #expect(blender.firstDifferingTrial == 0)
        #expect(blender.baselinePath.contains("refund_order"))
        #expect(!blender.candidatePath.contains("refund_order"))
        #expect(blender.edits.contains { $0.kind == .delete && $0.baseline.map { blender.baselinePath[$0] } == "refund_order" })

        let text = DiffReport.text(changes)
        #expect(text.contains("of 11 tasks changed their tool path"))
        #expect(text.contains("  2/2 trials differ  retail.refund_blender_denied [flaky]  first differing trial: 0\n"))
        #expect(text.contains("[refund_order]"))
        let json = try JSONParser.parse(DiffReport.json(changes))
        #expect(json["schema_version"] == 1)
        #expect(json["mode"] == "tasks")
        #expect(json["changed"]?.arrayValue?.count == changes.changed.count)
    }

    @Test("a run against itself: no path changed, and every trial is identical event by event")
    func itself() async throws {
        let baseline = try await RecordedRuns.shared.folder("baseline").path
        let changes = try RunDiff.toolPaths(baseline: baseline, candidate: baseline)
        #expect(changes.changed.isEmpty)
        #expect(DiffReport.text(changes).contains("No tool path changed: 11 tasks, 22 paired trials"))
        let report = try RunDiff.trial(baseline: baseline, candidate: baseline, task: "retail.refund_damaged_kettle", trial: 1)
        #expect(report.diff.identical)
        #expect(DiffReport.text(report).contains("Identical: both trajectories have the same \(report.diff.baseline.count) events"))
    }

    @Test("one trial event by event: aligned rows covering both trajectories, the first divergence, the next events and the faults around it")
    func oneTrial() async throws {
        let baseline = try await RecordedRuns.shared.folder("baseline")
        let resilient = try await RecordedRuns.shared.folder("resilient")
        let report = try RunDiff.trial(baseline: baseline.path, candidate: resilient.path, task: "retail.refund_blender_denied", trial: 0)
        let diff = report.diff
        #expect(report.profile == "flaky")
        #expect(report.baseline.result.seed == report.candidate.result.seed)
        #expect(diff.baseline.first?.kind == "trial_started" && diff.baseline.last?.kind == "trial_finished")
        #expect(diff.rows.compactMap(\.baseline) == Array(diff.baseline.indices))
        #expect(diff.rows.compactMap(\.candidate) == Array(diff.candidate.indices))
        for row in diff.rows where row.kind == .same {
            #expect(diff.baselineSignatures[row.baseline!] == diff.candidateSignatures[row.candidate!])
        }
        let first = try #require(diff.firstDivergence)
        #expect(diff.rows[..<first].allSatisfy { $0.kind == .same })
        #expect(diff.next(.baseline, limit: 8).first?.seq == diff.baseline[first].seq)
        // The resilient version asks the approver before refunding; the baseline does not.
        #expect(diff.rows.contains { $0.kind == .insert && diff.candidate[$0.candidate!].kind == "approval_requested" })

        let text = DiffReport.text(report)
        #expect(text.hasPrefix("retail.refund_blender_denied [flaky] trial 0: baseline → candidate\n"))
        #expect(text.contains("First divergence at event \(first) ("))
        #expect(text.contains("  ─── first divergence ───"))
        #expect(text.contains("From there, the baseline ("))
        #expect(text.contains("Faults injected within 6 events of the divergence:\n"))
        let json = try JSONParser.parse(DiffReport.json(report))
        #expect(json["mode"] == "trial")
        #expect(json["identical"] == false)
        #expect(json["first_divergence"]?.intValue == first)
        #expect(json["rows"]?.arrayValue?.count == diff.rows.count)
    }

    @Test("what cannot be diffed is said clearly: an unknown task (with a suggestion), a trial out of range, an unknown profile, missing trajectories, no task in common")
    func errors() async throws {
        let baseline = try await RecordedRuns.shared.folder("baseline").path
        let resilient = try await RecordedRuns.shared.folder("resilient").path
        func message(_ body: () throws -> Void) -> String {
            do {
                try body()
                return "no error"
            } catch let error as TrajectoryInputError {
                return error.message
            } catch {
                return "unexpected \(error)"
            }
        }
        #expect(message { _ = try RunDiff.trial(baseline: baseline, candidate: resilient, task: "retail.refund_kettle", trial: 0) }
            == "no task \"retail.refund_kettle\" in the baseline run (\(baseline)/run.json) (did you mean \"retail.refund_damaged_kettle\"?); it has 11 tasks")
        #expect(message { _ = try RunDiff.trial(baseline: baseline, candidate: resilient, task: "retail.refund_damaged_kettel", trial: 0) }
            .contains("(did you mean \"retail.refund_damaged_kettle\"?)"))
        #expect(message { _ = try RunDiff.trial(baseline: baseline, candidate: resilient, task: "retail.refund_damaged_kettle", trial: 2) }
            == "trial 2 is out of range: retail.refund_damaged_kettle [flaky] has trials 0–1 in the baseline run (\(baseline)/run.json)")
        #expect(message { _ = try RunDiff.trial(baseline: baseline, candidate: resilient, task: "retail.refund_damaged_kettle", trial: 0, profile: "flakey") }
            .contains("did not run under profile \"flakey\" in the baseline run (\(baseline)/run.json) (did you mean \"flaky\"?); it ran under flaky"))
        #expect(message { _ = try RunDiff.toolPaths(baseline: baseline, candidate: resilient, profile: "none") }
            .hasPrefix("no trials under profile \"none\" in the baseline run"))
        #expect(message { _ = try RunDiff.toolPaths(baseline: "/nonexistent/run", candidate: resilient) }
            .hasPrefix("/nonexistent/run: no such run"))

        let bare = FileManager.default.temporaryDirectory.appendingPathComponent("diff-bare-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: bare, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: bare) }
        try FileManager.default.copyItem(atPath: resilient + "/run.json", toPath: bare.path + "/run.json")
        #expect(message { _ = try RunDiff.trial(baseline: baseline, candidate: bare.path, task: "retail.refund_damaged_kettle", trial: 0) }
            == "the candidate run (\(bare.path)/run.json) has no readable trajectories: \(bare.path)/trajectories.jsonl: no such file (a run folder holds trajectories.jsonl next to run.json)")

        var kettle = try RunTrials.load(baseline, role: "baseline")
        var others = try RunTrials.load(resilient, role: "candidate")
        kettle.report.trials.removeAll { $0.task != "retail.refund_damaged_kettle" }
        others.report.trials.removeAll { $0.task == "retail.refund_damaged_kettle" }
        #expect(message { _ = try ToolPathChanges(baseline: kettle, candidate: others) }
            .hasPrefix("the runs have no task in common (baseline: retail.refund_damaged_kettle; candidate: retail.cancel_duplicate_glove_order, "))
    }

    @Test("suggestions: the closest id by spelling, else the ids holding every word")
    func suggestions() {
        let ids = ["retail.refund_damaged_kettle", "retail.refund_blender_denied", "files.archive_budget_drafts"]
        #expect(RunTrials.suggestions(for: "retail.refund_damaged_kettel", among: ids) == ["retail.refund_damaged_kettle"])
        #expect(RunTrials.suggestions(for: "refund_kettle", among: ids) == ["retail.refund_damaged_kettle"])
        #expect(RunTrials.suggestions(for: "retail.refund", among: ids) == ["retail.refund_damaged_kettle", "retail.refund_blender_denied"])
        #expect(RunTrials.suggestions(for: "calendar.move", among: ids).isEmpty)
    }
}
