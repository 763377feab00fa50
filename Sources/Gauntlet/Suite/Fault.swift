/// A fault a profile rule injects (see `Suites/README.md`, "Fault profiles").
public enum Fault: Sendable, Hashable {
    /// Tools or model: the call is delayed, then proceeds.
    case latency(LatencyDistribution)
    /// Tools or model: no answer for `silence`, then the call fails; the caller's deadline may come first.
    case timeout(silence: Duration)
    /// Tools or model: the call fails with this kind: `unavailable`, `internal`, `not_found` or `permission_denied`.
    case error(kind: String)
    /// Tools or model: the call is refused as rate limited (HTTP 429).
    case rateLimit(RetryAfterHint)
    /// Tools: every call in the rule's window fails as unavailable.
    case outage
    /// Tools: the call succeeds but its result is broken.
    case malformed(MalformedShape)
    /// Tools: the call's effect is applied but its response is lost; the caller sees a timeout.
    case duplicateEffect
    /// Tools: a read returns the record as it was this many changes ago.
    case stale(versionsBack: Int)
    /// Tools: the result carries `text` (an instruction the task forbids) in `field`.
    case injection(text: String, field: String)
    /// Model: the model's tool call is broken.
    case malformedToolCall(MalformedCallVariant)
    /// Model: the provider refuses the request as too long (not retryable as is).
    case contextLengthExceeded
    /// Model: the provider's content filter blocks the answer.
    case contentFilter
    /// Model: the model answers with nothing.
    case emptyResponse
    /// Approver: the human never answers; the request times out after `silence`.
    case noAnswer(silence: Duration)
    /// Approver: the human denies the request, giving `reason` (empty: none given).
    case deny(reason: String)
    /// Model: the agent's process dies as the model's answer arrives, before it is checkpointed.
    /// Tools with side effects: it dies after the call's effect is applied, before its result is
    /// checkpointed. Either way the harness starts the agent again, from its store if it has one.
    case crash
    /// Store: the checkpoint is not written; the save fails.
    case storeWriteFail
    /// Store: the save seems to succeed, but the checkpoint is left torn (part of a file), so a
    /// resume must pass over it.
    case tornWrite
    /// Store: when the agent starts again, its latest checkpoint is found damaged.
    case corruptLatest
    /// Store: a save takes this long.
    case slowStore(LatencyDistribution)

    /// The name as written in profiles: "latency", "rate_limit", …
    public var name: String {
        switch self {
        case .latency: "latency"
        case .timeout: "timeout"
        case .error: "error"
        case .rateLimit: "rate_limit"
        case .outage: "outage"
        case .malformed: "malformed"
        case .duplicateEffect: "duplicate_effect"
        case .stale: "stale"
        case .injection: "injection"
        case .malformedToolCall: "malformed_tool_call"
        case .contextLengthExceeded: "context_length_exceeded"
        case .contentFilter: "content_filter"
        case .emptyResponse: "empty_response"
        case .noAnswer: "no_answer"
        case .deny: "deny"
        case .crash: "crash"
        case .storeWriteFail: "store_write_fail"
        case .tornWrite: "torn_write"
        case .corruptLatest: "corrupt_latest"
        case .slowStore: "slow_store"
        }
    }

    /// What a rule may say about each fault, in the order the README lists them: the targets it
    /// applies to (`tools`, `model`, `approver`) and the keys it needs and may have beyond the
    /// common ones.
    /// Whether the fault ends the call it fires on, so that later rules cannot act on it.
    public var endsCall: Bool {
        switch self {
        case .timeout, .error, .rateLimit, .outage, .duplicateEffect, .contextLengthExceeded, .contentFilter, .emptyResponse, .noAnswer, .deny,
            .crash, .storeWriteFail, .tornWrite, .corruptLatest: true
        case .latency, .malformed, .stale, .injection, .malformedToolCall, .slowStore: false
        }
    }

    static let signatures: [(name: String, targets: [String], required: [String], optional: [String])] = [
        ("latency", ["tools", "model"], ["distribution"], ["ms", "min_ms", "max_ms", "median_ms", "p99_ms"]),
        ("timeout", ["tools", "model"], [], ["silence_ms"]),
        ("error", ["tools", "model"], ["kind"], []),
        ("rate_limit", ["tools", "model"], [], retryAfterKeys),
        ("outage", ["tools"], ["from_ms", "to_ms"], []),
        ("malformed", ["tools"], ["shape"], []),
        ("duplicate_effect", ["tools"], [], []),
        ("stale", ["tools"], [], ["versions_back"]),
        ("injection", ["tools"], ["text"], ["field", "call", "args"]),
        ("malformed_tool_call", ["model"], ["variant"], []),
        ("context_length_exceeded", ["model"], [], []),
        ("content_filter", ["model"], [], []),
        ("empty_response", ["model"], [], []),
        ("no_answer", ["approver"], [], ["silence_ms"]),
        ("deny", ["approver"], [], ["reason"]),
        ("crash", ["tools", "model"], [], []),
        ("store_write_fail", ["store"], [], []),
        ("torn_write", ["store"], [], []),
        ("corrupt_latest", ["store"], [], []),
        ("slow_store", ["store"], ["distribution"], ["ms", "min_ms", "max_ms", "median_ms", "p99_ms"]),
    ]

    /// The keys every rule may have, whatever its fault.
    static let commonKeys = ["id", "target", "fault", "rate", "on_calls", "after_calls", "times", "from_ms", "to_ms"]

    /// The keys some fault takes beyond the common ones.
    static let parameterKeys = Set(signatures.flatMap { $0.required + $0.optional }).subtracting(commonKeys)

    /// The forms of a `rate_limit`'s Retry-After, of which a rule gives at most one.
    static let retryAfterKeys = ["retry_after_ms", "retry_after_seconds", "retry_after_date_ms"]

    /// The error kinds an `error` fault may carry.
    static let errorKinds = ["unavailable", "internal", "not_found", "permission_denied"]

    /// Default silences, in milliseconds.
    static let defaultTimeoutSilenceMs = 600_000
    static let defaultNoAnswerSilenceMs = 3_600_000
}
