import Synchronization

/// Checkpoints in memory, for tests and for runs that need not outlive their process.
public final class InMemoryCheckpointStore: CheckpointStore {
    private let checkpoints = Mutex<[Checkpoint]>([])
    /// How many checkpoints are kept; older ones are dropped.
    public let keep: Int

    public init(keep: Int = 3) {
        self.keep = max(1, keep)
    }

    public func save(_ state: JSONValue, after previous: Int?) throws(CheckpointError) -> Checkpoint {
        try checkpoints.withLock { (list: inout [Checkpoint]) throws(CheckpointError) -> Checkpoint in
            let found = list.last?.sequence
            guard found == previous else { throw .conflict(expected: previous, found: found) }
            let checkpoint = Checkpoint(sequence: (found ?? 0) + 1, state: state)
            list.append(checkpoint)
            if list.count > keep { list.removeFirst(list.count - keep) }
            return checkpoint
        }
    }

    public func latest() throws(CheckpointError) -> CheckpointRecovery {
        CheckpointRecovery(checkpoint: checkpoints.withLock { $0.last })
    }
}
