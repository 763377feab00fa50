import Synchronization

/// Counts how often something happened, from any thread.
final class RepeatCounter: Sendable {
    private let count = Mutex(0)

    /// The count before this call; then counts this one.
    func next() -> Int {
        count.withLock { value in
            defer { value += 1 }
            return value
        }
    }
}
