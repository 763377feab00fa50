import AgentCore
import Synchronization

/// The agent's checkpoint store in a trial: in memory, on the trial's clock, and shaped by the
/// profile's `store` faults. It keeps the file store's rules (the newest whole checkpoint wins, a
/// damaged one is passed over and said so, the next one is numbered after every one present, a
/// stale writer gets a conflict), so a trial shows what a real store would do. Saves and the reads
/// of a restart are counted apart (`checkpoint_save`, `checkpoint_load`) for a rule's `on_calls`.
public final class SimulatedCheckpointStore: CheckpointStore {
    private struct Entry {
        var checkpoint: Checkpoint
        /// Why a resume must pass it over; nil while it is whole.
        var damage: String?
    }

    private struct State {
        var entries: [Entry] = []
        var saves = 0
        var loads = 0
    }

    private let state = Mutex(State())
    public let keep: Int
    private let injector: FaultInjector?
    private let life: AgentLife?
    private let clock: any AgentClock

    public init(keep: Int = 3, injector: FaultInjector?, life: AgentLife?, clock: any AgentClock) {
        self.keep = max(1, keep)
        self.injector = injector
        self.life = life
        self.clock = clock
    }

    public func save(_ snapshot: JSONValue, after previous: Int?) async throws(CheckpointError) -> Checkpoint {
        if life?.isDead == true { throw .writeFailed(path: "checkpoint store", reason: "the agent's process is gone") }
        let number = state.withLock { state -> Int in
            state.saves += 1
            return state.saves
        }
        var torn = false
        let firings = injector?.faults(at: .store, target: "checkpoint_save", identity: "save-\(number)", attempt: 1) { fault in
            if case .corruptLatest = fault { return false }
            return true
        } ?? []
        for firing in firings {
            switch firing.rule.fault {
            case .slowStore(let distribution):
                do {
                    try await clock.sleep(for: FaultInjector.sample(distribution, unit: firing.unit))
                } catch {
                    throw .writeFailed(path: "checkpoint store", reason: "the save was cut short")
                }
            case .storeWriteFail:
                throw .writeFailed(path: "checkpoint store", reason: "the disk refused the write (injected by rule \(firing.rule.id))")
            case .tornWrite:
                torn = true
            default:
                break
            }
        }
        // A process that died while the store was slow never finished its write.
        if life?.isDead == true { throw .writeFailed(path: "checkpoint store", reason: "the agent's process is gone") }
        return try state.withLock { (state: inout State) throws(CheckpointError) -> Checkpoint in
            let found = state.entries.last { $0.damage == nil }?.checkpoint.sequence
            // A writer whose last save was torn does not know it, and goes on after it.
            let newest = state.entries.last?.checkpoint.sequence
            guard found == previous || (previous != nil && previous == newest) else { throw .conflict(expected: previous, found: found) }
            let checkpoint = Checkpoint(sequence: (state.entries.last?.checkpoint.sequence ?? 0) + 1, state: snapshot)
            state.entries.append(Entry(checkpoint: checkpoint, damage: torn ? "torn or not JSON" : nil))
            // The newest `keep` are kept, and always the newest whole one.
            let newestWhole = state.entries.lastIndex { $0.damage == nil }
            state.entries = state.entries.enumerated().filter { index, _ in index >= state.entries.count - keep || index == newestWhole }.map(\.element)
            return checkpoint
        }
    }

    /// Drops every checkpoint, as for a run that starts over because nothing could be resumed: its
    /// new checkpoints must not conflict with the old run's.
    public func clear() {
        state.withLock { $0.entries = [] }
    }

    public func latest() async throws(CheckpointError) -> CheckpointRecovery {
        let number = state.withLock { state -> Int in
            state.loads += 1
            return state.loads
        }
        let corrupt = injector?.faults(at: .store, target: "checkpoint_load", identity: "load-\(number)", attempt: 1) { fault in
            if case .corruptLatest = fault { return true }
            return false
        }.isEmpty == false
        return state.withLock { state in
            if corrupt, let index = state.entries.lastIndex(where: { $0.damage == nil }) {
                state.entries[index].damage = "checksum mismatch"
            }
            var skipped: [String] = []
            for entry in state.entries.reversed() {
                guard let damage = entry.damage else { return CheckpointRecovery(checkpoint: entry.checkpoint, skipped: skipped) }
                skipped.append("#\(entry.checkpoint.sequence): \(damage)")
            }
            return CheckpointRecovery(checkpoint: nil, skipped: skipped)
        }
    }
}
