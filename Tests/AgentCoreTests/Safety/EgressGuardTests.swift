import AgentCore
import Testing

/// The egress guard: registered secrets and the values of sensitive result fields never reach a
/// tool that sends data outside the organisation.
@Suite struct EgressGuardTests {
    static let secret = "CANARY-7f3a9c1e-d0c5"

    /// A tool that sends its arguments out (a webhook), or keeps them inside (a note) when `external` is false.
    static func sender(_ name: String = "post_webhook", external: Bool = true) throws -> RecordingTool {
        RecordingTool(ToolSpec(
            name: name, description: "Sends a message.", parameters: try schema(#"{"type": "object"}"#), risk: .write, isExternal: external),
            returning: ["sent": true])
    }

    /// A read tool whose result carries `result`, with `fields` declared sensitive.
    static func reader(_ name: String = "get_account", result: JSONValue, fields: Set<String>) throws -> RecordingTool {
        RecordingTool(ToolSpec(name: name, description: "Reads an account.", parameters: try schema(#"{"type": "object"}"#), sensitiveFields: fields), returning: result)
    }

    static func blocked(_ tool: String, origin: String) -> JSONValue {
        ToolError(.egressBlocked, "Blocked: the arguments of \"\(tool)\" carry a sensitive value (\(origin)) and \(tool) sends data outside the organisation; the call was not made.", retryable: false).json
    }

    /// What a multi-call run left behind.
    struct Run {
        var result: AgentRunResult
        var events: [AgentEvent]

        /// The tool turn for `callID`, parsed.
        func turn(_ callID: String) throws -> JSONValue {
            let message = try #require(result.messages.last { $0.role == .tool && $0.toolCallID == callID })
            return try message.contentJSON()
        }

        var rejections: [(call: ToolCall, error: ToolError)] {
            events.compactMap { event in
                if case .toolRejected(let call, let error) = event { return (call, error) }
                return nil
            }
        }
    }

    /// Runs an agent whose model makes `calls` one turn each, then answers "Done.".
    static func run(_ calls: [ToolCall], tools: [any Tool], guard egressGuard: EgressGuard?) async -> Run {
        let model = ScriptedModel(calls.map { ModelResponse(toolCalls: [$0]) } + [.answer("Done.")])
        let sink = CollectingEventSink()
        let agent = makeAgent(model: model, tools: tools, configuration: AgentConfiguration(egressGuard: egressGuard), events: sink)
        let result = await agent.run("Go.")
        return Run(result: result, events: sink.events)
    }

    // MARK: the guard on its own

    @Test("leak finds a registered secret anywhere in the arguments: as a value, inside a longer string, nested in arrays and objects, or as a key", arguments: [
        #"{"body": "CANARY-7f3a9c1e-d0c5"}"#,
        #"{"body": "here you go: CANARY-7f3a9c1e-d0c5, thanks"}"#,
        #"{"attachments": [{"meta": {"notes": ["x", "see CANARY-7f3a9c1e-d0c5"]}}]}"#,
        #"{"headers": {"CANARY-7f3a9c1e-d0c5": true}}"#,
    ])
    func leakFindsSecret(arguments: String) throws {
        let egressGuard = EgressGuard(knownSecrets: [Self.secret])
        let leak = try #require(egressGuard.leak(in: try json(arguments), tracked: []))
        #expect(leak.value == Self.secret)
        #expect(leak.origin == "a registered secret")
    }

    @Test("an encoded secret is still the secret: percent-encoded, base64, base64url without padding, spaced out or in other case", arguments: [
        #"{"url": "https://paste.example/new?content=x%2FCANARY-7f3a9c1e-d0c5%2By"}"#,
        #"{"body": "Q0FOQVJZLTdmM2E5YzFlLWQwYzU="}"#,
        #"{"blob": "a2V5PUNBTkFSWS03ZjNhOWMxZS1kMGM1"}"#,
        #"{"body": "CANARY-7f3a 9c1e-d0c5"}"#,
        #"{"body": "canary-7F3A9C1E-D0C5"}"#,
    ])
    func leakFindsEncodedSecret(arguments: String) throws {
        let egressGuard = EgressGuard(knownSecrets: [Self.secret])
        #expect(egressGuard.leak(in: try json(arguments), tracked: [])?.origin == "a registered secret")
    }

    @Test("a registered secret is blocked on every tool; a value tracked from results only on an external one")
    func registeredSecretsEverywhere() throws {
        let egressGuard = EgressGuard(knownSecrets: [Self.secret])
        let tracked = [EgressGuard.Tracked(value: "tok_live_abcdef123456", origin: "get_key's token")]
        #expect(egressGuard.leak(in: try json(#"{"note": "CANARY-7f3a9c1e-d0c5"}"#), tracked: tracked, toolIsExternal: false)?.origin == "a registered secret")
        #expect(egressGuard.leak(in: try json(#"{"note": "tok_live_abcdef123456"}"#), tracked: tracked, toolIsExternal: false) == nil)
        #expect(egressGuard.leak(in: try json(#"{"note": "tok_live_abcdef123456"}"#), tracked: tracked, toolIsExternal: true)?.origin == "get_key's token")
    }

    @Test("leak finds nothing in arguments that carry no secret, not even a part of one")
    func leakFindsNothing() throws {
        let egressGuard = EgressGuard(knownSecrets: [Self.secret])
        #expect(egressGuard.leak(in: try json(#"{"body": "CANARY-7f3a9c1e", "n": 7, "ok": true, "list": ["d0c5"]}"#), tracked: []) == nil)
        #expect(egressGuard.leak(in: .object(JSONObject()), tracked: []) == nil)
    }

    @Test("a registered secret is blocked whatever its length: the minimum length is for values learned from results")
    func shortRegisteredSecret() throws {
        let egressGuard = EgressGuard(knownSecrets: ["hunter2"])
        let arguments = try json(#"{"body": "the password is hunter2"}"#)
        #expect(egressGuard.leak(in: arguments, tracked: [])?.origin == "a registered secret")
    }

    @Test("sensitiveValues collects the values of sensitive fields at any depth, of 8 characters or more, naming the tool and field")
    func sensitiveValues() throws {
        let egressGuard = EgressGuard()
        let result = try json(#"""
            {"account": {"owner": "Dana", "api_token": "tok_live_93kd81nz",
             "keys": [{"api_token": "tok_test_00aa11bb"}, {"api_token": "short"}]},
             "api_token_hint": "tok_live_…"}
            """#)
        let found = egressGuard.sensitiveValues(in: result, fields: ["api_token"], from: "get_account")
        #expect(found.map(\.value) == ["tok_live_93kd81nz", "tok_test_00aa11bb"])
        #expect(found.map(\.origin) == ["get_account's api_token", "get_account's api_token"])
        #expect(egressGuard.sensitiveValues(in: result, fields: [], from: "get_account").isEmpty)
    }

    // MARK: in the agent loop

    @Test("a call to an external tool carrying a registered secret is refused with egress_blocked before the tool; the message names the origin, never the secret")
    func knownSecretBlocked() async throws {
        let webhook = try Self.sender()
        let call = ToolCall(id: "c1", name: "post_webhook", arguments: ["payload": ["items": ["a", ["note": .string("key=\(Self.secret);")]]]])
        let run = await Self.run([call], tools: [webhook], guard: EgressGuard(knownSecrets: [Self.secret]))
        #expect(run.result.answer == "Done.")
        #expect(webhook.callCount == 0)
        #expect(try run.turn("c1") == Self.blocked("post_webhook", origin: "a registered secret"))
        let rejection = try #require(run.rejections.first)
        #expect(rejection.call == call)
        #expect(rejection.error.kind == .egressBlocked)
        #expect(rejection.error.retryable == false)
        #expect(!rejection.error.message.contains(Self.secret))
        #expect(!run.events.map(\.label).contains("toolCalled"))
    }

    @Test("the same arguments reach an external tool untouched when they carry no secret")
    func cleanCallGoesThrough() async throws {
        let webhook = try Self.sender()
        let run = await Self.run([ToolCall(id: "c1", name: "post_webhook", arguments: ["body": "All good."])], tools: [webhook], guard: EgressGuard(knownSecrets: [Self.secret]))
        #expect(webhook.receivedArguments == [["body": "All good."]])
        #expect(try run.turn("c1") == ["sent": true])
        #expect(run.rejections.isEmpty)
    }

    @Test("a sensitive field's value read earlier is blocked on its way to an external tool, but an internal tool receives it")
    func trackedValueBlocked() async throws {
        let account = try Self.reader(result: ["account": ["id": "A-1", "credentials": ["api_token": "tok_live_93kd81nz"]]], fields: ["api_token"])
        let webhook = try Self.sender()
        let notes = try Self.sender("save_note", external: false)
        let leaking: JSONValue = ["text": "token: tok_live_93kd81nz"]
        let run = await Self.run([
            ToolCall(id: "c1", name: "get_account", arguments: "{}"),
            ToolCall(id: "c2", name: "post_webhook", arguments: leaking),
            ToolCall(id: "c3", name: "save_note", arguments: leaking),
        ], tools: [account, webhook, notes], guard: EgressGuard())
        #expect(run.result.answer == "Done.")
        #expect(webhook.callCount == 0)
        #expect(try run.turn("c2") == Self.blocked("post_webhook", origin: "get_account's api_token"))
        #expect(notes.receivedArguments == [leaking])
        #expect(run.rejections.map(\.call.id) == ["c2"])
        #expect(run.rejections.allSatisfy { !$0.error.message.contains("tok_live_93kd81nz") })
    }

    @Test("a sensitive value is not tracked before the result that carries it, so the same text goes out when sent first")
    func trackingStartsWithTheResult() async throws {
        let account = try Self.reader(result: ["api_token": "tok_live_93kd81nz"], fields: ["api_token"])
        let webhook = try Self.sender()
        let run = await Self.run([
            ToolCall(id: "c1", name: "post_webhook", arguments: ["text": "tok_live_93kd81nz"]),
            ToolCall(id: "c2", name: "get_account", arguments: "{}"),
            ToolCall(id: "c3", name: "post_webhook", arguments: ["text": "tok_live_93kd81nz"]),
        ], tools: [account, webhook], guard: EgressGuard())
        #expect(webhook.callCount == 1)
        #expect(run.rejections.map(\.call.id) == ["c3"])
    }

    @Test("a sensitive value shorter than 8 characters is not tracked, so it may reach an external tool")
    func shortValueNotTracked() async throws {
        let account = try Self.reader(result: ["pin": "4921517", "nested": ["pin": "12345678"]], fields: ["pin"])
        let webhook = try Self.sender()
        let run = await Self.run([
            ToolCall(id: "c1", name: "get_account", arguments: "{}"),
            ToolCall(id: "c2", name: "post_webhook", arguments: ["text": "pin 4921517"]),
            ToolCall(id: "c3", name: "post_webhook", arguments: ["text": "pin 12345678"]),
        ], tools: [account, webhook], guard: EgressGuard())
        #expect(webhook.receivedArguments == [["text": "pin 4921517"]])
        #expect(try run.turn("c3") == Self.blocked("post_webhook", origin: "get_account's pin"))
    }

    @Test("with egressGuard nil nothing is blocked: neither a registered-looking secret nor a sensitive field's value")
    func guardOff() async throws {
        let account = try Self.reader(result: ["api_token": "tok_live_93kd81nz"], fields: ["api_token"])
        let webhook = try Self.sender()
        let run = await Self.run([
            ToolCall(id: "c1", name: "get_account", arguments: "{}"),
            ToolCall(id: "c2", name: "post_webhook", arguments: ["text": .string("tok_live_93kd81nz \(Self.secret)")]),
        ], tools: [account, webhook], guard: nil)
        #expect(webhook.receivedArguments == [["text": .string("tok_live_93kd81nz \(Self.secret)")]])
        #expect(run.rejections.isEmpty)
    }

    @Test("the names of members inside a sensitive field are not sensitive values: a call that merely says \"password\" is not blocked")
    func memberNamesAreNotValues() async throws {
        // The sensitive field holds an object; its secret is the value, not the word "password".
        let account = try Self.reader(result: ["credentials": ["username": "dana", "password": "hunter2hunter2"]], fields: ["credentials"])
        let webhook = try Self.sender()
        let run = await Self.run([
            ToolCall(id: "c1", name: "get_account", arguments: "{}"),
            ToolCall(id: "c2", name: "post_webhook", arguments: ["text": "Please reset your password."]),
            ToolCall(id: "c3", name: "post_webhook", arguments: ["text": "it is hunter2hunter2"]),
        ], tools: [account, webhook], guard: EgressGuard())
        // The value itself is blocked, as it should be.
        #expect(run.rejections.map(\.call.id).contains("c3"))
        #expect(webhook.receivedArguments == [["text": "Please reset your password."]])
        #expect(run.rejections.map(\.call.id) == ["c3"])
    }
}
