import AgentCore

/// A call that reached a tool, as recorded in a trajectory.
public struct RecordedCall: Sendable, Hashable {
    public var tool: String
    public var arguments: JSONValue
    /// Recorded in dry-run mode instead of reaching the tool.
    public var dryRun: Bool
    /// 1 for the model's call, more for the agent core's retries of it.
    public var attempt: Int
    /// The world answered it from an earlier call with the same idempotency key: nothing happened.
    public var replayed = false

    public init(tool: String, arguments: JSONValue, dryRun: Bool = false, attempt: Int = 1) {
        self.tool = tool
        self.arguments = arguments
        self.dryRun = dryRun
        self.attempt = attempt
    }
}

/// The calls of a trajectory that reached tools, in order: what path checks and diffs compare.
public enum ToolPath {
    ///
    /// A call an agent resumed from a checkpoint makes again (its result was never checkpointed)
    /// keeps its call id, and counts as a further attempt of the call made before the crash; an
    /// agent started over makes new calls, whatever their ids.
    public static func calls(in events: [TrajectoryEvent]) -> [RecordedCall] {
        var calls: [RecordedCall] = []
        // Where each (call id, attempt as recorded) was last made, for the replay that follows it.
        var made: [String: Int] = [:]
        // Per call id, the attempts made in earlier lives that this life resumed.
        var earlier: [String: Int] = [:]
        var current: [String: Int] = [:]
        var restarting = false
        for event in events {
            switch event.kind {
            case "agent_restarted":
                restarting = true
            case "resumed" where restarting:
                restarting = false
                earlier.merge(current) { max($0, $1) }
                current = [:]
            case "agent_started" where restarting:
                restarting = false
                earlier = [:]
                current = [:]
            case "tool_call":
                let callID = event.data["call_id"]?.stringValue ?? ""
                let recorded = event.data["attempt"]?.intValue ?? 1
                let attempt = recorded + (earlier[callID] ?? 0)
                current[callID] = max(current[callID] ?? 0, attempt)
                made["\(callID)#\(recorded)"] = calls.count
                calls.append(RecordedCall(
                    tool: event.data["tool"]?.stringValue ?? "", arguments: event.data["arguments"] ?? .null, dryRun: event.data["dry_run"] == true,
                    attempt: attempt))
            case "idempotent_replay":
                // The world answers a replay while the call is in flight, so it follows the call.
                if let index = made["\(event.data["call_id"]?.stringValue ?? "")#\(event.data["attempt"]?.intValue ?? 1)"] {
                    calls[index].replayed = true
                }
            default:
                break
            }
        }
        return calls
    }

    /// The tool names, joined with arrows: `get_order → refund_order`.
    public static func describe(_ calls: [RecordedCall]) -> String {
        calls.isEmpty ? "(no calls)" : calls.map(\.tool).joined(separator: " → ")
    }
}
