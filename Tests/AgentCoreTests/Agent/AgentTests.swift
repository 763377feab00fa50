import AgentCore
import Testing

@Suite struct AgentTests {
    // MARK: The loop

    @Test("A final answer ends the run after one step")
    func finalAnswer() async throws {
        let model = ScriptedModel([.answer("All done.", usage: TokenUsage(input: 12, output: 3))])
        let tool = RecordingTool(try makeSpec("get_order"))
        let agent = makeAgent(model: model, tools: [tool], configuration: AgentConfiguration(systemPrompt: "Be careful."))
        let result = await agent.run("Hello")
        #expect(result.stop == .answered("All done."))
        #expect(result.answer == "All done.")
        #expect(result.steps == 1)
        #expect(result.toolCalls == 0)
        #expect(result.usage == TokenUsage(input: 12, output: 3))
        #expect(result.messages == [.user("Hello"), Message(role: .assistant, content: "All done.")])
        #expect(tool.callCount == 0)
        #expect(model.requests == [ModelRequest(systemPrompt: "Be careful.", messages: [.user("Hello")], tools: [tool.spec])])
    }

    @Test("A response with neither text nor calls is an empty_response failure, not an answer")
    func emptyAnswer() async {
        let model = ScriptedModel([ModelResponse()])
        let result = await makeAgent(model: model, tools: []).run("Hello")
        #expect(result.stop == .modelFailed(ModelError(kind: "empty_response", message: "The model returned neither text nor tool calls.")))
        #expect(model.remaining == 0)
    }

    @Test("A tool's result goes back to the model as a tool message with the call's ID")
    func toolResultReturned() async throws {
        let tool = RecordingTool(try makeSpec("get_order", parameters: orderIDParameters), returning: ["id": "NW-1", "status": "delivered"])
        let call = ToolCall(id: "call_1", name: "get_order", arguments: #"{"order_id": "NW-1"}"#)
        let model = ScriptedModel([ModelResponse(text: "Let me look.", toolCalls: [call]), .answer("Delivered.")])
        let result = await makeAgent(model: model, tools: [tool]).run("Where is NW-1?")
        #expect(result.answer == "Delivered.")
        #expect(result.steps == 2)
        #expect(result.toolCalls == 1)
        #expect(tool.receivedArguments == [["order_id": "NW-1"]])
        #expect(model.requests.count == 2)
        let expectedConversation: [Message] = [
            .user("Where is NW-1?"),
            Message(role: .assistant, content: "Let me look.", toolCalls: [call]),
            Message(role: .tool, content: #"{"id":"NW-1","status":"delivered"}"#, toolCallID: "call_1"),
        ]
        #expect(model.requests.last?.messages == expectedConversation)
        #expect(result.messages == expectedConversation + [Message(role: .assistant, content: "Delivered.")])
    }

    @Test("Several calls in one response run in order, each answered by its own tool message")
    func severalCalls() async throws {
        let tool = RecordingTool(try makeSpec("get_order", parameters: orderIDParameters))
        let calls = [
            ToolCall(id: "a", name: "get_order", arguments: ["order_id": "NW-1"]),
            ToolCall(id: "b", name: "nope", arguments: "{}"),
            ToolCall(id: "c", name: "get_order", arguments: ["order_id": "NW-2"]),
        ]
        let model = ScriptedModel([ModelResponse(toolCalls: calls), .answer("ok")])
        let result = await makeAgent(model: model, tools: [tool]).run("Check both.")
        #expect(tool.receivedArguments == [["order_id": "NW-1"], ["order_id": "NW-2"]])
        #expect(result.toolCalls == 3)
        let toolTurns = result.toolMessages
        #expect(toolTurns.map(\.toolCallID) == ["a", "b", "c"])
        #expect(toolTurns.map(\.isError) == [false, true, false])
    }

    @Test("The loop keeps going while the model calls tools")
    func manySteps() async throws {
        let tool = RecordingTool(try makeSpec("ping"), returning: "pong")
        let model = ScriptedModel((1...5).map { .call("c\($0)", "ping", "{}") } + [.answer("done")])
        let result = await makeAgent(model: model, tools: [tool]).run("Ping five times.")
        #expect(result.answer == "done")
        #expect(result.steps == 6)
        #expect(result.toolCalls == 5)
        #expect(tool.callCount == 5)
        #expect(model.requests.map(\.messages.count) == [1, 3, 5, 7, 9, 11])
    }

    // MARK: Refused calls

    @Test("An unknown tool is rejected as unknown_tool, never called, and the model sees an error")
    func unknownTool() async throws {
        let getOrder = RecordingTool(try makeSpec("get_order"))
        let listOrders = RecordingTool(try makeSpec("list_orders"))
        let call = ToolCall(id: "c1", name: "delete_everything", arguments: "{}")
        let run = try await runSingleCall(call, tools: [getOrder, listOrders])
        let message = #"There is no tool named "delete_everything". Available: get_order, list_orders."#
        #expect(getOrder.callCount == 0)
        #expect(listOrders.callCount == 0)
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "unknown_tool")
        #expect(run.errorMessage == message)
        #expect(run.content["error"]?["retryable"] == false)
        #expect(run.events.contains(.toolRejected(call: call, error: ToolError(.unknownTool, message))))
        #expect(!run.labels.contains("toolCalled"))
        #expect(run.result.toolCalls == 1)
    }

    @Test("A tool outside allowedTools is not offered, and a call to it is rejected as not_allowed")
    func notAllowed() async throws {
        let getOrder = RecordingTool(try makeSpec("get_order"))
        let deleteOrder = RecordingTool(try makeSpec("delete_order", risk: .irreversible))
        let call = ToolCall(id: "c1", name: "delete_order", arguments: "{}")
        let run = try await runSingleCall(
            call, tools: [getOrder, deleteOrder], configuration: AgentConfiguration(allowedTools: ["get_order"]))
        let message = #"The tool "delete_order" is not permitted for this agent."#
        #expect(deleteOrder.callCount == 0)
        #expect(run.model.requests.map { $0.tools.map(\.name) } == [["get_order"], ["get_order"]])
        #expect(run.events.contains(.modelRequest(step: 1, messageCount: 1, tools: ["get_order"])))
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "not_allowed")
        #expect(run.errorMessage == message)
        #expect(run.events.contains(.toolRejected(call: call, error: ToolError(.notAllowed, message))))
        #expect(!run.labels.contains("toolCalled"))
    }

