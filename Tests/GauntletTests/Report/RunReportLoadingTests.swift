import Foundation
import Testing
@testable import Gauntlet

@Suite struct RunReportLoadingTests {
    static func folder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("report-load-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static let trial = #"""
        {"task": "retail.a", "domain": "retail", "trial": 0, "seed": "0x01", "outcome": "pass", "checks": [], "steps": 2, "tool_calls": 1,
         "tokens": 10, "duration_ms": 5, "tool_path": ["get_order"], "stop_reason": "answered", "profile": "none",
         "counters": {"retries": 0, "breaker_opens": 0, "timeouts": 0, "faults": {}}}
        """#

    /// A version-2 run.json: no suite, no configuration, counters without `blocked`.
    static func version2(trials: String = trial) -> String {
        let tally = #"{"name": "all", "tasks": 1, "trials": 1, "outcomes": {"pass": 1}, "pass_rate": 1, "counters": {"retries": 0, "breaker_opens": 0, "timeouts": 0, "faults": {}}, "virtual_ms": 5}"#
        return #"""
            {"schema_version": 2, "run_id": "r", "gauntlet_version": "0.1.0", "started_at": "a", "finished_at": "b", "agent": {"label": "x", "file": "f", "sha256": "s"},
             "seed": 0, "trials_per_task": 1, "selection": {"paths": [], "filters": [], "tags": [], "tasks": 1, "profiles": ["none"]},
             "gate": {"passed": true}, "summary": {"overall": \#(tally), "domains": [\#(tally)], "profiles": [\#(tally)]}, "trials": [\#(trials)]}
            """#
    }

    @Test("a run folder or its run.json loads; a version-2 file without the newer fields reads with their defaults")
    func loadsFolderAndFile() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.version2().write(to: folder.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        let (report, file) = try RunReport.load(from: folder.path)
        #expect(file == folder.path + "/run.json")
        #expect(report.schemaVersion == 2)
        #expect(report.suite == nil)
        #expect(report.trials.first?.counters.blocked == 0)
        #expect(try RunReport.load(from: file).report.trials.count == 1)
    }

    @Test("unreadable runs are typed errors naming the file and what is wrong", arguments: [
        ("missing", "no such run"),
        ("{not json", "not a readable run.json"),
        (#"{"schema_version": 1}"#, "schema_version 1 is not supported (expected 2 to 3)"),
        (#"{"schema_version": "3"}"#, "/schema_version: expected an integer"),
    ])
    func errors(content: String, message: String) throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent(content == "missing" ? "elsewhere" : "run.json")
        if content != "missing" { try content.write(to: path, atomically: true, encoding: .utf8) }
        #expect {
            _ = try RunReport.load(from: path.path)
        } throws: { error in
            (error as? RunReportError)?.description.contains(message) == true && (error as? RunReportError)?.description.hasPrefix(path.path) == true
        }
    }

    @Test("a trial recorded twice is an error naming both places")
    func duplicateTrial() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.version2(trials: Self.trial + ", " + Self.trial).write(to: folder.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        #expect {
            _ = try RunReport.load(from: folder.path)
        } throws: { error in
            (error as? RunReportError)?.description.contains("/trials/1: trial 0 of retail.a under none is recorded twice (also at /trials/0)") == true
        }
    }

    @Test("a trial missing a field is reported with the JSON Pointer to it")
    func malformedTrial() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let broken = Self.trial.replacingOccurrences(of: #""outcome": "pass", "#, with: "")
        try Self.version2(trials: broken).write(to: folder.appendingPathComponent("run.json"), atomically: true, encoding: .utf8)
        #expect {
            _ = try RunReport.load(from: folder.path)
        } throws: { error in
            (error as? RunReportError)?.description.contains("/trials/0/outcome: expected a value, found nothing") == true
        }
    }
}
