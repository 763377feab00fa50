/// Starts worker processes for a `Supervisor` and waits for them. The command line implements it
/// (it knows its own executable and arguments); the library only says what each worker must do.
public protocol WorkerLauncher: Sendable {
    /// Runs a worker for `task` to its end.
    func launch(_ task: WorkerTask) async -> WorkerExit

    /// Kills the worker running now, if any (one that makes no progress).
    func terminate()
}

extension WorkerLauncher {
    public func terminate() {}
}
