import AgentCore
import Synchronization

/// A per-trial discrete-event clock: simulated latency, timeouts, backoff and cool-downs cost no
/// wall-clock time, and every trial sees the same times on every run.
///
/// Inside `run(horizon:_:)` the clock is a scheduler. It counts the tasks of the trial that can
/// make progress; a task that sleeps stops counting until its deadline. When none can make
/// progress, time jumps to the earliest pending deadline (ties: the one registered first) and
/// that sleeper alone resumes. Only one task of a trial ever runs at a time, so the order of
/// events is the same on every run. A timeout and a result due at the same instant resolve as a
/// timeout: the deadline's timer is registered before the operation can sleep.
///
/// Outside `run`, each sleep simply advances the clock (handy for driving a tool by hand).
public final class VirtualClock: AgentClock {
    private let state: Mutex<State>

    /// A clock that starts at `start` (zero by default).
    public init(start: Duration = .zero) {
        state = Mutex(State(now: start))
    }

    public var now: Duration { state.withLock { $0.now } }

    /// Virtual time zero is 2026-01-01T00:00:00Z, so HTTP dates in faults read the same every run.
    public var epoch: HTTPInstant? { HTTPInstant(secondsSince1970: 1_767_225_600) }

    /// Moves time forward without anyone sleeping.
    public func advance(by duration: Duration) {
        guard duration > .zero else { return }
        state.withLock { $0.now += duration }
    }

    // MARK: Running

    /// Runs `root` under the scheduler. Returns `nil`, and cancels the root task, if the next
    /// wake-up lies beyond `horizon` (a trial that would wait forever on a mock edge), or if every
    /// task sleeps with nothing due. A task blocked on something else than this clock (a stream,
    /// a lock) still counts as able to progress: the wall-clock `Watchdog` catches that.
    ///
    /// Concurrency inside a trial must go through `withTimeout`; a task group's children are not
    /// counted, and the scheduler would not wait for them.
    public func run<Value: Sendable>(horizon: Duration? = nil, _ root: @escaping @Sendable () async -> Value) async -> Value? {
        let rootTask = TaskHandle()
        // Cancelling the caller (the wall-clock watchdog does) cancels the trial's root task.
        return await withTaskCancellationHandler {
            await start(horizon: horizon, root, rootTask)
        } onCancel: {
            rootTask.cancel()
        }
    }

    /// A task that may be cancelled before it is even stored (then it is cancelled on storing).
    private final class TaskHandle: Sendable {
        private let state = Mutex<(task: Task<Void, Never>?, cancelled: Bool)>((nil, false))

        func cancel() {
            let task = state.withLock { state in
                state.cancelled = true
                return state.task
            }
            task?.cancel()
        }

        func store(_ task: Task<Void, Never>) {
            let cancelled = state.withLock { state in
                state.task = task
                return state.cancelled
            }
            if cancelled { task.cancel() }
        }
    }

    private func start<Value: Sendable>(horizon: Duration?, _ root: @escaping @Sendable () async -> Value, _ rootTask: TaskHandle) async -> Value? {
        await withCheckedContinuation { (finished: CheckedContinuation<Value?, Never>) in
            let resolve: @Sendable (Value?) -> Void = { finished.resume(returning: $0) }
            state.withLock { state in
                state.driving = true
                state.active = 1
                state.horizon = horizon
                state.onStall = {
                    resolve(nil)
                    rootTask.cancel()
                }
            }
            let task = Task {
                let value = await root()
                let stalled = self.state.withLock { state -> Bool in
                    state.active -= 1
                    state.driving = false
                    let stalled = state.onStall == nil
                    state.onStall = nil
                    return stalled
                }
                if !stalled { resolve(value) }
            }
            rootTask.store(task)
        }
    }

