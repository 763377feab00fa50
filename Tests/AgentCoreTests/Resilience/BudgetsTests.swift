import AgentCore
import Testing

@Suite struct BudgetsTests {
    /// Checks that a run stopped on `expected` and that the last event says so, with no answer.
    private func expectBudgetStop(
        _ result: AgentRunResult, _ events: [AgentEvent], _ expected: BudgetStop,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.stop == .budget(expected), sourceLocation: sourceLocation)
        #expect(result.answer == nil, sourceLocation: sourceLocation)
        #expect(events.last == .budgetExhausted(expected), sourceLocation: sourceLocation)
        #expect(events.filter { $0.label == "budgetExhausted" }.count == 1, sourceLocation: sourceLocation)
        #expect(!events.contains { $0.label == "answered" }, sourceLocation: sourceLocation)
    }

    @Test("The default budgets are unlimited")
    func defaults() {
        let budgets = Budgets()
        #expect(budgets.maxSteps == nil)
        #expect(budgets.maxToolCalls == nil)
        #expect(budgets.maxTokens == nil)
        #expect(budgets.maxDuration == nil)
    }

    @Test("maxSteps stops the run before a model call beyond the limit")
    func maxSteps() async throws {
        let tool = RecordingTool(try makeSpec("ping"))
        let model = ScriptedModel((1...5).map { .call("c\($0)", "ping", "{}") })
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxSteps: 2)), events: sink
        ).run("Loop forever.")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .steps, limit: 2, used: 2))
        #expect(model.requests.count == 2)
        #expect(result.steps == 2)
        #expect(tool.callCount == 2)
    }

    @Test("maxSteps of zero stops before the first model call")
    func zeroSteps() async {
        let model = ScriptedModel([.answer("never")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [], configuration: AgentConfiguration(budgets: Budgets(maxSteps: 0)), events: sink
        ).run("Hi")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .steps, limit: 0, used: 0))
        #expect(model.requests.isEmpty)
        #expect(sink.events.map(\.label) == ["started", "budgetExhausted"])
    }

    @Test("A run within its budgets answers normally")
    func withinBudgets() async throws {
        let tool = RecordingTool(try makeSpec("ping"))
        let model = ScriptedModel([
            .call("c1", "ping", "{}", usage: TokenUsage(input: 10, output: 10)),
            .answer("ok", usage: TokenUsage(input: 10, output: 10)),
        ])
        let budgets = Budgets(maxSteps: 2, maxToolCalls: 1, maxTokens: 40, maxDuration: .seconds(1))
        let result = await makeAgent(model: model, tools: [tool], configuration: AgentConfiguration(budgets: budgets)).run("Hi")
        #expect(result.stop == .answered("ok"))
    }

    @Test("maxToolCalls counts refused calls and stops before the call beyond the limit")
    func maxToolCallsCountsRefused() async throws {
        let tool = RecordingTool(try makeSpec("get_order"))
        let model = ScriptedModel([
            .call("c1", "no_such_tool", "{}"),
            .call("c2", "get_order", "{}"),
            .call("c3", "get_order", "{}"),
            .answer("never"),
        ])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxToolCalls: 2)), events: sink
        ).run("Go")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .toolCalls, limit: 2, used: 2))
        #expect(result.toolCalls == 2)
        #expect(result.steps == 3)
        #expect(tool.callCount == 1)
        #expect(model.remaining == 1)
    }

    @Test("maxToolCalls stops in the middle of one response's calls")
    func maxToolCallsWithinResponse() async throws {
        let tool = RecordingTool(try makeSpec("get_order"))
        let calls = (1...3).map { ToolCall(id: "c\($0)", name: "get_order", arguments: "{}") }
        let model = ScriptedModel([ModelResponse(toolCalls: calls), .answer("never")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxToolCalls: 2)), events: sink
        ).run("Go")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .toolCalls, limit: 2, used: 2))
        #expect(tool.callCount == 2)
        #expect(result.toolMessages.map(\.toolCallID) == ["c1", "c2"])
    }

    @Test("maxTokens stops the run as soon as a response goes over the limit")
    func maxTokensExceeded() async throws {
        let tool = RecordingTool(try makeSpec("ping"))
        let usage = TokenUsage(input: 40, output: 20)
        let model = ScriptedModel([.call("c1", "ping", "{}", usage: usage), .call("c2", "ping", "{}", usage: usage), .answer("never")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxTokens: 100)), events: sink
        ).run("Go")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .tokens, limit: 100, used: 120))
        #expect(result.steps == 2)
        #expect(result.usage == TokenUsage(input: 80, output: 40))
        #expect(tool.callCount == 1)
    }

    @Test("Reaching maxTokens exactly stops before the next model call")
    func maxTokensReached() async throws {
        let tool = RecordingTool(try makeSpec("ping"))
        let model = ScriptedModel([.call("c1", "ping", "{}", usage: TokenUsage(input: 70, output: 30)), .answer("never")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxTokens: 100)), events: sink
        ).run("Go")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .tokens, limit: 100, used: 100))
        #expect(tool.callCount == 1)
        #expect(model.requests.count == 1)
    }

    @Test("maxDuration stops the run once the clock passes the limit")
    func maxDuration() async throws {
        let clock = TestClock()
        let tool = RecordingTool(try makeSpec("slow_lookup"), latency: (clock, .milliseconds(600)))
        let model = ScriptedModel((1...3).map { .call("c\($0)", "slow_lookup", "{}") } + [.answer("never")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxDuration: .seconds(1))),
            clock: clock, events: sink
        ).run("Go")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .time, limit: 1000, used: 1200))
        #expect(tool.callCount == 2)
        #expect(result.steps == 2)
        #expect(result.duration == .milliseconds(1200))
    }

    @Test("maxDuration also stops between calls of one response")
    func maxDurationWithinResponse() async throws {
        let clock = TestClock()
        let tool = RecordingTool(try makeSpec("slow_lookup"), latency: (clock, .milliseconds(700)))
        let calls = (1...3).map { ToolCall(id: "c\($0)", name: "slow_lookup", arguments: "{}") }
        let model = ScriptedModel([ModelResponse(toolCalls: calls), .answer("never")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxDuration: .seconds(1))),
            clock: clock, events: sink
        ).run("Go")
        expectBudgetStop(result, sink.events, BudgetStop(kind: .time, limit: 1000, used: 1400))
        #expect(tool.callCount == 2)
    }

    @Test("A budget stop describes itself with its unit", arguments: [
        (BudgetStop(kind: .steps, limit: 6, used: 6), "steps budget exhausted: used 6 of 6"),
        (BudgetStop(kind: .toolCalls, limit: 4, used: 4), "tool_calls budget exhausted: used 4 of 4"),
        (BudgetStop(kind: .tokens, limit: 100, used: 120), "tokens budget exhausted: used 120 of 100"),
        (BudgetStop(kind: .time, limit: 1000, used: 1200), "time budget exhausted: used 1200 ms of 1000 ms"),
    ])
    func description(stop: BudgetStop, expected: String) {
        #expect(stop.description == expected)
    }
}
