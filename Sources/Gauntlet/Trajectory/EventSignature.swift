import AgentCore

/// What a trajectory diff compares events by: the kind and the details that say what happened
/// (the tool, its key arguments, the error's kind, the fault, the decision, the outcome), without
/// the event's position (`seq`), its virtual time (`t_ms`), call ids, token counts or free text.
///
/// Key arguments are the tool-call arguments with free text left out: a string value is kept when
/// it has no whitespace and at most 64 characters (ids, e-mail addresses, dates, amounts), and is
/// `…` otherwise; object keys are sorted. So two calls that refund the same order for the same
/// amount match even when their `reason` is worded differently.
public struct EventSignature: Sendable, Hashable, CustomStringConvertible {
    public var kind: String
    public var detail: String

    public init(kind: String, detail: String = "") {
        self.kind = kind
        self.detail = detail
    }

    public init(_ event: TrajectoryEvent) {
        kind = event.kind
        let data = event.data
        func text(_ key: String) -> String { data[key]?.stringValue ?? "" }
        func words(_ parts: String...) -> String { parts.filter { !$0.isEmpty }.joined(separator: " ") }
        switch event.kind {
        case "tool_call":
            let attempt = data["attempt"]?.intValue ?? 1
            detail = words(
                text("tool"), JSONWriter.compact(Self.keyArguments(data["arguments"] ?? .null)),
                attempt > 1 ? "attempt \(attempt)" : "", data["dry_run"] == true ? "dry-run" : "")
        case "tool_result", "approval_requested", "approval_timed_out":
            detail = text("tool")
        case "idempotent_replay":
            detail = words(text("tool"), (data["attempt"]?.intValue ?? 1) > 1 ? "attempt \(data["attempt"]?.intValue ?? 1)" : "")
        case "tool_error", "tool_rejected":
            detail = words(text("tool"), data["error"]?["kind"]?.stringValue ?? "")
        case "model_response":
            let calls = data["tool_calls"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            detail = calls.isEmpty ? "answer" : "→ " + calls.joined(separator: ", ")
        case "model_failed":
            detail = data["error"]?["kind"]?.stringValue ?? ""
        case "approval_answered":
            detail = words(text("tool"), text("decision"))
        case "fault_injected":
            detail = words(text("fault"), "on", text("edge"), text("edge") == text("target") ? "" : text("target"))
        case "retry_scheduled":
            detail = words(text("target"), "attempt \(data["attempt"]?.intValue ?? 0)", text("class"))
        case "breaker_changed":
            detail = words(text("dependency"), text("from"), "→", text("to"))
        case "breaker_rejected":
            detail = text("dependency")
        case "fallback":
            detail = words(text("from"), "→", text("to"))
        case "budget_exhausted":
            detail = text("budget")
        case "trial_finished":
            detail = text("outcome")
        default:
            // trial_started, agent_started, model_request, context_trimmed, final_answer: what
            // they carry (seed, agent label, prompt, counts, text) is not what a path is made of.
            detail = ""
        }
    }

    public var description: String { detail.isEmpty ? kind : kind + " " + detail }

    /// Tool-call arguments without their free text, keys sorted (see the type's documentation).
    public static func keyArguments(_ value: JSONValue) -> JSONValue {
        switch value {
        case .string(let text):
            return text.count <= 64 && !text.contains(where: \.isWhitespace) ? value : .string("…")
        case .array(let elements):
            return .array(elements.map(keyArguments))
        case .object(let object):
            return .object(JSONObject(object.keys.sorted().map { ($0, keyArguments(object[$0] ?? .null)) }))
        case .null, .bool, .number:
            return value
        }
    }
}

/// One-line renderings of trajectory events for terminals.
public enum TrajectoryText {
    /// What an event says, in one line of at most `limit` characters: its kind and its telling
    /// fields (arguments and results as compact JSON).
    public static func summary(of event: TrajectoryEvent, limit: Int = 100) -> String {
        let data = event.data
        func text(_ key: String) -> String { data[key]?.stringValue ?? "" }
        func number(_ key: String) -> String { data[key].map { JSONWriter.compact($0) } ?? "?" }
        func error() -> String {
            let kind = data["error"]?["kind"]?.stringValue ?? "error"
            let errorClass = data["error"]?["class"]?.stringValue.map { " (\($0))" } ?? ""
            let message = data["error"]?["message"]?.stringValue.map { ": \($0)" } ?? ""
            return kind + errorClass + message
        }
        let detail: String
        switch event.kind {
        case "trial_started":
            detail = "seed \(text("seed")), agent \(text("agent")), world \(text("world"))"
        case "agent_started", "model_request":
            detail = data["step"].map { "step \(JSONWriter.compact($0))" } ?? ""
        case "model_response":
            let calls = data["tool_calls"]?.arrayValue?.compactMap { $0["name"]?.stringValue } ?? []
            let said = data["text"]?.stringValue.map { " \"\($0)\"" } ?? ""
            detail = "step \(number("step")) → " + (calls.isEmpty ? "answer" + said : calls.joined(separator: ", "))
        case "model_failed":
            detail = "step \(number("step")) " + error()
        case "tool_call":
            let attempt = data["attempt"]?.intValue ?? 1
            detail = "\(text("tool")) \(JSONWriter.compact(data["arguments"] ?? .null))"
                + (attempt > 1 ? " (attempt \(attempt))" : "") + (data["dry_run"] == true ? " (dry run)" : "")
        case "tool_result":
            detail = "\(text("tool")) \(JSONWriter.compact(data["result"] ?? .null))"
        case "tool_error", "tool_rejected":
            detail = "\(text("tool")) " + error()
        case "approval_requested":
            detail = text("tool")
        case "approval_timed_out":
            detail = "\(text("tool")) after \(number("after_ms")) ms"
        case "breaker_rejected":
            detail = text("dependency")
        case "approval_answered":
            let reason = data["reason"]?.stringValue.map { ": \($0)" } ?? ""
            let edits = data["arguments"].map { " \(JSONWriter.compact($0))" } ?? ""
            detail = "\(text("tool")) \(text("decision"))\(edits)\(reason)"
        case "fault_injected":
            let target = text("edge") == text("target") ? "" : " \(text("target"))"
            detail = "\(text("fault")) on \(text("edge"))\(target) (rule \(text("rule")), call \(number("call")), attempt \(number("attempt")))"
        case "retry_scheduled":
            detail = "\(text("target")) attempt \(number("attempt")) in \(number("delay_ms")) ms (\(text("class")))"
        case "breaker_changed":
            detail = "\(text("dependency")) \(text("from")) → \(text("to"))"
        case "fallback":
            detail = "\(text("from")) → \(text("to")) (\(text("class")))"
        case "context_trimmed":
            detail = "step \(number("step")), removed \(number("removed"))"
        case "budget_exhausted":
            detail = "\(text("budget")) (used \(number("used")) of \(number("limit")))"
        case "idempotent_replay":
            detail = "\(text("tool")) attempt \(number("attempt"))"
        case "final_answer":
            detail = "\"\(text("text"))\""
        case "trial_finished":
            let failed = data["failed_checks"]?.arrayValue?.compactMap(\.stringValue) ?? []
            detail = text("outcome") + (failed.isEmpty ? "" : " (failed: \(failed.joined(separator: "; ")))")
        default:
            detail = data.isEmpty ? "" : JSONWriter.compact(.object(data))
        }
        return clip(detail.isEmpty ? event.kind : event.kind + " " + detail, to: limit)
    }

    /// `text` on one line, cut to `width` characters with a final `…`.
    public static func clip(_ text: String, to width: Int) -> String {
        let line = text.contains(where: \.isNewline) ? String(text.map { $0.isNewline ? " " : $0 }) : text
        guard line.count > width else { return line }
        return width <= 1 ? "…" : String(line.prefix(width - 1)) + "…"
    }

    /// `text` padded with spaces to `width` characters (cut first if longer).
    public static func pad(_ text: String, to width: Int) -> String {
        let clipped = clip(text, to: width)
        return clipped + String(repeating: " ", count: max(0, width - clipped.count))
    }

    /// `text` right-aligned in `width` characters.
    public static func padLeft(_ text: String, to width: Int) -> String {
        String(repeating: " ", count: max(0, width - text.count)) + text
    }

    /// Virtual milliseconds as seconds with three decimals: `1.250`.
    public static func seconds(_ milliseconds: Int64) -> String {
        let whole = milliseconds / 1000, fraction = abs(milliseconds % 1000)
        let fractionText = String(fraction)
        return "\(whole).\(String(repeating: "0", count: 3 - fractionText.count))\(fractionText)"
    }
}
