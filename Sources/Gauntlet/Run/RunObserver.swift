/// Follows a run as it goes, e.g. to print progress. Called from one task at a time.
public protocol RunObserver: Sendable {
    /// The plan is ready: `total` trials of `tasks` tasks.
    func runStarted(total: Int, tasks: Int, agent: String)
    /// A trial finished; `completed` of `total` are done.
    func trialFinished(_ result: TrialResult, completed: Int, total: Int)
}
