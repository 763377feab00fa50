import AgentCore
import Synchronization
import Testing

/// `Budgets.maxCallsPerTool`: past the limit a call is refused with `call_limit`, and the run goes on.
@Suite struct CallLimitTests {
    /// Fails with `errors`, in order, then returns `{"ok": true}`; counts its calls.
    final class FlakyTool: Tool {
        let spec: ToolSpec
        private let errors: [ToolError]
        private let count = Mutex(0)

        init(_ spec: ToolSpec, errors: [ToolError] = []) {
            self.spec = spec
            self.errors = errors
        }

        var calls: Int { count.withLock { $0 } }

        func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
            let index = count.withLock { value in
                value += 1
                return value - 1
            }
            if index < errors.count { throw errors[index] }
            return .json(["ok": true])
        }
    }

    static func call(_ id: String, _ tool: String) -> ModelResponse {
        .call(id, tool, "{}")
    }

    static func turn(_ result: AgentRunResult, _ id: String) throws -> JSONValue {
        try #require(result.messages.last { $0.role == .tool && $0.toolCallID == id }).contentJSON()
    }

    @Test("with a limit of 2, the third call to a tool is refused with call_limit (not retryable), and the model still answers")
    func thirdCallRefused() async throws {
        let tool = RecordingTool(try makeSpec("list_items"))
        let model = ScriptedModel([Self.call("c1", "list_items"), Self.call("c2", "list_items"), Self.call("c3", "list_items"), .answer("Here is what I found.")])
        let sink = CollectingEventSink()
        let agent = makeAgent(model: model, tools: [tool], configuration: AgentConfiguration(budgets: Budgets(maxCallsPerTool: 2)), events: sink)
        let result = await agent.run("List everything.")
        #expect(result.answer == "Here is what I found.")
        #expect(tool.callCount == 2)
        let refused = try Self.turn(result, "c3")
        #expect(refused["error"]?["kind"] == "call_limit")
        #expect(refused["error"]?["retryable"] == false)
        #expect(refused["error"]?["message"]?.stringValue?.hasPrefix("list_items was already called 2 times in this run") == true)
        #expect(try Self.turn(result, "c2") == ["ok": true])
        #expect(sink.events.filter { $0.label == "toolRejected" }.count == 1)
        #expect(sink.events.filter { $0.label == "budgetExhausted" }.isEmpty)
    }

    @Test("the limit counts calls per tool: another tool is unaffected after one reaches its limit")
    func perTool() async throws {
        let first = RecordingTool(try makeSpec("list_items"))
        let second = RecordingTool(try makeSpec("get_item"))
        let model = ScriptedModel([
            Self.call("c1", "list_items"), Self.call("c2", "list_items"),
            Self.call("c3", "get_item"), .answer("Done."),
        ])
        let agent = makeAgent(model: model, tools: [first, second], configuration: AgentConfiguration(budgets: Budgets(maxCallsPerTool: 1)))
        let result = await agent.run("Go.")
        #expect(result.answer == "Done.")
        #expect(first.callCount == 1)
        #expect(second.callCount == 1)
        #expect(try Self.turn(result, "c2")["error"]?["kind"] == "call_limit")
        #expect(try Self.turn(result, "c3") == ["ok": true])
    }

    @Test("core retries of one call do not count against the limit: three attempts are one call, and the next call is the one refused")
    func retriesDoNotCount() async throws {
        let tool = FlakyTool(try makeSpec("list_items"), errors: Array(repeating: ToolError(.unavailable, "try later"), count: 2))
        let model = ScriptedModel([Self.call("c1", "list_items"), Self.call("c2", "list_items"), .answer("Done.")])
        let retry = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(100), multiplier: 2, maxDelay: .seconds(1), jitter: .none, maxRetryAfter: .seconds(1))
        let configuration = AgentConfiguration(budgets: Budgets(maxCallsPerTool: 1), resilience: ResilienceConfiguration(retry: retry))
        let result = await makeAgent(model: model, tools: [tool], configuration: configuration).run("Go.")
        #expect(tool.calls == 3)
        #expect(try Self.turn(result, "c1") == ["ok": true])
        #expect(try Self.turn(result, "c2")["error"]?["kind"] == "call_limit")
        #expect(result.answer == "Done.")
    }

    @Test("without a limit, the same tool may be called as often as the model asks")
    func noLimit() async throws {
        let tool = RecordingTool(try makeSpec("list_items"))
        let model = ScriptedModel((1...5).map { Self.call("c\($0)", "list_items") } + [.answer("Done.")])
        let result = await makeAgent(model: model, tools: [tool]).run("Go.")
        #expect(tool.callCount == 5)
        #expect(result.answer == "Done.")
    }
}
