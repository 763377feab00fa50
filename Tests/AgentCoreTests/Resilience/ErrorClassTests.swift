import AgentCore
import Testing

@Suite struct ErrorClassTests {
    @Test("Only transient, rate-limited and timeout failures are retryable", arguments: [
        (ErrorClass.transient, true), (.rateLimited, true), (.timeout, true),
        (.malformed, false), (.permanent, false), (.permission, false), (.contextLength, false), (.contentFilter, false),
    ])
    func retryable(errorClass: ErrorClass, retryable: Bool) {
        #expect(errorClass.isRetryable == retryable)
    }

    @Test("Classes have their documented snake_case codes")
    func rawValues() {
        #expect(ErrorClass.allCases.map(\.rawValue) == [
            "transient", "rate_limited", "timeout", "malformed", "permanent", "permission", "context_length", "content_filter",
        ])
        for errorClass in ErrorClass.allCases {
            #expect(ErrorClass(rawValue: errorClass.rawValue) == errorClass)
        }
    }
}
