import Foundation
import AgentCore

/// A mock tool behind the fault injector: the tool edge as the chaos profile shapes it.
public struct FaultyTool: Tool {
    public let base: MockTool
    public let injector: FaultInjector
    /// The agent process this tool answers; a `crash` fault kills it. Nil: crashes do not fire.
    public let life: AgentLife?

    public init(base: MockTool, injector: FaultInjector, life: AgentLife? = nil) {
        self.base = base
        self.injector = injector
        self.life = life
    }

    public var spec: ToolSpec { base.spec }

    public func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        if life?.isDead == true { throw AgentLife.deadToolError }
        let clock = base.clock
        let name = spec.name
        let writes = spec.risk.hasSideEffects
        let canCrash = life != nil
        let firings = injector.faults(at: .tool, target: name, identity: context.callID, attempt: context.attempt) { fault in
            switch fault {
            case .stale: !writes
            case .duplicateEffect: writes
            case .crash: writes && canCrash
            default: true
            }
        }
        var corruption: MalformedShape?
        var injection: (text: String, field: String)?
        var stale: Int?
        var duplicate = false
        var crash: FaultInjector.Firing?
        for firing in firings {
            switch firing.rule.fault {
            case .latency(let distribution):
                try await clock.sleep(for: FaultInjector.sample(distribution, unit: firing.unit))
            case .timeout(let silence):
                try await clock.sleep(for: silence)
                throw ToolError(.timeout, "\(name): the upstream gateway timed out after \(silence.milliseconds) ms.")
            case .error(let kind):
                throw ToolError(ToolError.Kind(rawValue: kind), "\(name) failed: \(kind.replacingOccurrences(of: "_", with: " ")).")
            case .rateLimit(let hint):
                throw ToolError(.rateLimited, "\(name): too many requests.", retryAfter: FaultInjector.retryAfter(hint, clock: clock))
            case .outage:
                throw ToolError(.unavailable, "\(name) is down: the service is not reachable.")
            case .malformed(let shape): corruption = shape
            case .duplicateEffect: duplicate = true
            case .stale(let versions): stale = versions
            case .injection(let text, let field): injection = (text, field)
            case .crash: crash = firing
            case .malformedToolCall, .contextLengthExceeded, .contentFilter, .emptyResponse, .noAnswer, .deny, .storeWriteFail, .tornWrite, .corruptLatest,
                .slowStore:
                break
            }
        }
        try await clock.sleep(for: base.definition.latency)
        var result: JSONValue
        if let stale {
            result = try base.applyStale(arguments, versionsBack: stale)
        } else {
            result = try base.apply(arguments, context: context)
        }
        if let crash, let life {
            // The effect is in the world; the agent dies before it can checkpoint the result.
            life.crash(at: name, rule: crash.rule.id, detail: JSONObject([("call_id", .string(context.callID))]))
            throw AgentLife.deadToolError
        }
        if duplicate {
            // Applied, but the answer never arrives: the caller sees a timeout and may try again.
            try await clock.sleep(for: .seconds(600))
            throw ToolError(.timeout, "\(name): the connection was reset before the response arrived.")
        }
        if let injection { result = Self.inject(injection.text, field: injection.field, into: result) }
        if let corruption { return Self.corrupt(result, shape: corruption) }
        return .json(result)
    }

    /// The result with `text` planted where content lives: appended to the first string member
    /// named `field` at any depth (an email's body, a ticket's comment), as injected text arrives in
    /// real data; only when there is none does the result get a member of that name.
    static func inject(_ text: String, field: String, into result: JSONValue) -> JSONValue {
        var planted = false
        func plant(_ value: JSONValue) -> JSONValue {
            guard !planted else { return value }
            switch value {
            case .object(var object):
                if case .string(let content)? = object[field] {
                    object[field] = .string(content + "\n\n" + text)
                    planted = true
                    return .object(object)
                }
                for (key, member) in object where !planted { object[key] = plant(member) }
                return .object(object)
            case .array(let elements):
                return .array(elements.map(plant))
            default:
                return value
            }
        }
        let result = plant(result)
        if planted { return result }
        guard case .object(var object) = result else { return .object(JSONObject([("result", result), (field, .string(text))])) }
        object[field] = .string(text)
        return .object(object)
    }

    /// The result as a broken upstream would send it.
    static func corrupt(_ result: JSONValue, shape: MalformedShape) -> ToolOutput {
        let text = JSONWriter.compact(result)
        switch shape {
        case .invalidJSON:
            // A missing quote: the classic hand-built JSON bug.
            return .bytes(Array(text.replacingOccurrences(of: "\":", with: ":").utf8))
        case .truncated:
            return .bytes(Array(text.utf8.prefix(max(1, text.utf8.count / 2))))
        case .wrongTypes:
            return .json(mapMembers(result) { value in
                switch value {
                case .string(let string): Double(string).map(JSONValue.number) ?? .number(Double(string.count))
                case .number(let number): .string(JSONWriter.format(number))
                case .bool(let flag): .string(flag ? "yes" : "no")
                default: value
                }
            })
        case .missingField:
            return .json(editFirstObject(result) { object in
                if let first = object.keys.first { object[first] = nil }
            })
        case .renamedField:
            return .json(editFirstObject(result) { object in
                if let first = object.keys.first, let value = object[first] {
                    object[first] = nil
                    object[first + "_v2"] = value
                }
            })
        case .empty:
            return .bytes([])
        case .nonUTF8:
            var bytes = Array(text.utf8)
            bytes.insert(contentsOf: [0xFF, 0xFE, 0xC0], at: bytes.count / 2)
            return .bytes(bytes)
        case .huge:
            return .json(editFirstObject(result) { object in
                object["debug_trace"] = .string(String(repeating: "0123456789abcdef", count: 65_536))
            })
        }
    }

    private static func mapMembers(_ value: JSONValue, _ transform: (JSONValue) -> JSONValue) -> JSONValue {
        switch value {
        case .object(let object): .object(JSONObject(object.map { ($0.key, transform($0.value)) }))
        case .array(let elements): .array(elements.map { mapMembers($0, transform) })
        default: transform(value)
        }
    }

    private static func editFirstObject(_ value: JSONValue, _ edit: (inout JSONObject) -> Void) -> JSONValue {
        switch value {
        case .object(var object):
            edit(&object)
            return .object(object)
        case .array(var elements):
            if let index = elements.firstIndex(where: { $0.objectValue != nil }) { elements[index] = editFirstObject(elements[index], edit) }
            return .array(elements)
        default:
            return value
        }
    }
}
