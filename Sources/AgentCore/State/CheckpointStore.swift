/// Where a run keeps its checkpoints so that it can resume after a crash.
///
/// Saving is optimistic: a writer names the checkpoint it last saw, and the save is refused with
/// `CheckpointError.conflict` when another writer has saved since, so two copies of a run cannot
/// both carry on from the same point. The requirements are asynchronous so that a store may take
/// time (a remote store, or a slow one in the harness's virtual time); local stores answer at once.
public protocol CheckpointStore: Sendable {
    /// Saves `state` as the checkpoint after `previous` (the sequence the writer last saw; `nil`
    /// for the first) and returns it.
    func save(_ state: JSONValue, after previous: Int?) async throws(CheckpointError) -> Checkpoint

    /// The newest checkpoint that is whole and undamaged, and any newer ones skipped.
    func latest() async throws(CheckpointError) -> CheckpointRecovery
}
