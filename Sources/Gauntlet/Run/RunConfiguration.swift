/// What a run does: which tasks, with which agent, how many times, and where it writes.
public struct RunConfiguration: Sendable {
    /// The project folder with `Suites/` and `Fixtures/`.
    public var root: String = "."
    /// Task files or folders; all of `Suites/` when empty.
    public var taskPaths: [String] = []
    /// The agent version file; `Fixtures/agents/resilient.json` under `root` when `nil`.
    public var agentFile: String?
    public var trials: Int = 1
    public var seed: UInt64 = 0
    public var outputFolder: String = "reports/latest"
    /// Globs on task ids (`*` and `?`); a task runs if it matches any. All when empty.
    public var filters: [String] = []
    /// Tags; a task runs if it has any. All when empty.
    public var tags: [String] = []
    /// The gate: the run fails below this pass rate (0…1). Every trial must pass when `nil`.
    public var minPassRate: Double?
    /// Fault profiles by name (in `Fixtures/chaos/`) or path; every task runs under each. `none`
    /// when empty.
    public var profiles: [String] = []
    /// Trials run at once.
    public var jobs: Int = 1
    /// Wall-clock seconds a trial may take before it is stopped and marked `hang`.
    public var trialTimeoutSeconds: Double = 60

    public init() {}

    /// The default agent version file under `root`.
    public var resolvedAgentFile: String {
        agentFile ?? SuiteLoader(root: root).join(SuiteLoader(root: root).fixturesFolder, "agents/resilient.json")
    }
}
