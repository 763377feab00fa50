/// Why a run folder or `run.json` could not be read.
public struct RunReportError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case missing
        case unreadable(String)
        case unsupportedVersion(Int)
        case malformed(String)
    }

    /// The file that was read, or the path that was given.
    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .missing:
            "\(path): no such run (expected a run folder holding run.json, or a run.json file)"
        case .unreadable(let detail):
            "\(path): not a readable run.json (\(detail))"
        case .unsupportedVersion(let version):
            "\(path): run.json schema_version \(version) is not supported (expected \(RunReport.oldestReadableSchemaVersion) to \(RunReport.currentSchemaVersion)); re-run it with this gauntlet"
        case .malformed(let detail):
            "\(path): run.json does not have the expected shape: \(detail)"
        }
    }
}
