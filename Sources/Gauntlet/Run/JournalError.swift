/// Why a run's journal could not be read or resumed. Always an input problem (exit code 2).
public struct JournalError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        /// No journal in the folder.
        case missing
        case unreadable(String)
        /// A line that is not what a journal line must be (1-based line number).
        case malformed(line: Int, expected: String, found: String)
        /// The files the plan comes from changed since the journal was written.
        case planChanged([String])
    }

    /// The journal file.
    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .missing:
            "\(path): no such file (expected the journal a run writes in its output folder; is this the folder of a run?)"
        case .unreadable(let detail):
            "\(path): cannot be read (\(detail))"
        case .malformed(let line, let expected, let found):
            "\(path):\(line): expected \(expected), found \(found)"
        case .planChanged(let differences):
            "\(path): cannot resume: the run's inputs changed since it started, so its trials would not be the same:\n"
                + differences.map { "  - \($0)\n" }.joined()
                + "Start a new run instead (without --resume), or restore the files."
        }
    }
}
