import Foundation
@testable import Gauntlet

/// Real runs of the bundled suite's retail tasks under `flaky` (seed 5, two trials each), made with
/// `Runner` once per test process, one folder per agent version. Paths in them are absolute, so
/// `replay` finds the files whatever the current folder.
actor RecordedRuns {
    static let shared = RecordedRuns()

    private let base = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-recorded-runs-\(ProcessInfo.processInfo.processIdentifier)")
    private var runs: [String: Task<URL, any Error>] = [:]

    /// The run folder of `agent` (a file name in `Fixtures/agents`, without `.json`).
    func folder(_ agent: String) async throws -> URL {
        if let run = runs[agent] { return try await run.value }
        let out = base.appendingPathComponent(agent)
        let base = base
        let run = Task<URL, any Error> {
            Self.removeStaleFolders(besides: base)
            try? FileManager.default.removeItem(at: out)
            let root = SuiteSchemaFilesTests.packageRoot
            var configuration = RunConfiguration()
            configuration.root = root.path
            configuration.agentFile = root.appendingPathComponent("Fixtures/agents/\(agent).json").path
            configuration.filters = ["retail.*"]
            configuration.profiles = ["flaky"]
            configuration.trials = 2
            configuration.seed = 5
            configuration.jobs = 2
            configuration.outputFolder = out.path
            _ = try await Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "test"), now: { Date(timeIntervalSince1970: 0) }).run()
            return out
        }
        runs[agent] = run
        return try await run.value
    }

    /// Removes the folders earlier test processes left (one per process), once they are an hour
    /// old: no test process runs that long, so none is still using them.
    static func removeStaleFolders(besides folder: URL) {
        let manager = FileManager.default
        let parent = folder.deletingLastPathComponent()
        let prefix = "gauntlet-recorded-runs-"
        for name in (try? manager.contentsOfDirectory(atPath: parent.path)) ?? [] where name.hasPrefix(prefix) && name != folder.lastPathComponent {
            let path = parent.appendingPathComponent(name).path
            if let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < Date().addingTimeInterval(-3600) {
                try? manager.removeItem(atPath: path)
            }
        }
    }

    /// A fresh copy of `agent`'s run folder, to tamper with.
    func copy(_ agent: String) async throws -> URL {
        let source = try await folder(agent)
        let copy = base.appendingPathComponent("\(agent)-copy-\(UUID().uuidString)")
        try FileManager.default.copyItem(at: source, to: copy)
        return copy
    }
}