    @Test("An unknown tool's message lists only the allowed tools")
    func unknownToolListsAllowed() async throws {
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "nope", arguments: "{}"),
            tools: [RecordingTool(try makeSpec("get_order")), RecordingTool(try makeSpec("delete_order"))],
            configuration: AgentConfiguration(allowedTools: ["get_order"]))
        #expect(run.errorMessage == #"There is no tool named "nope". Available: get_order."#)
    }

    @Test("Arguments that are not JSON are rejected as malformed_arguments with the parser's error", arguments: [
        (#"{"order_id": "NW-1""#, #"1:20: expected ',' or '}' after the value of "order_id", found end of input"#),
        ("not json", "1:1: expected a JSON value, found 'n'"),
        (#"{'order_id': 'NW-1'}"#, "1:2: expected a string key, found '''"),
        (#"{"order_id": "NW-1",}"#, "1:21: expected a key after ',', found '}' (trailing comma)"),
    ])
    func malformedArguments(arguments: String, parserError: String) async throws {
        let tool = RecordingTool(try makeSpec("get_order", parameters: orderIDParameters))
        let call = ToolCall(id: "c1", name: "get_order", arguments: arguments)
        let run = try await runSingleCall(call, tools: [tool])
        let message = #"The arguments for "get_order" are not valid JSON ("# + parserError + "). Send a JSON object."
        #expect(tool.callCount == 0)
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "malformed_arguments")
        #expect(run.errorMessage == message)
        #expect(run.events.contains(.toolRejected(call: call, error: ToolError(.malformedArguments, message))))
    }

    @Test("Arguments that break the parameter schema are rejected as invalid_arguments, naming each violation", arguments: [
        (#"{"order_id": 42}"#, "arguments/order_id: expected a string, found integer 42"),
        ("{}", #"arguments: missing required key "order_id""#),
        (#"{"order_id": "", "extra": 1}"#,
         #"arguments/order_id: expected at least 1 character, found ""; arguments/extra: unknown key "extra""#),
        (#"{"ordr_id": "NW-1"}"#,
         #"arguments: missing required key "order_id"; arguments/ordr_id: unknown key "ordr_id" (did you mean "order_id"?)"#),
        ("[]", "arguments: expected an object, found array"),
    ])
    func invalidArguments(arguments: String, details: String) async throws {
        let tool = RecordingTool(try makeSpec("get_order", parameters: orderIDParameters))
        let call = ToolCall(id: "c1", name: "get_order", arguments: arguments)
        let run = try await runSingleCall(call, tools: [tool])
        let message = #"Invalid arguments for "get_order": "# + details + "."
        #expect(tool.callCount == 0)
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "invalid_arguments")
        #expect(run.errorMessage == message)
        #expect(run.events.contains(.toolRejected(call: call, error: ToolError(.invalidArguments, message))))
        #expect(!run.labels.contains("toolCalled"))
    }

    @Test("Empty or blank arguments are treated as {}", arguments: ["", "   ", " \n\t "])
    func emptyArguments(arguments: String) async throws {
        let tool = RecordingTool(try makeSpec("list_orders", parameters: #"{"type": "object", "additionalProperties": false}"#))
        let run = try await runSingleCall(ToolCall(id: "c1", name: "list_orders", arguments: arguments), tools: [tool])
        #expect(tool.receivedArguments == [.object(JSONObject())])
        #expect(!run.toolMessage.isError)
        #expect(run.content == ["ok": true])
    }

    // MARK: Tool failures

    @Test("A ToolError thrown by the tool reaches the model with its kind, message and retryable flag", arguments: [
        ToolError(.notFound, "Order NW-9 does not exist."),
        ToolError(.rateLimited, "Try again in 2 s."),
        ToolError(.conflict, "Already refunded.", retryable: true),
        ToolError("quota_exceeded", "Monthly quota used up."),
    ])
    func toolErrorReachesModel(error: ToolError) async throws {
        let tool = RecordingTool(try makeSpec("get_order"), throwing: error)
        let run = try await runSingleCall(ToolCall(id: "c1", name: "get_order", arguments: "{}"), tools: [tool])
        #expect(tool.callCount == 1)
        #expect(run.toolMessage.isError)
        #expect(run.content == error.json)
        #expect(run.events.contains(.toolFailed(callID: "c1", tool: "get_order", error: error)))
        #expect(run.labels.filter { $0.hasPrefix("tool") } == ["toolCalled", "toolFailed"])
    }

    @Test("Any other error thrown by a tool becomes kind internal")
    func foreignErrorIsInternal() async throws {
        let tool = RecordingTool(try makeSpec("get_order"), throwing: DiskOnFire())
        let run = try await runSingleCall(ToolCall(id: "c1", name: "get_order", arguments: "{}"), tools: [tool])
        let expected = ToolError(.internal, "the disk is on fire")
        #expect(tool.callCount == 1)
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "internal")
        #expect(run.content == expected.json)
        #expect(run.content["error"]?["retryable"] == false)
        #expect(run.events.contains(.toolFailed(callID: "c1", tool: "get_order", error: expected)))
    }

    // MARK: Model failures

    @Test("A model error stops the run with modelFailed")
    func modelFails() async {
        let failure = ModelError(kind: "unavailable", message: "HTTP 503")
        let model = ScriptedModel(results: [.failure(failure)])
        let sink = CollectingEventSink()
        let result = await makeAgent(model: model, tools: [], events: sink).run("Hello")
        #expect(result.stop == .modelFailed(failure))
        #expect(result.answer == nil)
        #expect(result.steps == 1)
        #expect(result.toolCalls == 0)
        #expect(result.messages == [.user("Hello")])
        #expect(sink.events == [
            .started(prompt: "Hello"),
            .modelRequest(step: 1, messageCount: 1, tools: []),
            .modelFailed(step: 1, error: failure),
        ])
    }

    @Test("Any other error from the model becomes a ModelError of kind internal, after earlier steps")
    func foreignModelError() async throws {
        let tool = RecordingTool(try makeSpec("ping"))
        let model = ScriptedModel(results: [.success(.call("c1", "ping", "{}")), .failure(DiskOnFire())])
        let result = await makeAgent(model: model, tools: [tool]).run("Hello")
        #expect(result.stop == .modelFailed(ModelError(kind: "internal", message: "the disk is on fire")))
        #expect(result.steps == 2)
        #expect(result.toolCalls == 1)
        #expect(tool.callCount == 1)
    }

    // MARK: Known problems

    @Test(
        "Two tools with the same name are offered once, with the spec of the tool that runs"
    )
    func duplicateToolNames() async throws {
        let first = RecordingTool(ToolSpec(name: "get_order", description: "first", parameters: try schema("{}")))
        let second = RecordingTool(ToolSpec(name: "get_order", description: "second", parameters: try schema("{}")))
        let model = ScriptedModel([.call("c1", "get_order", "{}"), .answer("ok")])
        _ = await makeAgent(model: model, tools: [first, second]).run("Hello")
        #expect(first.callCount == 1)
        #expect(second.callCount == 0)
        #expect(model.requests.first?.tools.map(\.description) == ["first"])
    }
}
