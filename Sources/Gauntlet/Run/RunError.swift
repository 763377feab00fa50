import AgentCore
/// Why a run could not start or could not write its report. All are input or environment
/// problems (exit code 2), never a gate failure.
public enum RunError: Error, Sendable, CustomStringConvertible {
    /// The suite has problems; nothing ran.
    case invalidSuite([SuiteProblem])
    /// The filters and tags select no task.
    case noTasksSelected(String)
    /// A report file could not be written.
    case output(FileWriteError)
    /// The journal to resume from is unreadable, or the plan it records is not this run's.
    case journal(JournalError)
    /// A worker process failed in a way the supervisor cannot recover from.
    case worker(String)
    /// Another run is writing to the output folder.
    case busy(folder: String, holder: String)

    public var description: String {
        switch self {
        case .invalidSuite(let problems):
            problems.map(\.description).joined(separator: "\n") + "\n\(problems.count) problem\(problems.count == 1 ? "" : "s"); nothing was run."
        case .noTasksSelected(let reason): reason
        case .output(let error): error.description
        case .journal(let error): error.description
        case .worker(let reason): reason
        case .busy(let folder, let holder):
            "\(folder) is being written by \(holder); wait for it to end, or give this run another --out"
        }
    }
}
