/// A language model the agent asks what to do next.
///
/// Providers stay small: retries, recording and fault injection wrap a `Model` from outside.
public protocol Model: Sendable {
    /// Answers one request with text, tool calls, or both.
    /// - Throws: `ModelError` when the provider fails.
    func respond(to request: ModelRequest) async throws -> ModelResponse
}

/// What the agent sends the model on each step.
public struct ModelRequest: Sendable, Hashable {
    public var systemPrompt: String
    public var messages: [Message]
    public var tools: [ToolSpec]

    public init(systemPrompt: String, messages: [Message], tools: [ToolSpec]) {
        self.systemPrompt = systemPrompt
        self.messages = messages
        self.tools = tools
    }
}

/// What the model answers: tool calls to make, or a final text when it makes none.
public struct ModelResponse: Sendable, Hashable {
    public var text: String?
    public var toolCalls: [ToolCall]
    public var usage: TokenUsage

    public init(text: String? = nil, toolCalls: [ToolCall] = [], usage: TokenUsage = TokenUsage()) {
        self.text = text
        self.toolCalls = toolCalls
        self.usage = usage
    }
}

/// A model provider's failure.
public struct ModelError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What kind of failure, e.g. `unavailable`, `rate_limited`, `context_length_exceeded`.
    public var kind: String
    public var message: String
    /// How long the provider asked the caller to wait, as it said it.
    public var retryAfter: RetryAfter?
    /// Whether asking again may succeed. Defaults to what the kind says (`unavailable`,
    /// `rate_limited`, `timeout`, `empty_response`: yes; a 400-style `context_length_exceeded` or a
    /// 401-style `unauthorized`: no); a provider may say no for a kind that is usually retryable.
    public var retryable: Bool

    public init(kind: String, message: String, retryAfter: RetryAfter? = nil, retryable: Bool? = nil) {
        self.kind = kind
        self.message = message
        self.retryAfter = retryAfter
        self.retryable = retryable ?? ErrorClassifier.classify(kind: kind).isRetryable
    }

    public var description: String { "\(kind): \(message)" }
}
