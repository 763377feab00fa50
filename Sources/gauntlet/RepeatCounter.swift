import Synchronization

/// Counts how often something happened, from any thread.
final class RepeatCounter: Sendable {
    private let count = Mutex(0)

    /// The count before this call; then adds `times`.
    func add(_ times: Int) -> Int {
        count.withLock { value in
            defer { value += times }
            return value
        }
    }
}
