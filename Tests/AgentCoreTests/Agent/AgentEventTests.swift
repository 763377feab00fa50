import AgentCore
import Testing

@Suite struct AgentEventTests {
    @Test("A two-step run emits started, request, response, call, return, request, response, answered")
    func twoStepSequence() async throws {
        let tool = RecordingTool(try makeSpec("get_order", parameters: orderIDParameters), returning: ["status": "shipped"])
        let call = ToolCall(id: "c1", name: "get_order", arguments: ["order_id": "NW-1"])
        let firstUsage = TokenUsage(input: 100, output: 20)
        let secondUsage = TokenUsage(input: 150, output: 10)
        let model = ScriptedModel([
            ModelResponse(toolCalls: [call], usage: firstUsage),
            .answer("It has shipped.", usage: secondUsage),
        ])
        let sink = CollectingEventSink()
        let result = await makeAgent(model: model, tools: [tool], events: sink).run("Where is NW-1?")

        #expect(sink.events == [
            .started(prompt: "Where is NW-1?"),
            .modelRequest(step: 1, messageCount: 1, tools: ["get_order"]),
            .modelResponse(step: 1, text: nil, toolCalls: [call], usage: firstUsage),
            .toolCalled(callID: "c1", tool: "get_order", arguments: ["order_id": "NW-1"], dryRun: false),
            .toolReturned(callID: "c1", tool: "get_order", result: ["status": "shipped"]),
            .modelRequest(step: 2, messageCount: 3, tools: ["get_order"]),
            .modelResponse(step: 2, text: "It has shipped.", toolCalls: [], usage: secondUsage),
            .answered(text: "It has shipped."),
        ])
        #expect(result.usage == TokenUsage(input: 250, output: 30))
    }

    @Test("Refused, approved and failing calls appear in the order they happen")
    func mixedSequence() async throws {
        let refund = RecordingTool(
            try makeSpec("refund_order", risk: .irreversible, needsApproval: true),
            throwing: ToolError(.conflict, "Already refunded."))
        let calls = [
            ToolCall(id: "c1", name: "nope", arguments: "{}"),
            ToolCall(id: "c2", name: "refund_order", arguments: "{}"),
        ]
        let model = ScriptedModel([ModelResponse(toolCalls: calls), .answer("Sorry.")])
        let sink = CollectingEventSink()
        _ = await makeAgent(model: model, tools: [refund], approver: ScriptedApprover([.approve]), events: sink).run("Refund.")
        #expect(sink.events.map(\.label) == [
            "started", "modelRequest", "modelResponse",
            "toolRejected",
            "approvalRequested", "approvalAnswered", "toolCalled", "toolFailed",
            "modelRequest", "modelResponse", "answered",
        ])
        #expect(sink.events.contains(.approvalRequested(callID: "c2", tool: "refund_order", arguments: [:])))
        #expect(sink.events.contains(.approvalAnswered(callID: "c2", tool: "refund_order", decision: .approve)))
    }

    @Test("The discarding sink accepts events and keeps nothing")
    func discardingSink() async {
        let model = ScriptedModel([.answer("ok")])
        let agent = Agent(
            model: model, tools: [], configuration: AgentConfiguration(), approver: ApproveAll(), clock: TestClock(),
            events: DiscardingEventSink())
        #expect(await agent.run("Hi").answer == "ok")
    }
}