    // MARK: Sleeping

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64? in
            guard state.driving else {
                if duration > .zero { state.now += duration }
                return nil
            }
            state.sequence += 1
            return state.sequence
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
                let cancelled = state.withLock { state -> Bool in
                    if state.cancelledBeforeSleeping.remove(id) != nil { return true }
                    state.insert(Sleeper(deadline: state.now + max(duration, .zero), id: id, wake: .task(continuation)))
                    state.active -= 1
                    return false
                }
                if cancelled {
                    continuation.resume(throwing: CancellationError())
                } else {
                    drive()
                }
            }
        } onCancel: {
            let waiting = state.withLock { state -> CheckedContinuation<Void, Error>? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else {
                    state.cancelledBeforeSleeping.insert(id)
                    return nil
                }
                guard case .task(let continuation) = state.sleepers.remove(at: index).wake else { return nil }
                state.active += 1
                return continuation
            }
            waiting?.resume(throwing: CancellationError())
        }
    }

    /// If nothing can run, wakes what is due next. A timer wakes no task by itself (it cancels an
    /// operation, whose cancelled sleep becomes runnable), so look again after one fires.
    private func drive() {
        while let wake = state.withLock({ $0.nextWake() }) {
            switch wake {
            case .task(let continuation):
                continuation.resume()
                return
            case .timer(let fire):
                fire()
            }
        }
    }

    // MARK: Timeouts

    public func withTimeout<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
        let raceID = state.withLock { state -> UInt64? in
            guard state.driving else { return nil }
            state.sequence += 1
            return state.sequence
        }
        guard let raceID else {
            // Not scheduling: run to the end and judge afterwards.
            let start = now
            let value = try await operation()
            if now - start > limit { throw TimeoutError(limit: limit) }
            return value
        }
        let race = Race<Value>()
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (parent: CheckedContinuation<Value, Error>) in
                race.parent.withLock { $0 = parent }
                // The timer is registered and the operation's task stored under one lock: the
                // operation cannot sleep (which needs the lock) before the timer could cancel it.
                // The operation's task becomes runnable in place of this one, which now waits.
                state.withLock { state in
                    state.insert(Sleeper(deadline: state.now + max(limit, .zero), id: raceID, wake: .timer({ [race] in race.expire() })))
                    let child = Task {
                        let outcome: Result<Value, Error>
                        do {
                            outcome = .success(try await operation())
                        } catch {
                            outcome = .failure(error)
                        }
                        // The child is done and the parent resumes: one runnable task hands over to
                        // another, so the count of runnable tasks does not change.
                        let waiting = self.state.withLock { state -> CheckedContinuation<Value, Error>? in
                            state.sleepers.removeAll { $0.id == raceID }
                            return race.parent.withLock { parent in
                                defer { parent = nil }
                                return parent
                            }
                        }
                        if race.expired.withLock({ $0 }) {
                            waiting?.resume(throwing: TimeoutError(limit: limit))
                        } else {
                            waiting?.resume(with: outcome)
                        }
                    }
                    race.child.store(child)
                }
            }
        } onCancel: {
            race.child.cancel()
        }
    }

    /// One `withTimeout`: the waiting caller, the operation's task, and whether the deadline passed.
    private final class Race<Value: Sendable>: Sendable {
        let parent = Mutex<CheckedContinuation<Value, Error>?>(nil)
        let child = TaskHandle()
        let expired = Mutex(false)

        /// The deadline passed: cancel the operation; the caller resumes when it has stopped.
        func expire() {
            expired.withLock { $0 = true }
            child.cancel()
        }
    }

    // MARK: State

    private enum Wake: Sendable {
        case task(CheckedContinuation<Void, Error>)
        case timer(@Sendable () -> Void)
    }

    private struct Sleeper {
        var deadline: Duration
        var id: UInt64
        var wake: Wake
    }

    private struct State {
        var now: Duration
        var sequence: UInt64 = 0
        /// Sorted by deadline, then by registration.
        var sleepers: [Sleeper] = []
        /// Tasks of the trial that can make progress.
        var active = 0
        var driving = false
        var horizon: Duration?
        var onStall: (@Sendable () -> Void)?
        var cancelledBeforeSleeping: Set<UInt64> = []

        mutating func insert(_ sleeper: Sleeper) {
            let index = sleepers.firstIndex { ($0.deadline, $0.id) > (sleeper.deadline, sleeper.id) } ?? sleepers.count
            sleepers.insert(sleeper, at: index)
        }

        /// When nothing can run: the next sleeper to wake (time jumps to its deadline), or a stall.
        mutating func nextWake() -> Wake? {
            guard active == 0, driving else { return nil }
            guard let first = sleepers.first, horizon.map({ first.deadline <= $0 }) ?? true else {
                let stall = onStall
                onStall = nil
                driving = false
                return stall.map { .timer($0) }
            }
            sleepers.removeFirst()
            now = max(now, first.deadline)
            switch first.wake {
            case .task: active += 1
            // A timer wakes no task by itself: it cancels the operation, whose sleep then ends.
            case .timer: break
            }
            return first.wake
        }
    }
}
