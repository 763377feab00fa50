/// Maps tool and model failures onto an `ErrorClass`, so that every failure lands in exactly one class.
///
/// The mapping goes by the error's kind code, because that is what providers, mock tools and fault
/// profiles agree on:
///
/// | kind | class |
/// | --- | --- |
/// | `unavailable`, `empty_response` | `transient` |
/// | `rate_limited` | `rateLimited` |
/// | `timeout` | `timeout` |
/// | `malformed_result`, `malformed_response` | `malformed` |
/// | `permission_denied`, `unauthorized`, `forbidden` | `permission` |
/// | `context_length_exceeded` | `contextLength` |
/// | `content_filter` | `contentFilter` |
/// | `circuit_open` | `permanent` (a breaker's rejection must never be retried, or retries would defeat the breaker) |
/// | anything else, including unknown kinds | `permanent` |
///
/// Unknown kinds are permanent on purpose: retrying an error nobody has classified risks repeating
/// a side effect, while giving up on it only costs a graceful failure.
public enum ErrorClassifier {
    /// Classifies a tool's failure by its kind, never upgrading one its tool marked as not retryable.
    ///
    /// A `ToolError` whose `retryable` flag is `false` is classified `permanent` even when its kind
    /// would map to a retryable class (say a `timeout` the tool knows is final): the tool knows more
    /// about its own failure than its kind code says. The flag only downgrades: a `retryable: true`
    /// error of a non-retryable kind keeps its kind's class, because a retry must be safe by kind.
    public static func classify(_ error: ToolError) -> ErrorClass {
        let errorClass = classify(kind: error.kind.rawValue)
        if errorClass.isRetryable && !error.retryable { return .permanent }
        return errorClass
    }

    /// Classifies a model provider's failure by its kind.
    public static func classify(_ error: ModelError) -> ErrorClass {
        let errorClass = classify(kind: error.kind)
        if errorClass.isRetryable && !error.retryable { return .permanent }
        return errorClass
    }

    /// Classifies a raw kind code, as used by tools, providers and fault profiles; unknown codes are `permanent`.
    ///
    /// Codes are matched exactly (they are snake_case by convention).
    public static func classify(kind: String) -> ErrorClass {
        switch kind {
        case "unavailable", "empty_response": .transient
        case "rate_limited": .rateLimited
        case "timeout": .timeout
        case "malformed_result", "malformed_response": .malformed
        case "permission_denied", "unauthorized", "forbidden": .permission
        case "context_length_exceeded": .contextLength
        case "content_filter": .contentFilter
        case "circuit_open": .permanent
        default: .permanent
        }
    }
}
