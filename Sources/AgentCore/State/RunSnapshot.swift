/// What a checkpoint of an agent run holds: the conversation (with any calls whose results were
/// not yet in), the budgets used, the calls made per tool, the sensitive values seen, and the
/// virtual time spent. Idempotency keys are named by the operation, so the same calls asked again
/// after a restart carry the same keys.
public struct RunSnapshot: Sendable, Hashable {
    /// The version of this layout inside a checkpoint's state.
    public static let currentSchemaVersion = 1

    public var messages: [Message]
    public var steps: Int
    public var turns: Int
    public var toolCalls: Int
    public var usage: TokenUsage
    public var callsPerTool: [String: Int]
    public var tracked: [EgressGuard.Tracked]
    /// Time on the agent's clock from the start of the run to the snapshot.
    public var elapsed: Duration
    /// The call the run is parked on, waiting for a human's later decision.
    public var pendingApproval: PendingApproval?
    /// Decisions kept for calls not yet made, by `Agent.approvalKey` (call id, tool, arguments).
    public var approvals: [String: ApprovalDecision] = [:]

    /// A call waiting for approval, as a checkpoint keeps it (the tool by name).
    public struct PendingApproval: Sendable, Hashable {
        public var callID: String
        public var tool: String
        public var arguments: JSONValue

        public init(callID: String, tool: String, arguments: JSONValue) {
            self.callID = callID
            self.tool = tool
            self.arguments = arguments
        }
    }

    public init(
        messages: [Message], steps: Int, turns: Int, toolCalls: Int, usage: TokenUsage, callsPerTool: [String: Int],
        tracked: [EgressGuard.Tracked], elapsed: Duration
    ) {
        self.messages = messages
        self.steps = steps
        self.turns = turns
        self.toolCalls = toolCalls
        self.usage = usage
        self.callsPerTool = callsPerTool
        self.tracked = tracked
        self.elapsed = elapsed
    }

    /// The snapshot as a checkpoint's state.
    public var json: JSONValue {
        let messages: [JSONValue] = self.messages.map { message in
            var object = JSONObject([("role", .string(message.role.rawValue)), ("content", .string(message.content))])
            if !message.toolCalls.isEmpty {
                object["tool_calls"] = .array(message.toolCalls.map { ["id": .string($0.id), "name": .string($0.name), "arguments": .string($0.arguments)] })
            }
            if let id = message.toolCallID { object["tool_call_id"] = .string(id) }
            if message.isError { object["is_error"] = true }
            return .object(object)
        }
        var object = JSONObject([
            ("schema_version", .number(Double(Self.currentSchemaVersion))), ("messages", .array(messages)),
            ("steps", .number(Double(steps))), ("turns", .number(Double(turns))), ("tool_calls", .number(Double(toolCalls))),
            ("usage", ["input": .number(Double(usage.input)), "output": .number(Double(usage.output))]),
            ("calls_per_tool", .object(JSONObject(callsPerTool.sorted { $0.key < $1.key }.map { ($0.key, .number(Double($0.value))) }))),
            ("tracked", .array(tracked.map { ["value": .string($0.value), "origin": .string($0.origin)] })),
            ("elapsed_ms", .number(Double(elapsed.milliseconds))),
        ])
        if let pending = pendingApproval {
            object["pending_approval"] = ["call_id": .string(pending.callID), "tool": .string(pending.tool), "arguments": pending.arguments]
        }
        if !approvals.isEmpty {
            object["approvals"] = .object(JSONObject(approvals.sorted { $0.key < $1.key }.map { ($0.key, Self.json(of: $0.value)) }))
        }
        return .object(object)
    }

    private static func json(of decision: ApprovalDecision) -> JSONValue {
        switch decision {
        case .approve: ["decision": "approve"]
        case .deny(let reason): ["decision": "deny", "reason": .string(reason)]
        case .approveWithEdits(let arguments): ["decision": "edit", "arguments": arguments]
        case .deferred(let reason): ["decision": "deferred", "reason": .string(reason)]
        }
    }

