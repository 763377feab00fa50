/// What reading the latest checkpoint found: the newest good one, and the newer ones it had to
/// pass over because they were torn or damaged.
public struct CheckpointRecovery: Sendable, Hashable {
    public var checkpoint: Checkpoint?
    /// Each checkpoint skipped, newest first, with why (`#3: checksum mismatch`).
    public var skipped: [String]

    public init(checkpoint: Checkpoint?, skipped: [String] = []) {
        self.checkpoint = checkpoint
        self.skipped = skipped
    }
}
