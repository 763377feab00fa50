import Dispatch
import Synchronization

/// Races an operation against a wall-clock deadline, so an agent that never returns fails its
/// trial instead of stalling the run.
///
/// The operation runs in its own task and is cancelled at the deadline; if it ignores
/// cancellation it keeps its thread, but the run goes on.
enum Watchdog {
    static func run<Value: Sendable>(timeoutSeconds: Double, _ operation: @escaping @Sendable () async -> Value) async -> Value? {
        await withCheckedContinuation { (continuation: CheckedContinuation<Value?, Never>) in
            let race = Race(continuation)
            let task = Task { race.settle(await operation()) }
            DispatchQueue.global().asyncAfter(deadline: .now() + timeoutSeconds) {
                if race.settle(nil) { task.cancel() }
            }
        }
    }

    /// Resumes the continuation once, with whichever side settles first.
    private final class Race<Value: Sendable>: Sendable {
        private let continuation: Mutex<CheckedContinuation<Value?, Never>?>

        init(_ continuation: CheckedContinuation<Value?, Never>) {
            self.continuation = Mutex(continuation)
        }

        @discardableResult
        func settle(_ value: Value?) -> Bool {
            guard let waiting = continuation.withLock({ current in defer { current = nil }; return current }) else { return false }
            waiting.resume(returning: value)
            return true
        }
    }
}
