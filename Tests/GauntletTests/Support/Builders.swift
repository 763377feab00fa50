import AgentCore
@testable import Gauntlet

// Builders for the suite values the tests need, written as a catalog or task file would declare them.

/// A tool spec with an object parameter schema.
func makeSpec(
    _ name: String, risk: ToolRisk = .read, needsApproval: Bool = false, parameters: JSONValue = ["type": "object"]
) throws -> ToolSpec {
    ToolSpec(name: name, description: "The \(name) tool.", parameters: try JSONSchema(parameters), risk: risk, needsApproval: needsApproval)
}

/// A mock tool as a catalog entry declares it.
func makeTool(
    _ name: String, risk: ToolRisk = .read, needsApproval: Bool = false, latencyMs: Int = 0,
    effect: [EffectStep] = [], result: JSONValue? = nil
) throws -> ToolDefinition {
    ToolDefinition(spec: try makeSpec(name, risk: risk, needsApproval: needsApproval), latency: .milliseconds(latencyMs), effect: effect, result: result)
}

extension EffectStep {
    static func get(_ path: String, as binding: String? = nil, message: String? = nil) -> EffectStep {
        EffectStep(operation: .get, path: path, binding: binding, message: message)
    }

    static func find(_ path: String, where filter: JSONObject? = nil, contains: JSONObject? = nil, limit: Int? = nil, as binding: String? = nil) -> EffectStep {
        EffectStep(operation: .find, path: path, binding: binding, filter: filter, contains: contains, limit: limit)
    }

    static func insert(_ path: String, value: JSONValue, key: String? = nil, as binding: String? = nil) -> EffectStep {
        EffectStep(operation: .insert, path: path, binding: binding, key: key, value: value)
    }

    static func append(_ path: String, value: JSONValue, as binding: String? = nil) -> EffectStep {
        EffectStep(operation: .append, path: path, binding: binding, value: value)
    }

    static func update(_ path: String, set fields: JSONObject, as binding: String? = nil, message: String? = nil) -> EffectStep {
        EffectStep(operation: .update, path: path, binding: binding, fields: fields, message: message)
    }

    static func set(_ path: String, value: JSONValue) -> EffectStep {
        EffectStep(operation: .set, path: path, value: value)
    }

    static func delete(_ path: String, as binding: String? = nil, message: String? = nil) -> EffectStep {
        EffectStep(operation: .delete, path: path, binding: binding, message: message)
    }

    static func require(_ value: JSONValue, _ condition: Condition, error: String, message: String) -> EffectStep {
        EffectStep(operation: .require, value: value, message: message, condition: condition, errorKind: error)
    }
}

/// A JSON object literal with its members in this order.
func jsonObject(_ members: KeyValuePairs<String, JSONValue>) -> JSONObject {
    JSONObject(members.map { ($0.key, $0.value) })
}

/// A reference-policy step.
func policyStep(_ tool: String, _ arguments: JSONValue = [:], as binding: String? = nil, onError handlers: [ErrorHandler] = []) -> PolicyStep {
    PolicyStep(tool: tool, arguments: arguments, binding: binding, errorHandlers: handlers)
}

/// An error handler of a policy step.
func handler(when kinds: [String]? = nil, _ action: ErrorHandler.Action) -> ErrorHandler {
    ErrorHandler(kinds: kinds, action: action)
}

/// A call as a trajectory records it.
func recorded(_ tool: String, _ arguments: JSONValue = [:]) -> RecordedCall {
    RecordedCall(tool: tool, arguments: arguments)
}

/// `tool_call` events for these calls, stamped 0, 1, 2, …
func toolCallEvents(_ calls: [RecordedCall]) -> [TrajectoryEvent] {
    calls.enumerated().map { index, call in
        var data = jsonObject(["call_id": .string("call_\(index + 1)"), "tool": .string(call.tool), "arguments": call.arguments])
        if call.dryRun { data["dry_run"] = true }
        if call.attempt > 1 { data["attempt"] = .number(Double(call.attempt)) }
        return TrajectoryEvent(seq: index, tMs: Int64(index) * 10, kind: "tool_call", data: data)
    }
}
