/// What a tool learns about the call beyond its arguments.
public struct ToolCallContext: Sendable, Hashable {
    /// The model's id for the call; the same across retries.
    public var callID: String
    /// 1 for the first attempt, 2 for the first retry, …
    public var attempt: Int
    /// A key that stays the same across retries of one side-effecting call, so the receiving end
    /// can apply it at most once. `nil` for reads, and when the agent does not issue keys.
    public var idempotencyKey: String?

    public init(callID: String, attempt: Int = 1, idempotencyKey: String? = nil) {
        self.callID = callID
        self.attempt = attempt
        self.idempotencyKey = idempotencyKey
    }
}
