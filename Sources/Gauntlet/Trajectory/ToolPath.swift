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
    public static func calls(in events: [TrajectoryEvent]) -> [RecordedCall] {
        // The world answers a replay while the call is in flight, so its event follows the call's.
        let replays = Set(events.filter { $0.kind == "idempotent_replay" }.map { "\($0.data["call_id"]?.stringValue ?? "")#\($0.data["attempt"]?.intValue ?? 1)" })
        return events.filter { $0.kind == "tool_call" }.map {
            let attempt = $0.data["attempt"]?.intValue ?? 1
            var call = RecordedCall(
                tool: $0.data["tool"]?.stringValue ?? "", arguments: $0.data["arguments"] ?? .null, dryRun: $0.data["dry_run"] == true, attempt: attempt)
            call.replayed = replays.contains("\($0.data["call_id"]?.stringValue ?? "")#\(attempt)")
            return call
        }
    }

    /// The tool names, joined with arrows: `get_order → refund_order`.
    public static func describe(_ calls: [RecordedCall]) -> String {
        calls.isEmpty ? "(no calls)" : calls.map(\.tool).joined(separator: " → ")
    }
}
