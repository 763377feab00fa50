import AgentCore
import Testing

@Suite struct ToolErrorTests {
    @Test("Only passing conditions are retryable by default", arguments: [
        (ToolError.Kind.unavailable, true), (.timeout, true), (.rateLimited, true),
        (.notFound, false), (.conflict, false), (.invalid, false), (.permissionDenied, false), (.internal, false),
        (.unknownTool, false), (.notAllowed, false), (.malformedArguments, false), (.invalidArguments, false),
        ("custom_kind", false),
    ])
    func retryableDefault(kind: ToolError.Kind, retryable: Bool) {
        #expect(kind.isTransient == retryable)
        #expect(ToolError(kind, "m").retryable == retryable)
    }

    @Test("An explicit retryable overrides the kind's default")
    func explicitRetryable() {
        #expect(ToolError(.unavailable, "m", retryable: false).retryable == false)
        #expect(ToolError(.conflict, "m", retryable: true).retryable == true)
    }

    @Test("Kinds have their documented snake_case codes", arguments: [
        (ToolError.Kind.notFound, "not_found"), (.conflict, "conflict"), (.invalid, "invalid"),
        (.permissionDenied, "permission_denied"), (.unavailable, "unavailable"), (.timeout, "timeout"),
        (.rateLimited, "rate_limited"), (.internal, "internal"), (.unknownTool, "unknown_tool"),
        (.notAllowed, "not_allowed"), (.malformedArguments, "malformed_arguments"), (.invalidArguments, "invalid_arguments"),
    ])
    func rawValues(kind: ToolError.Kind, raw: String) {
        #expect(kind.rawValue == raw)
        #expect(ToolError.Kind(rawValue: raw) == kind)
    }

    @Test("The model sees an error object with kind, message and retryable")
    func jsonShape() {
        let error = ToolError(.rateLimited, "Slow down.")
        #expect(error.json == ["error": ["kind": "rate_limited", "message": "Slow down.", "retryable": true]])
        #expect(JSONWriter.compact(error.json) == #"{"error":{"kind":"rate_limited","message":"Slow down.","retryable":true}}"#)
        #expect(error.description == "rate_limited: Slow down.")
    }
}
