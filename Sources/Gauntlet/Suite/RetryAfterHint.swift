/// The Retry-After a `rate_limit` fault sends, in the forms real providers use.
public enum RetryAfterHint: Sendable, Hashable {
    /// No Retry-After at all.
    case absent
    /// A wait in milliseconds (`retry_after_ms`).
    case milliseconds(Int64)
    /// A `Retry-After` header of delta-seconds, exactly as written (`"2"`, `"1.5"`).
    case seconds(String)
    /// A `Retry-After` header holding an HTTP date this long after the virtual "now" (negative: a
    /// date already past, as with clock skew).
    case httpDateAfter(Duration)
}
