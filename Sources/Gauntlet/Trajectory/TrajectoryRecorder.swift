import AgentCore
import Synchronization

/// Turns the agent's edge crossings into trajectory events stamped with the trial's clock.
public final class TrajectoryRecorder: EventSink {
    private let clock: any AgentClock
    private let events = Mutex<(list: [TrajectoryEvent], sealed: Bool)>(([], false))
    private let onEvent: (@Sendable (TrajectoryEvent) -> Void)?

    /// A recorder on `clock`; `onEvent` sees each event as it is recorded, in order (a worker
    /// streams a trial's events with it, so they outlive a crash).
    public init(clock: any AgentClock, onEvent: (@Sendable (TrajectoryEvent) -> Void)? = nil) {
        self.clock = clock
        self.onEvent = onEvent
    }

    /// Everything recorded so far.
    public var recorded: [TrajectoryEvent] { events.withLock { $0.list } }

    /// Stops recording and returns the events: an agent abandoned by the watchdog may go on
    /// running, and must not add to a trajectory that has already been scored.
    public func seal() -> [TrajectoryEvent] {
        events.withLock { state in
            state.sealed = true
            return state.list
        }
    }

    public func record(_ event: AgentEvent) {
        let (kind, data) = Self.describe(event)
        append(kind, data)
    }

    /// Records an event of the harness itself (trial start and end).
    public func append(_ kind: String, _ data: JSONObject) {
        let time = clock.now.milliseconds
        events.withLock { state in
            guard !state.sealed else { return }
            let event = TrajectoryEvent(seq: state.list.count, tMs: time, kind: kind, data: data)
            state.list.append(event)
            onEvent?(event)
        }
    }

    static func describe(_ event: AgentEvent) -> (String, JSONObject) {
        func error(_ failure: ToolError) -> JSONValue {
            [
                "kind": .string(failure.kind.rawValue), "message": .string(failure.message), "retryable": .bool(failure.retryable),
                "class": .string(ErrorClassifier.classify(failure).rawValue),
            ]
        }
        func milliseconds(_ duration: Duration) -> JSONValue { .number(Double(duration.milliseconds)) }
        switch event {
        case .started(let prompt):
            return ("agent_started", JSONObject([("prompt", .string(prompt))]))
        case .modelRequest(let step, let messageCount, let tools):
            return ("model_request", JSONObject([("step", .number(Double(step))), ("messages", .number(Double(messageCount))), ("tools", .array(tools.map(JSONValue.string)))]))
        case .modelResponse(let step, let text, let toolCalls, let usage):
            var data = JSONObject([("step", .number(Double(step)))])
            if let text { data["text"] = .string(text) }
            data["tool_calls"] = .array(toolCalls.map { ["id": .string($0.id), "name": .string($0.name), "arguments": .string($0.arguments)] })
            data["usage"] = ["input": .number(Double(usage.input)), "output": .number(Double(usage.output))]
            return ("model_response", data)
        case .modelFailed(let step, let failure):
            return ("model_failed", JSONObject([("step", .number(Double(step))), ("error", ["kind": .string(failure.kind), "message": .string(failure.message), "retryable": .bool(failure.retryable), "class": .string(ErrorClassifier.classify(failure).rawValue)])]))
        case .toolRejected(let call, let failure):
            return ("tool_rejected", JSONObject([("call_id", .string(call.id)), ("tool", .string(call.name)), ("arguments", .string(call.arguments)), ("error", error(failure))]))
        case .approvalRequested(let callID, let tool, let arguments):
            return ("approval_requested", JSONObject([("call_id", .string(callID)), ("tool", .string(tool)), ("arguments", arguments)]))
        case .approvalAnswered(let callID, let tool, let decision):
            var data = JSONObject([("call_id", .string(callID)), ("tool", .string(tool)), ("decision", .string(decision.label))])
            switch decision {
            case .approve: break
            case .deny(let reason): data["reason"] = .string(reason)
            case .approveWithEdits(let arguments): data["arguments"] = arguments
            case .deferred(let reason): data["reason"] = .string(reason)
            }
            return ("approval_answered", data)
        case .toolCalled(let callID, let tool, let arguments, let dryRun, let attempt):
            var data = JSONObject([("call_id", .string(callID)), ("tool", .string(tool)), ("arguments", arguments)])
            if attempt > 1 { data["attempt"] = .number(Double(attempt)) }
            if dryRun { data["dry_run"] = true }
            return ("tool_call", data)
        case .toolReturned(let callID, let tool, let result):
            return ("tool_result", JSONObject([("call_id", .string(callID)), ("tool", .string(tool)), ("result", result)]))
        case .toolFailed(let callID, let tool, let failure):
            return ("tool_error", JSONObject([("call_id", .string(callID)), ("tool", .string(tool)), ("error", error(failure))]))
        case .retryScheduled(let target, let callID, let attempt, let delay, let errorClass):
            var data = JSONObject([("target", .string(target))])
            if let callID { data["call_id"] = .string(callID) }
            data["attempt"] = .number(Double(attempt))
            data["delay_ms"] = milliseconds(delay)
            data["class"] = .string(errorClass.rawValue)
            return ("retry_scheduled", data)
        case .breakerChanged(let dependency, let from, let to):
            return ("breaker_changed", JSONObject([("dependency", .string(dependency)), ("from", .string(from.rawValue)), ("to", .string(to.rawValue))]))
        case .breakerRejected(let dependency):
            return ("breaker_rejected", JSONObject([("dependency", .string(dependency))]))
        case .fallback(let from, let to, let errorClass):
            return ("fallback", JSONObject([("from", .string(from)), ("to", .string(to)), ("class", .string(errorClass.rawValue))]))
        case .contextTrimmed(let step, let removed):
            return ("context_trimmed", JSONObject([("step", .number(Double(step))), ("removed", .number(Double(removed)))]))
        case .approvalTimedOut(let callID, let tool, let after):
            return ("approval_timed_out", JSONObject([("call_id", .string(callID)), ("tool", .string(tool)), ("after_ms", milliseconds(after))]))
        case .budgetExhausted(let stop):
            return ("budget_exhausted", JSONObject([("budget", .string(stop.kind.rawValue)), ("limit", .number(Double(stop.limit))), ("used", .number(Double(stop.used)))]))
        case .answered(let text):
            return ("final_answer", JSONObject([("text", .string(text))]))
        case .checkpointSaved(let sequence):
            return ("checkpoint_saved", JSONObject([("sequence", .number(Double(sequence)))]))
        case .checkpointFailed(let reason):
            return ("checkpoint_failed", JSONObject([("reason", .string(reason))]))
        case .approvalParked(let callID, let tool):
            return ("approval_parked", JSONObject([("call_id", .string(callID)), ("tool", .string(tool))]))
        case .resumed(let sequence, let skipped):
            var data = JSONObject([("sequence", .number(Double(sequence)))])
            if !skipped.isEmpty { data["skipped"] = .array(skipped.map(JSONValue.string)) }
            return ("resumed", data)
        }
    }
}
