/// The class of a failure, which decides whether the agent retries, trims its context, or gives up.
///
/// Every error a tool or model can raise lands in exactly one class (see `ErrorClassifier`), so
/// retry policies, circuit breakers and trajectory counters reason about a handful of classes
/// rather than about each provider's error codes.
public enum ErrorClass: String, Sendable, Hashable, CaseIterable {
    /// A passing condition such as an unavailable dependency; trying again may succeed.
    case transient
    /// The dependency asked the caller to slow down (HTTP 429), possibly with a `Retry-After`.
    case rateLimited = "rate_limited"
    /// No answer within the caller's deadline; the call may or may not have taken effect.
    case timeout
    /// The answer arrived but broke its schema or was not parseable: it must not reach the model as fact.
    case malformed
    /// The same call will fail the same way: not found, conflict, invalid input, an open breaker.
    case permanent
    /// The caller is not allowed to do this (HTTP 401/403-style); retrying cannot help.
    case permission
    /// The request is too large for the model's context window; shrink it rather than retry as-is.
    case contextLength = "context_length"
    /// The provider refused the content; retrying the same request gets the same refusal.
    case contentFilter = "content_filter"

    /// Whether retrying the identical call may succeed: true for `transient`, `rateLimited` and `timeout` only.
    ///
    /// A retry is still subject to `RetryPolicy.shouldRetry`, which also refuses non-idempotent calls.
    public var isRetryable: Bool {
        switch self {
        case .transient, .rateLimited, .timeout: true
        case .malformed, .permanent, .permission, .contextLength, .contentFilter: false
        }
    }
}
