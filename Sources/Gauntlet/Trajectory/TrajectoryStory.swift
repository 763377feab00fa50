import AgentCore

/// A trajectory told step by step for a person: one line per thing that happened, with its
/// virtual time and its edge (`model`, `tool`, `approver`; `agent` for the core's own retries,
/// breakers and budgets; `trial`, `user` and `answer` for the rest). A tool call and its result
/// or error share a line, with the faults injected on that call:
///
///     1.250 s  tool      refund_order {"order_id":"NW-20931"} → error timeout (timeout) in 30.000 s (fault: latency)
public enum TrajectoryStory {
    /// How much of arguments, results and texts a line shows.
    public static let argumentsWidth = 70
    public static let resultWidth = 60
    public static let textWidth = 100

    private struct Entry {
        var time: Int64
        var edge: String
        var text: String
        var outcome: String?
        var faults: [String] = []
        var notes: [String] = []
        var open = false
        var tool = ""
        var callID = ""
    }

    /// The story's lines, in the order things started.
    public static func lines(_ events: [TrajectoryEvent]) -> [String] {
        var entries: [Entry] = []
        var modelFaults: [String] = []
        func clip(_ value: JSONValue?, _ width: Int) -> String { TrajectoryText.clip(JSONWriter.compact(value ?? .null), to: width) }
        func text(_ event: TrajectoryEvent, _ key: String) -> String { event.data[key]?.stringValue ?? "" }
        func error(_ event: TrajectoryEvent) -> String {
            let kind = event.data["error"]?["kind"]?.stringValue ?? "error"
            let errorClass = event.data["error"]?["class"]?.stringValue
            return errorClass == nil || errorClass == kind ? kind : "\(kind) (\(errorClass ?? ""))"
        }
        /// The latest open entry that `matches`.
        func latestOpen(_ matches: (Entry) -> Bool) -> Int? {
            entries.indices.last { entries[$0].open && matches(entries[$0]) }
        }
        func close(_ index: Int, at time: Int64, _ outcome: String) {
            let elapsed = time - entries[index].time
            entries[index].outcome = outcome + (elapsed > 0 ? " in \(TrajectoryText.seconds(elapsed)) s" : "")
            entries[index].open = false
        }
        func add(_ event: TrajectoryEvent, _ edge: String, _ text: String) {
            entries.append(Entry(time: event.tMs, edge: edge, text: text))
        }

        for event in events {
            switch event.kind {
            case "trial_started":
                add(event, "trial", "start: seed \(text(event, "seed")), agent \(text(event, "agent")), world \(text(event, "world")), profile \(text(event, "profile"))")
            case "agent_started":
                add(event, "user", "\"" + TrajectoryText.clip(text(event, "prompt"), to: textWidth) + "\"")
            case "model_request":
                continue
            case "model_response":
                let calls = event.data["tool_calls"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
                var entry = Entry(time: event.tMs, edge: "model", text: "step \(JSONWriter.compact(event.data["step"] ?? .null)) → " + (calls.isEmpty ? "answer" : calls.joined(separator: ", ")))
                entry.faults = modelFaults
                modelFaults = []
                entries.append(entry)
            case "model_failed":
                var entry = Entry(time: event.tMs, edge: "model", text: "step \(JSONWriter.compact(event.data["step"] ?? .null)) → error \(error(event))")
                entry.faults = modelFaults
                modelFaults = []
                entries.append(entry)
            case "tool_call":
                let attempt = event.data["attempt"]?.intValue ?? 1
                var entry = Entry(
                    time: event.tMs, edge: "tool",
                    text: text(event, "tool") + (attempt > 1 ? " (attempt \(attempt))" : "") + (event.data["dry_run"] == true ? " (dry run)" : "")
                        + " " + clip(event.data["arguments"], argumentsWidth))
                entry.open = true
                entry.tool = text(event, "tool")
                entry.callID = text(event, "call_id")
                entries.append(entry)
            case "tool_result", "tool_error":
                let outcome = event.kind == "tool_result" ? "ok " + clip(event.data["result"], resultWidth) : "error " + error(event)
                if let index = latestOpen({ $0.edge == "tool" && $0.callID == text(event, "call_id") }) {
                    close(index, at: event.tMs, outcome)
                } else {
                    add(event, "tool", "\(text(event, "tool")) → \(outcome)")
                }
            case "tool_rejected":
                let arguments = event.data["arguments"]?.stringValue.map { TrajectoryText.clip($0, to: argumentsWidth) } ?? clip(event.data["arguments"], argumentsWidth)
                let message = event.data["error"]?["message"]?.stringValue.map { ": " + TrajectoryText.clip($0, to: textWidth) } ?? ""
                add(event, "tool", "\(text(event, "tool")) \(arguments) → rejected by the agent, \(error(event))\(message)")
            case "idempotent_replay":
                if let index = latestOpen({ $0.edge == "tool" && $0.callID == text(event, "call_id") }) ?? entries.indices.last(where: { entries[$0].callID == text(event, "call_id") }) {
                    entries[index].notes.append("answered from an earlier write with the same idempotency key")
                }
            case "fault_injected":
                let fault = text(event, "fault")
                switch text(event, "edge") {
                case "tool":
                    if let index = latestOpen({ $0.edge == "tool" && $0.tool == text(event, "target") }) {
                        entries[index].faults.append(fault)
                    } else {
                        add(event, "tool", "\(text(event, "target")): fault \(fault)")
                    }
                case "approver":
                    if let index = latestOpen({ $0.edge == "approver" }) {
                        entries[index].faults.append(fault)
                    } else {
                        add(event, "approver", "fault \(fault)")
                    }
                case "store":
                    // A slow save is the store's business; a lost or damaged checkpoint shows.
                    if fault != "slow_store" { add(event, "agent", "store fault \(fault) (\(text(event, "target")))") }
                default:
                    modelFaults.append(fault)
                }
            case "approval_requested":
                var entry = Entry(time: event.tMs, edge: "approver", text: "asked about \(text(event, "tool")) \(clip(event.data["arguments"], argumentsWidth))")
                entry.open = true
                entry.tool = text(event, "tool")
                entry.callID = text(event, "call_id")
                entries.append(entry)
            case "approval_answered", "approval_timed_out":
                var outcome: String
                if event.kind == "approval_timed_out" {
                    outcome = "no answer (the agent gave up waiting)"
                } else {
                    outcome = text(event, "decision")
                    if let arguments = event.data["arguments"] { outcome += " " + clip(arguments, argumentsWidth) }
                    if let reason = event.data["reason"]?.stringValue { outcome += ": \"" + TrajectoryText.clip(reason, to: textWidth) + "\"" }
                }
                if let index = latestOpen({ $0.edge == "approver" && $0.callID == text(event, "call_id") }) {
                    close(index, at: event.tMs, outcome)
                } else {
                    add(event, "approver", "\(text(event, "tool")) → \(outcome)")
                }
            case "retry_scheduled":
                add(event, "agent", "retry \(text(event, "target")) (attempt \(JSONWriter.compact(event.data["attempt"] ?? .null))) in \(JSONWriter.compact(event.data["delay_ms"] ?? .null)) ms after \(text(event, "class"))")
            case "breaker_changed":
                add(event, "agent", "breaker \(text(event, "dependency")): \(text(event, "from")) → \(text(event, "to"))")
            case "breaker_rejected":
                add(event, "agent", "breaker \(text(event, "dependency")) is open: call refused")
            case "fallback":
                add(event, "agent", "fallback \(text(event, "from")) → \(text(event, "to")) after \(text(event, "class"))")
            case "context_trimmed":
                add(event, "agent", "context trimmed: \(JSONWriter.compact(event.data["removed"] ?? .null)) old messages removed")
            case "budget_exhausted":
                add(event, "agent", "budget \(text(event, "budget")) exhausted (used \(JSONWriter.compact(event.data["used"] ?? .null)) of \(JSONWriter.compact(event.data["limit"] ?? .null)))")
            case "final_answer":
                add(event, "answer", "\"" + TrajectoryText.clip(text(event, "text"), to: textWidth) + "\"")
            case "trial_finished":
                let failed = event.data["failed_checks"]?.arrayValue?.compactMap(\.stringValue) ?? []
                add(event, "trial", "end: \(text(event, "outcome"))" + (failed.isEmpty ? "" : "; failed checks: \(failed.joined(separator: "; "))"))
            case "checkpoint_saved":
                continue
            case "checkpoint_failed":
                add(event, "agent", "checkpoint not saved: " + TrajectoryText.clip(text(event, "reason"), to: textWidth))
            case "agent_crashed":
                // A call cut off by the crash never gets its result.
                for index in entries.indices where entries[index].open { close(index, at: event.tMs, "cut off by the crash") }
                // The faults of the dead process's last model call belong to no answer.
                if !modelFaults.isEmpty {
                    add(event, "model", "no answer (faults: \(modelFaults.joined(separator: ", ")))")
                    modelFaults = []
                }
                add(event, "agent", "process died (at \(text(event, "at")), rule \(text(event, "rule")))")
            case "agent_restarted":
                add(event, "agent", "new process (\(text(event, "reason").isEmpty ? "restart" : text(event, "reason") == "approval" ? "the decision came" : "after the crash"))")
            case "resumed":
                let skipped = event.data["skipped"]?.arrayValue?.compactMap(\.stringValue) ?? []
                add(event, "agent", "resumed from checkpoint #\(JSONWriter.compact(event.data["sequence"] ?? .null))" + (skipped.isEmpty ? "" : ", passing over \(skipped.joined(separator: "; "))"))
            case "resume_failed":
                add(event, "agent", "could not resume (\(text(event, "reason"))); starting over")
            case "approval_parked":
                add(event, "agent", "parked until a decision on \(text(event, "tool")) comes")
            case "approval_lost":
                add(event, "agent", "the checkpoint holding the parked call was lost; going on from an older one")
            default:
                add(event, "trial", TrajectoryText.summary(of: event, limit: textWidth + argumentsWidth))
            }
        }
        if !modelFaults.isEmpty, let last = events.last {
            entries.append(Entry(time: last.tMs, edge: "model", text: "fault \(modelFaults.joined(separator: ", ")) with no model answer after it"))
        }
        return entries.map { entry in
            var line = TrajectoryText.padLeft(TrajectoryText.seconds(entry.time), to: 9) + " s  " + TrajectoryText.pad(entry.edge, to: 8) + "  " + entry.text
            if let outcome = entry.outcome {
                line += " → " + outcome
            } else if entry.open {
                line += " → no answer"
            }
            if !entry.faults.isEmpty { line += " (fault\(entry.faults.count == 1 ? "" : "s"): \(entry.faults.joined(separator: ", ")))" }
            for note in entry.notes { line += " (\(note))" }
            return line
        }
    }

    /// The story as text, one line each.
    public static func text(_ events: [TrajectoryEvent]) -> String {
        lines(events).map { $0 + "\n" }.joined()
    }
}
