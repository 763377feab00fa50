/// Why a checkpoint could not be saved or read.
public enum CheckpointError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A stale writer: it expected the latest checkpoint to be `expected`, and it is `found`
    /// (`nil`: none yet).
    case conflict(expected: Int?, found: Int?)
    /// The store could not write.
    case writeFailed(path: String, reason: String)
    /// The store's folder could not be listed.
    case unreadable(path: String, reason: String)
    /// A checkpoint's state is not what a run snapshot holds.
    case malformed(String)
    /// There is no checkpoint to resume from.
    case nothingToResume
    /// A decision was given to a run that is not waiting for one.
    case noPendingApproval(decision: String)

    public var description: String {
        switch self {
        case .conflict(let expected, let found):
            "checkpoint conflict: the writer expected the latest checkpoint to be \(expected.map { "#\($0)" } ?? "none"), found \(found.map { "#\($0)" } ?? "none"); another writer got there first"
        case .writeFailed(let path, let reason):
            "cannot write checkpoint \(path): \(reason)"
        case .unreadable(let path, let reason):
            "cannot read checkpoints in \(path): \(reason)"
        case .malformed(let detail):
            "the checkpoint's state is not a run snapshot: \(detail)"
        case .nothingToResume:
            "there is no good checkpoint to resume from"
        case .noPendingApproval(let decision):
            "the run is not waiting for an approval, so the decision \"\(decision)\" has nothing to apply to"
        }
    }
}
