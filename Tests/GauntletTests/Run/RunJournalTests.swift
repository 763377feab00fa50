import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct RunJournalTests {
    static func folder() throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url.path
    }

    static let header = JournalHeader(
        plan: PlanFingerprint(
            seed: 7, agentSHA256: "ab", suite: SuiteFingerprint(tasks: ["shop.a": "01"], fixtures: "02"),
            profiles: [.init(name: "none", file: nil, sha256: nil)], tasks: ["shop.a"], trialsPerTask: 3, planSize: 3),
        arguments: .init(RunConfiguration()), workingDirectory: "/work", startedAt: "2026-01-02T03:04:05Z",
        provenance: Provenance(gitCommit: nil, gauntletVersion: "test"))

    static func trial(_ position: Int) -> JournaledTrial {
        let result = TrialResult(
            task: "shop.a", domain: "shop", trial: position, seed: "0x000000000000000\(position)", outcome: position == 1 ? .fail : .pass,
            checks: [CheckResult(name: "answer contains \"é/\\\"", passed: position != 1, message: "line\nbreak")], steps: 2, toolCalls: 1,
            tokens: 30, durationMs: 1250, toolPath: ["get_order"], answer: position == 2 ? nil : "Done.", stopReason: "answered")
        let events = [
            TrajectoryEvent(seq: 0, tMs: 0, kind: "trial_started", data: JSONObject([("seed", .string(result.seed)), ("z", 1.5), ("a", .null)])),
            TrajectoryEvent(seq: 1, tMs: 1250, kind: "trial_finished", data: JSONObject([("outcome", .string(result.outcome.rawValue))])),
        ]
        return JournaledTrial(position: position, result: result, lines: TrajectoryWriter.lines(events, task: "shop.a", trial: position))
    }

    @Test("trials appended to a journal read back as written: results equal, trajectory lines byte for byte")
    func roundTrip() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Each writer in its own scope: it holds a lock on the journal that readers wait for.
        do {
            let writer = try JournalWriter.create(at: RunJournal.path(in: folder), header: Self.header)
            try writer.append(Self.trial(2))
            try writer.append(Self.trial(0))
        }
        let journal = try RunJournal.read(folder: folder)
        #expect(journal.header == Self.header)
        #expect(journal.header.fingerprint == Self.header.plan.digest)
        #expect(journal.trials == [2: Self.trial(2), 0: Self.trial(0)])
        #expect(journal.tornLine == nil)
        let text = try String(contentsOfFile: journal.path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 3)
        #expect(text.split(separator: "\n")[1].hasPrefix(#"{"kind":"trial","position":2,"result":{"#))
    }

    @Test("a last line cut short is ignored and reported, and appending resumes after the last whole line")
    func tornLastLine() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = RunJournal.path(in: folder)
        do {
            let writer = try JournalWriter.create(at: path, header: Self.header)
            try writer.append(Self.trial(0))
        }
        let whole = try #require(FileManager.default.contents(atPath: path))
        for cut in [1, 40, RunJournal.line(for: Self.trial(1)).utf8.count] {
            try (whole + Data(RunJournal.line(for: Self.trial(1)).utf8.prefix(cut))).write(to: URL(fileURLWithPath: path))
            let journal = try RunJournal.read(folder: folder)
            #expect(journal.tornLine == 3, "cut at \(cut)")
            #expect(journal.trials.keys.sorted() == [0], "cut at \(cut)")
            #expect(journal.intactLength == whole.count)
        }
        do {
            let resumed = try JournalWriter.resume(try RunJournal.read(folder: folder))
            try resumed.append(Self.trial(1))
            try resumed.append(line: RunJournal.startedLine(position: 2), flush: false)
        }
        let again = try RunJournal.read(folder: folder)
        #expect(again.tornLine == nil)
        #expect(again.trials.keys.sorted() == [0, 1])
        #expect(again.started == [2])
    }

    @Test("a broken line before the last is an error naming the file, the line, what was expected and what was found", arguments: [
        (#"{"kind":"trial","position":1,"result":{"task":"x"#, "expected a JSON object, found malformed JSON"),
        (#"{"kind":"surprise","position":1}"#, #"expected a trial line ("kind":"trial"), found "kind":"surprise""#),
        (#"{"kind":"trial","position":"one","result":{},"events":[]}"#, #"expected a "position" (an integer from 0), found "one""#),
        (#"{"kind":"trial","position":1,"result":{"task":"x"},"events":[]}"#, #"expected a trial result as run.json records it, found no "domain""#),
        (RunJournal.line(for: RunJournalTests.trial(0)), "expected each plan position once, found position 0 again (first at line 2)"),
    ])
    func malformedLine(line: String, message: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = RunJournal.path(in: folder)
        do {
            let writer = try JournalWriter.create(at: path, header: Self.header)
            try writer.append(Self.trial(0))
            try writer.append(line: line)
            try writer.append(Self.trial(2))
        }
        let error = #expect(throws: JournalError.self) { try RunJournal.read(folder: folder) }
        #expect(error?.description.hasPrefix("\(path):3: \(message)") == true, "\(error?.description ?? "")")
    }

    @Test("no journal, or a first line that is not a header, is an error")
    func missingOrHeaderless() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        #expect(throws: JournalError(path: RunJournal.path(in: folder), reason: .missing)) { try RunJournal.read(folder: folder) }
        try Data((RunJournal.line(for: Self.trial(0)) + "\n").utf8).write(to: URL(fileURLWithPath: RunJournal.path(in: folder)))
        let error = #expect(throws: JournalError.self) { try RunJournal.read(folder: folder) }
        #expect(error?.description.contains(#"journal.jsonl:1: expected the header ({"kind":"header",…})"#) == true, "\(error?.description ?? "")")
    }

    @Test("the plan fingerprint names what changed")
    func differences() {
        let recorded = Self.header.plan
        var current = recorded
        current.seed = 8
        current.suite.tasks["shop.a"] = "03"
        current.trialsPerTask = 4
        #expect(recorded.differences(from: recorded).isEmpty)
        #expect(recorded.differences(from: current) == [
            "the seed: 7 in the journal, 8 now", "task files changed: shop.a", "trials per task: 3 in the journal, 4 now",
        ])
        #expect(recorded.digest != current.digest)
    }
}
