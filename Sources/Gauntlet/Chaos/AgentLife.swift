import AgentCore
import Synchronization

/// Whether the agent process the harness runs is alive. A `crash` fault kills it: from then on
/// every edge it reaches is gone (its tools, model, approver and store fail at once and its events
/// are not recorded), as if the process had died, until the harness starts a new one.
public final class AgentLife: Sendable {
    private struct State {
        var dead = false
        var crashes = 0
    }

    private let state = Mutex(State())
    private let recorder: TrajectoryRecorder?

    public init(recorder: TrajectoryRecorder?) {
        self.recorder = recorder
    }

    /// Whether the current process has died.
    public var isDead: Bool { state.withLock { $0.dead } }

    /// How many times the agent has died in this trial.
    public var crashes: Int { state.withLock { $0.crashes } }

    /// Kills the current process at `point` (`model`, or the tool whose effect was just applied),
    /// recording `agent_crashed`. A process that is already dead cannot die again.
    public func crash(at point: String, rule: String, detail: JSONObject = JSONObject()) {
        let died = state.withLock { state -> Bool in
            guard !state.dead else { return false }
            state.dead = true
            state.crashes += 1
            return true
        }
        guard died else { return }
        var data = JSONObject([("at", .string(point)), ("rule", .string(rule))])
        for (key, value) in detail { data[key] = value }
        recorder?.append("agent_crashed", data)
    }

    /// Starts a new process: edges answer again.
    public func restart() {
        state.withLock { $0.dead = false }
    }

    /// The error a dead process's tool call ends with (nobody sees it).
    static let deadToolError = ToolError(.internal, "The agent's process is gone.", retryable: false)

    /// The error a dead process's model call ends with (nobody sees it).
    static let deadModelError = ModelError(kind: "process_killed", message: "The agent's process is gone.", retryable: false)
}
