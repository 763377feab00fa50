import AgentCore
import Testing

/// Parses JSON text in a test, failing the test on a syntax error.
func json(_ text: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> JSONValue {
    do {
        return try JSONParser.parse(text)
    } catch {
        Issue.record("invalid JSON in test: \(error)", sourceLocation: sourceLocation)
        throw error
    }
}

/// Compiles a schema written as JSON text.
func schema(_ text: String) throws -> JSONSchema {
    try JSONSchema(try json(text))
}

/// A tool spec with a permissive object schema unless one is given.
func makeSpec(
    _ name: String, risk: ToolRisk = .read, needsApproval: Bool = false,
    parameters: String = #"{"type": "object"}"#
) throws -> ToolSpec {
    ToolSpec(name: name, description: "The \(name) tool.", parameters: try schema(parameters), risk: risk, needsApproval: needsApproval)
}

/// The schema of a tool that takes `{"order_id": string}` and nothing else.
let orderIDParameters = #"""
    {"type": "object", "properties": {"order_id": {"type": "string", "minLength": 1}},
     "required": ["order_id"], "additionalProperties": false}
    """#

/// An agent wired to test doubles.
func makeAgent(
    model: ScriptedModel, tools: [any Tool], configuration: AgentConfiguration = AgentConfiguration(),
    approver: any Approver = ScriptedApprover(), clock: TestClock = TestClock(),
    events: any EventSink = CollectingEventSink()
) -> Agent {
    Agent(model: model, tools: tools, configuration: configuration, approver: approver, clock: clock, events: events)
}

extension AgentRunResult {
    /// The tool turns of the conversation.
    var toolMessages: [Message] { messages.filter { $0.role == .tool } }
}

extension Message {
    /// The content parsed as JSON (tool turns hold JSON text).
    func contentJSON() throws -> JSONValue { try JSONParser.parse(content) }
}

/// A run in which the model makes one tool call and then answers.
struct SingleCallRun {
    var result: AgentRunResult
    var model: ScriptedModel
    var events: [AgentEvent]
    /// The tool turn the model saw in its second request.
    var toolMessage: Message
    /// The tool turn's content, parsed.
    var content: JSONValue

    var errorKind: String? { content["error"]?["kind"]?.stringValue }
    var errorMessage: String? { content["error"]?["message"]?.stringValue }
    var labels: [String] { events.map(\.label) }
}

/// Runs an agent whose model makes `call` and then answers "Done.".
func runSingleCall(
    _ call: ToolCall, tools: [any Tool], configuration: AgentConfiguration = AgentConfiguration(),
    approver: any Approver = ScriptedApprover(), sourceLocation: SourceLocation = #_sourceLocation
) async throws -> SingleCallRun {
    let model = ScriptedModel([ModelResponse(toolCalls: [call]), .answer("Done.")])
    let sink = CollectingEventSink()
    let agent = makeAgent(model: model, tools: tools, configuration: configuration, approver: approver, events: sink)
    let result = await agent.run("Do it.")
    #expect(result.answer == "Done.", sourceLocation: sourceLocation)
    let second = try #require(model.requests.dropFirst().first, "the model was asked only once", sourceLocation: sourceLocation)
    let toolMessage = try #require(second.messages.last, sourceLocation: sourceLocation)
    #expect(toolMessage.role == .tool, sourceLocation: sourceLocation)
    #expect(toolMessage.toolCallID == call.id, sourceLocation: sourceLocation)
    let content = try JSONParser.parse(toolMessage.content)
    return SingleCallRun(result: result, model: model, events: sink.events, toolMessage: toolMessage, content: content)
}
