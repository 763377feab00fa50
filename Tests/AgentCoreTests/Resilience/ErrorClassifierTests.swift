import AgentCore
import Testing

@Suite struct ErrorClassifierTests {
    /// Every kind code named by the agent core, the mock tools and the chaos fault table, with its class.
    static let table: [(String, ErrorClass)] = [
        ("unavailable", .transient), ("empty_response", .transient),
        ("rate_limited", .rateLimited),
        ("timeout", .timeout),
        ("malformed_result", .malformed), ("malformed_response", .malformed),
        ("permission_denied", .permission), ("unauthorized", .permission), ("forbidden", .permission),
        ("context_length_exceeded", .contextLength),
        ("content_filter", .contentFilter),
        ("circuit_open", .permanent),
        ("not_found", .permanent), ("conflict", .permanent), ("invalid", .permanent), ("internal", .permanent),
        ("invalid_arguments", .permanent), ("malformed_arguments", .permanent), ("unknown_tool", .permanent),
        ("not_allowed", .permanent),
        ("something_new", .permanent), ("", .permanent), ("Timeout", .permanent), ("UNAVAILABLE", .permanent),
    ]

    @Test("Model errors are classified by kind", arguments: table)
    func modelErrors(kind: String, expected: ErrorClass) {
        #expect(ErrorClassifier.classify(ModelError(kind: kind, message: "m")) == expected)
        #expect(ErrorClassifier.classify(kind: kind) == expected)
    }

    @Test("Tool errors with their default retryable flag are classified by kind", arguments: table)
    func toolErrors(kind: String, expected: ErrorClass) {
        let error = ToolError(ToolError.Kind(rawValue: kind), "m")
        // `empty_response` is a model kind: ToolError does not default it to retryable, so it stays permanent.
        let downgraded = expected.isRetryable && !error.retryable
        #expect(downgraded == (kind == "empty_response"))
        #expect(ErrorClassifier.classify(error) == (downgraded ? .permanent : expected))
    }

    @Test("A tool error marked retryable keeps its kind's class, even for a permanent kind", arguments: table)
    func retryableFlagNeverUpgrades(kind: String, expected: ErrorClass) {
        #expect(ErrorClassifier.classify(ToolError(ToolError.Kind(rawValue: kind), "m", retryable: true)) == expected)
    }

    @Test("A tool error marked not retryable is never classified as retryable", arguments: table)
    func notRetryableFlagDowngrades(kind: String, expected: ErrorClass) {
        let actual = ErrorClassifier.classify(ToolError(ToolError.Kind(rawValue: kind), "m", retryable: false))
        #expect(actual == (expected.isRetryable ? .permanent : expected))
        #expect(!actual.isRetryable)
    }

    @Test("Every kind AgentCore knows lands in a class, and only the transient ones are retryable")
    func knownKinds() {
        for kind in ToolError.Kind.known {
            #expect(ErrorClassifier.classify(ToolError(kind, "m")).isRetryable == kind.isTransient, "\(kind.rawValue)")
        }
    }

    @Test("An open breaker's rejection is never retried, even when marked retryable")
    func circuitOpenIsNeverRetried() {
        let rejection = ToolError("circuit_open", "search is failing; not calling it", retryable: true)
        let errorClass = ErrorClassifier.classify(rejection)
        #expect(errorClass == .permanent)
        #expect(!RetryPolicy().shouldRetry(errorClass, attempt: 1, isIdempotent: true))
        #expect(ErrorClassifier.classify(ModelError(kind: "circuit_open", message: "m")) == .permanent)
    }
}

@Suite struct ModelErrorRetryableTests {
    @Test("a model error says whether it is retryable: by its kind, unless the provider says no", arguments: [
        ("unavailable", nil as Bool?, true, ErrorClass.transient),
        ("unavailable", false, false, .permanent),
        ("context_length_exceeded", nil, false, .contextLength),
        ("unauthorized", nil, false, .permission),
        ("rate_limited", nil, true, .rateLimited),
    ])
    func retryable(kind: String, flag: Bool?, retryable: Bool, errorClass: ErrorClass) {
        let error = ModelError(kind: kind, message: "m", retryable: flag)
        #expect(error.retryable == retryable)
        #expect(ErrorClassifier.classify(error) == errorClass)
    }
}
