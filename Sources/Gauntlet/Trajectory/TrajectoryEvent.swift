import AgentCore

/// One line of a trajectory: an edge crossing, stamped with its order and virtual time.
public struct TrajectoryEvent: Sendable, Hashable {
    /// The position in the trial, from 0.
    public var seq: Int
    /// Virtual milliseconds since the trial started.
    public var tMs: Int64
    /// `model_request`, `tool_call`, `approval_answered`, … (see `TrajectoryRecorder`).
    public var kind: String
    /// The event's fields.
    public var data: JSONObject

    public init(seq: Int, tMs: Int64, kind: String, data: JSONObject) {
        self.seq = seq
        self.tMs = tMs
        self.kind = kind
        self.data = data
    }

    /// The JSONL form: trial coordinates first (the profile only when it is not `none`, so that
    /// runs without chaos read as before), then `seq`, `t_ms`, `kind` and the fields.
    public func json(task: String, trial: Int, profile: String = "none") -> JSONValue {
        var object = JSONObject([("task", .string(task))])
        if profile != "none" { object["profile"] = .string(profile) }
        object["trial"] = .number(Double(trial))
        object["seq"] = .number(Double(seq))
        object["t_ms"] = .number(Double(tMs))
        object["kind"] = .string(kind)
        for (key, value) in data { object[key] = value }
        return .object(object)
    }
}