    /// Reads a checkpoint's state back.
    /// - Throws: `CheckpointError.malformed` naming the JSON Pointer of the first thing missing.
    public init(json: JSONValue) throws(CheckpointError) {
        func need<T>(_ value: T?, _ pointer: String) throws(CheckpointError) -> T {
            guard let value else { throw .malformed("\(pointer): missing or of the wrong type") }
            return value
        }
        guard try need(json["schema_version"]?.intValue, "/schema_version") == Self.currentSchemaVersion else {
            throw .malformed("/schema_version: expected \(Self.currentSchemaVersion), found \(json["schema_version"]?.excerpt() ?? "nothing")")
        }
        var messages: [Message] = []
        for (index, entry) in try need(json["messages"]?.arrayValue, "/messages").enumerated() {
            let base = "/messages/\(index)"
            let role = try need(entry["role"]?.stringValue.flatMap(Message.Role.init(rawValue:)), base + "/role")
            var calls: [ToolCall] = []
            for (position, call) in (entry["tool_calls"]?.arrayValue ?? []).enumerated() {
                let at = "\(base)/tool_calls/\(position)"
                calls.append(ToolCall(
                    id: try need(call["id"]?.stringValue, at + "/id"), name: try need(call["name"]?.stringValue, at + "/name"),
                    arguments: try need(call["arguments"]?.stringValue, at + "/arguments")))
            }
            messages.append(Message(
                role: role, content: try need(entry["content"]?.stringValue, base + "/content"), toolCalls: calls,
                toolCallID: entry["tool_call_id"]?.stringValue, isError: entry["is_error"]?.boolValue ?? false))
        }
        self.messages = messages
        steps = try need(json["steps"]?.intValue, "/steps")
        turns = try need(json["turns"]?.intValue, "/turns")
        toolCalls = try need(json["tool_calls"]?.intValue, "/tool_calls")
        usage = TokenUsage(input: try need(json["usage"]?["input"]?.intValue, "/usage/input"), output: try need(json["usage"]?["output"]?.intValue, "/usage/output"))
        var perTool: [String: Int] = [:]
        for (tool, count) in json["calls_per_tool"]?.objectValue ?? JSONObject() { perTool[tool] = try need(count.intValue, "/calls_per_tool/\(tool)") }
        callsPerTool = perTool
        tracked = try (json["tracked"]?.arrayValue ?? []).enumerated().map { (index, entry) throws(CheckpointError) in
            EgressGuard.Tracked(value: try need(entry["value"]?.stringValue, "/tracked/\(index)/value"), origin: try need(entry["origin"]?.stringValue, "/tracked/\(index)/origin"))
        }
        elapsed = .milliseconds(try need(json["elapsed_ms"]?.intValue, "/elapsed_ms"))
        if let pending = json["pending_approval"] {
            pendingApproval = PendingApproval(
                callID: try need(pending["call_id"]?.stringValue, "/pending_approval/call_id"), tool: try need(pending["tool"]?.stringValue, "/pending_approval/tool"),
                arguments: try need(pending["arguments"], "/pending_approval/arguments"))
        }
        for (callID, entry) in json["approvals"]?.objectValue ?? JSONObject() {
            let at = "/approvals/\(callID)"
            approvals[callID] = switch try need(entry["decision"]?.stringValue, at + "/decision") {
            case "approve": .approve
            case "deny": .deny(reason: try need(entry["reason"]?.stringValue, at + "/reason"))
            case "edit": .approveWithEdits(try need(entry["arguments"], at + "/arguments"))
            case "deferred": .deferred(reason: try need(entry["reason"]?.stringValue, at + "/reason"))
            case let other: throw .malformed("\(at)/decision: expected approve, deny, edit or deferred, found \"\(other)\"")
            }
        }
    }
}
