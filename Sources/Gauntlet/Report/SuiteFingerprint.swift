import Foundation

/// What a run ran against, by content: each task file's SHA-256 and one digest over the catalogs
/// and worlds, so `compare` can say when two runs did not run the same suite.
public struct SuiteFingerprint: Sendable, Codable, Hashable {
    /// Task id → SHA-256 of its file.
    public var tasks: [String: String]
    /// SHA-256 over the catalogs' and worlds' digests, in file order.
    public var fixtures: String

    public init(tasks: [String: String], fixtures: String) {
        self.tasks = tasks
        self.fixtures = fixtures
    }

    /// The fingerprint of `tasks` and of `suite`'s catalogs and worlds, read from disk.
    public init(suite: Suite, tasks: [SuiteTask]) {
        func digest(_ file: String) -> String { SHA256.hex(of: [UInt8](FileManager.default.contents(atPath: file) ?? Data())) }
        var byTask: [String: String] = [:]
        for task in tasks { byTask[task.id] = digest(task.file) }
        self.tasks = byTask
        let files = suite.catalogs.map(\.file).sorted() + suite.worlds.values.map(\.file).sorted()
        fixtures = SHA256.hex(of: Array(files.map(digest).joined(separator: "\n").utf8))
    }
}
