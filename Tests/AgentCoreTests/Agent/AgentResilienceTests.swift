import AgentCore
import Synchronization
import Testing

/// The agent loop's resilience, with test doubles only: retries and backoff, Retry-After,
/// idempotency keys, the circuit breaker, fallbacks, context trimming, approval timeouts, budgets.
@Suite struct AgentResilienceTests {
    /// Fails with `errors`, in order, then returns `result`; records every call's context.
    final class FailingTool: Tool {
        let spec: ToolSpec
        private let errors: [ToolError]
        private let result: JSONValue
        private let log = Mutex<[ToolCallContext]>([])

        init(_ spec: ToolSpec, errors: [ToolError], result: JSONValue = ["ok": true]) {
            self.spec = spec
            self.errors = errors
            self.result = result
        }

        var contexts: [ToolCallContext] { log.withLock { $0 } }
        var callCount: Int { contexts.count }

        func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
            let index = log.withLock { log in
                log.append(context)
                return log.count - 1
            }
            if index < errors.count { throw errors[index] }
            return .json(result)
        }
    }

    /// A `TestClock` whose zero is a calendar date, so HTTP dates can be read.
    final class DatedClock: AgentClock {
        let base = TestClock()
        let epoch: HTTPInstant?

        init(epoch: HTTPInstant) {
            self.epoch = epoch
        }

        var now: Duration { base.now }
        func sleep(for duration: Duration) async throws { try await base.sleep(for: duration) }
        func withTimeout<Value: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> Value) async throws -> Value {
            try await base.withTimeout(limit, operation)
        }
    }

    /// An approver who answers after `delay` on `clock`.
    struct SlowApprover: Approver {
        let clock: TestClock
        let delay: Duration
        func review(_ request: ApprovalRequest) async -> ApprovalDecision {
            try? await clock.sleep(for: delay)
            return .approve
        }
    }

    static func retry(_ maxAttempts: Int, jitter: RetryPolicy.Jitter = .none) -> RetryPolicy {
        RetryPolicy(maxAttempts: maxAttempts, initialDelay: .milliseconds(200), multiplier: 2, maxDelay: .seconds(20), jitter: jitter, maxRetryAfter: .seconds(60))
    }

    static func unavailable(_ count: Int) -> [ToolError] {
        Array(repeating: ToolError(.unavailable, "try later"), count: count)
    }

    static func retryDelays(_ events: [AgentEvent]) -> [Duration] {
        events.compactMap { event in
            if case .retryScheduled(_, _, _, let delay, _) = event { return delay }
            return nil
        }
    }

    static let call = ToolCall(id: "c1", name: "lookup", arguments: "{}")

    // MARK: Retry with backoff

    @Test("without jitter, three transient failures wait 200, 400 and 800 ms, and the fourth attempt succeeds")
    func backoffWithoutJitter() async throws {
        let tool = FailingTool(try makeSpec("lookup"), errors: Self.unavailable(3))
        let clock = TestClock()
        let sink = CollectingEventSink()
        let model = ScriptedModel([ModelResponse(toolCalls: [Self.call]), .answer("Done.")])
        let agent = makeAgent(model: model, tools: [tool], configuration: AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(4))), clock: clock, events: sink)
        let result = await agent.run("Look it up.")
        #expect(result.answer == "Done.")
        #expect(Self.retryDelays(sink.events) == [.milliseconds(200), .milliseconds(400), .milliseconds(800)])
        #expect(sink.events.contains(.retryScheduled(target: "lookup", callID: "c1", attempt: 2, delay: .milliseconds(200), errorClass: .transient)))
        #expect(tool.contexts.map(\.attempt) == [1, 2, 3, 4])
        #expect(tool.contexts.allSatisfy { $0.callID == "c1" })
        #expect(clock.now == .milliseconds(1400))
        #expect(result.toolCalls == 4)
        #expect(try result.toolMessages.first?.contentJSON() == ["ok": true])
    }

    @Test("full jitter: the same jitter seed gives the same delays, each under its backoff; another seed gives others")
    func fullJitter() async throws {
        func delays(_ seed: UInt64) async throws -> [Duration] {
            let tool = FailingTool(try makeSpec("lookup"), errors: Self.unavailable(3))
            let sink = CollectingEventSink()
            let model = ScriptedModel([ModelResponse(toolCalls: [Self.call]), .answer("Done.")])
            let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(4, jitter: .full)), jitterSeed: seed)
            _ = await makeAgent(model: model, tools: [tool], configuration: configuration, events: sink).run("Look it up.")
            return Self.retryDelays(sink.events)
        }
        let first = try await delays(9)
        #expect(first.count == 3)
        #expect(try await delays(9) == first)
        for (index, delay) in first.enumerated() {
            #expect(delay >= .zero && delay < .milliseconds(200 << index), "retry \(index + 1): \(delay)")
        }
        #expect(try await delays(10) != first)
    }

    @Test("a Retry-After the server sends is the delay when at most 60 s; an HTTP date needs a clock with a calendar", arguments: [
        (RetryAfter.milliseconds(1500), true, Duration.milliseconds(1500)),
        (.milliseconds(60_000), false, .seconds(60)),
        (.milliseconds(60_001), false, .milliseconds(200)),
        (.header("2"), false, .seconds(2)),
        (.header("Thu, 01 Jan 2026 00:00:07 GMT"), true, .seconds(7)),
        (.header("Thu, 01 Jan 2026 00:00:07 GMT"), false, .milliseconds(200)),
        (.header("soon"), false, .milliseconds(200)),
    ])
    func retryAfter(hint: RetryAfter, dated: Bool, expected: Duration) async throws {
        let tool = FailingTool(try makeSpec("lookup"), errors: [ToolError(.rateLimited, "slow down", retryAfter: hint)])
        let sink = CollectingEventSink()
        let model = ScriptedModel([ModelResponse(toolCalls: [Self.call]), .answer("Done.")])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3)))
        let clock: any AgentClock = dated ? DatedClock(epoch: HTTPInstant(secondsSince1970: 1_767_225_600)) : TestClock()
        let agent = Agent(model: model, tools: [tool], configuration: configuration, approver: ScriptedApprover(), clock: clock, events: sink)
        let result = await agent.run("Go.")
        #expect(result.answer == "Done.")
        #expect(sink.events.contains(.retryScheduled(target: "lookup", callID: "c1", attempt: 2, delay: expected, errorClass: .rateLimited)))
        #expect(clock.now == expected)
    }

    // MARK: Idempotency

    @Test("a write that timed out is not retried without an idempotency key: it may already have been applied")
    func writeWithoutKeyNotRetried() async throws {
        let tool = FailingTool(try makeSpec("refund", risk: .write), errors: [ToolError(.timeout, "no answer")])
        let sink = CollectingEventSink()
        let model = ScriptedModel([.call("c1", "refund", "{}"), .answer("Done.")])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3)))
        _ = await makeAgent(model: model, tools: [tool], configuration: configuration, events: sink).run("Refund.")
        #expect(tool.callCount == 1)
        #expect(tool.contexts.first?.idempotencyKey == nil)
        #expect(Self.retryDelays(sink.events).isEmpty)
    }

    @Test("with idempotency keys, the write is retried under one key for all its attempts; reads get none")
    func writeWithKeyRetried() async throws {
        let write = FailingTool(try makeSpec("refund", risk: .write), errors: [ToolError(.timeout, "no answer")])
        let read = FailingTool(try makeSpec("lookup"), errors: [ToolError(.timeout, "no answer")])
        let model = ScriptedModel([ModelResponse(toolCalls: [ToolCall(id: "c1", name: "refund", arguments: "{}"), ToolCall(id: "c2", name: "lookup", arguments: "{}")]), .answer("Done.")])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3), idempotencyKeys: true))
        _ = await makeAgent(model: model, tools: [write, read], configuration: configuration).run("Refund.")
        #expect(write.contexts.map(\.attempt) == [1, 2])
        let key = Agent.idempotencyKey(run: "run", tool: "refund", arguments: .object(JSONObject()))
        #expect(key.hasPrefix("run-refund-"))
        #expect(write.contexts.map(\.idempotencyKey) == [key, key])
        #expect(read.contexts.map(\.idempotencyKey) == [nil, nil])
    }

    // MARK: Circuit breaker

    @Test("the breaker opens after the minimum calls fail; its rejections never reach the tool and are never retried; a probe after the open duration closes it")
    func breaker() async throws {
        let tool = FailingTool(try makeSpec("lookup"), errors: Self.unavailable(2))
        let clock = TestClock()
        let sink = CollectingEventSink()
        // Every model answer takes 5 s, so time moves on between the model's own retries.
        let model = ScriptedModel([.call("c1", "lookup", "{}"), .call("c2", "lookup", "{}"), .call("c3", "lookup", "{}"), .answer("Done.")], latency: (clock, .seconds(5)))
        let breaker = CircuitBreaker.Configuration(windowSize: 2, minimumCalls: 2, openDuration: .seconds(10))
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: RetryPolicy(maxAttempts: 3, initialDelay: .seconds(1), jitter: .none), breaker: breaker))
        let result = await makeAgent(model: model, tools: [tool], configuration: configuration, clock: clock, events: sink).run("Look.")
        #expect(result.answer == "Done.")
        // c1: fails at 5 s and 6 s (open), retry at 8 s rejected; c2 at 13 s rejected; c3 at 18 s ≥ 6 + 10: the probe.
        #expect(tool.callCount == 3)
        let breakerEvents = sink.events.filter { ["breakerChanged", "breakerRejected", "retryScheduled"].contains($0.label) }
        #expect(breakerEvents == [
            .retryScheduled(target: "lookup", callID: "c1", attempt: 2, delay: .seconds(1), errorClass: .transient),
            .breakerChanged(dependency: "lookup", from: .closed, to: .open),
            .retryScheduled(target: "lookup", callID: "c1", attempt: 3, delay: .seconds(2), errorClass: .transient),
            .breakerRejected(dependency: "lookup"),
            .breakerRejected(dependency: "lookup"),
            .breakerChanged(dependency: "lookup", from: .open, to: .halfOpen),
            .breakerChanged(dependency: "lookup", from: .halfOpen, to: .closed),
        ])
        let rejected = try result.toolMessages.map { try $0.contentJSON()["error"]?["kind"] }
        #expect(rejected == ["circuit_open", "circuit_open", nil])
    }

    // MARK: Fallbacks

    @Test("a tool that keeps failing is replaced by its fallback, with the same arguments; the model gets the fallback's result")
    func fallbackTool() async throws {
        let primary = RecordingTool(try makeSpec("search"), throwing: ToolError(.unavailable, "down"))
        let backup = RecordingTool(try makeSpec("search_backup"), returning: ["hits": 3])
        let call = ToolCall(id: "c1", name: "search", arguments: #"{"q": "kettle"}"#)
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(2), fallbackTools: ["search": "search_backup"]))
        let run = try await runSingleCall(call, tools: [primary, backup], configuration: configuration)
        #expect(primary.callCount == 2)
        #expect(backup.receivedArguments == [["q": "kettle"]])
        #expect(run.events.contains(.fallback(from: "search", to: "search_backup", errorClass: .transient)))
        #expect(run.content == ["hits": 3])
        #expect(!run.toolMessage.isError)
    }

    @Test("a permanent failure such as not_found does not fall back: another tool would not know better")
    func noFallbackOnPermanent() async throws {
        let primary = RecordingTool(try makeSpec("search"), throwing: ToolError(.notFound, "no such order"))
        let backup = RecordingTool(try makeSpec("search_backup"))
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(fallbackTools: ["search": "search_backup"]))
        let run = try await runSingleCall(ToolCall(id: "c1", name: "search", arguments: "{}"), tools: [primary, backup], configuration: configuration)
        #expect(backup.callCount == 0)
        #expect(!run.labels.contains("fallback"))
        #expect(run.errorKind == "not_found")
    }

    @Test("BUG: a fallback call is not checked against max_tool_calls, so the run makes more tool calls than its budget")
    func fallbackWithinToolCallBudget() async throws {
        let primary = RecordingTool(try makeSpec("search"), throwing: ToolError(.unavailable, "down"))
        let backup = RecordingTool(try makeSpec("search_backup"))
        let model = ScriptedModel([.call("c1", "search", "{}"), .answer("Done.")])
        let configuration = AgentConfiguration(
            budgets: Budgets(maxToolCalls: 1), resilience: ResilienceConfiguration(fallbackTools: ["search": "search_backup"]))
        let result = await makeAgent(model: model, tools: [primary, backup], configuration: configuration).run("Search.")
        #expect(primary.callCount == 1)
        #expect(result.toolCalls <= 1)
        #expect(backup.callCount == 0)
    }

    @Test("BUG: a fallback tool that needs approval runs without anyone approving it")
    func fallbackNeedsApproval() async throws {
        let primary = RecordingTool(try makeSpec("search"), throwing: ToolError(.unavailable, "down"))
        let backup = RecordingTool(try makeSpec("search_paid", needsApproval: true))
        let approver = ScriptedApprover()  // denies everything
        let sink = CollectingEventSink()
        let model = ScriptedModel([.call("c1", "search", "{}"), .answer("Done.")])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(fallbackTools: ["search": "search_paid"]))
        _ = await makeAgent(model: model, tools: [primary, backup], configuration: configuration, approver: approver, events: sink).run("Search.")
        #expect(backup.callCount == 0)
        #expect(approver.requests.map(\.tool.name) == ["search_paid"])
    }

    @Test("when the model keeps failing, the fallback model answers")
    func fallbackModel() async throws {
        let primary = ScriptedModel(results: Array(repeating: .failure(ModelError(kind: "unavailable", message: "overloaded")), count: 3))
        let secondary = ScriptedModel([.answer("From the backup.")])
        let sink = CollectingEventSink()
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3)))
        let agent = Agent(model: primary, fallbackModel: secondary, tools: [], configuration: configuration, approver: ScriptedApprover(), clock: TestClock(), events: sink)
        let result = await agent.run("Hi.")
        #expect(result.answer == "From the backup.")
        #expect(primary.requests.count == 3)
        #expect(sink.events.contains(.fallback(from: "model", to: "fallback_model", errorClass: .transient)))
        #expect(Self.retryDelays(sink.events) == [.milliseconds(200), .milliseconds(400)])
    }

    @Test("BUG: once the model's breaker opens, the fallback model is rejected by the same breaker and never asked")
    func fallbackModelBehindOpenBreaker() async throws {
        let primary = ScriptedModel(results: Array(repeating: .failure(ModelError(kind: "unavailable", message: "overloaded")), count: 5))
        let secondary = ScriptedModel([.answer("From the backup.")])
        let sink = CollectingEventSink()
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(
            retry: Self.retry(3), breaker: CircuitBreaker.Configuration(windowSize: 2, minimumCalls: 2, openDuration: .seconds(60))))
        let agent = Agent(model: primary, fallbackModel: secondary, tools: [], configuration: configuration, approver: ScriptedApprover(), clock: TestClock(), events: sink)
        let result = await agent.run("Hi.")
        // Two failures open the model's breaker; the third attempt is rejected, which triggers the fallback.
        #expect(primary.requests.count == 2)
        #expect(sink.events.contains(.breakerChanged(dependency: "model", from: .closed, to: .open)))
        #expect(sink.events.contains { $0.label == "fallback" })
        #expect(secondary.requests.count == 1)
        #expect(result.answer == "From the backup.")
    }

    @Test("a content filter refusal is neither retried nor handed to the fallback model")
    func contentFilterIsFinal() async throws {
        let primary = ScriptedModel(results: [.failure(ModelError(kind: "content_filter", message: "blocked"))])
        let secondary = ScriptedModel([.answer("From the backup.")])
        let sink = CollectingEventSink()
        let agent = Agent(
            model: primary, fallbackModel: secondary, tools: [], configuration: AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3))),
            approver: ScriptedApprover(), clock: TestClock(), events: sink)
        let result = await agent.run("Hi.")
        #expect(result.stop == .modelFailed(ModelError(kind: "content_filter", message: "blocked")))
        #expect(secondary.requests.isEmpty)
        #expect(Self.retryDelays(sink.events).isEmpty)
    }

    // MARK: Context length

    @Test("a context overflow trims the oldest tool result and asks again, once; without trimming it is final")
    func contextTrimming() async throws {
        for trim in [true, false] {
            let tool = RecordingTool(try makeSpec("lookup"), returning: ["big": "payload"])
            let model = ScriptedModel(results: [
                .success(.call("c1", "lookup", "{}")), .success(.call("c2", "lookup", "{}")),
                .failure(ModelError(kind: "context_length_exceeded", message: "too long")), .success(.answer("Done.")),
            ])
            let sink = CollectingEventSink()
            let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3), trimContextOnOverflow: trim))
            let result = await makeAgent(model: model, tools: [tool], configuration: configuration, events: sink).run("Look twice.")
            #expect(Self.retryDelays(sink.events).isEmpty, "trim \(trim)")
            if trim {
                #expect(result.answer == "Done.")
                #expect(sink.events.contains(.contextTrimmed(step: 3, removed: 1)))
                let retried = try #require(model.requests.last)
                #expect(retried.messages.filter { $0.role == .tool }.map(\.content) == [
                    #"{"note":"result removed to fit the context window"}"#, #"{"big":"payload"}"#,
                ])
            } else {
                #expect(result.stop == .modelFailed(ModelError(kind: "context_length_exceeded", message: "too long")))
                #expect(!sink.events.contains { $0.label == "contextTrimmed" })
            }
        }
    }

    // MARK: Result validation

    /// Returns fixed raw bytes, as a broken upstream would.
    struct BytesTool: Tool {
        let spec: ToolSpec
        let bytes: [UInt8]
        func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput { .bytes(bytes) }
    }

    @Test("a result that breaks the tool's result schema is malformed_result, not retried, and never reaches the model as data")
    func resultValidation() async throws {
        var spec = try makeSpec("lookup")
        spec.result = try schema(#"{"type": "object", "properties": {"status": {"type": "string"}}, "required": ["status"]}"#)
        let tool = RecordingTool(spec, returning: ["state": "shipped"])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(retry: Self.retry(3), validateResults: true))
        let run = try await runSingleCall(ToolCall(id: "c1", name: "lookup", arguments: "{}"), tools: [tool], configuration: configuration)
        #expect(tool.callCount == 1)
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "malformed_result")
        #expect(run.content.objectValue?.keys == ["error"])
    }

    @Test("bytes that are not JSON are malformed_result even without validation")
    func unparseableBytes() async throws {
        let tool = BytesTool(spec: try makeSpec("lookup"), bytes: Array(#"{"status": "ship"#.utf8))
        let run = try await runSingleCall(ToolCall(id: "c1", name: "lookup", arguments: "{}"), tools: [tool])
        #expect(run.errorKind == "malformed_result")
    }

    @Test("BUG: bytes that are not UTF-8 are malformed_result, even when the bad bytes sit inside a JSON string")
    func nonUTF8Bytes() async throws {
        let bytes = Array(#"{"status": ""#.utf8) + [0xFF, 0xFE, 0xC0] + Array(#"shipped"}"#.utf8)
        #expect(String(validating: bytes, as: UTF8.self) == nil)
        let tool = BytesTool(spec: try makeSpec("lookup"), bytes: bytes)
        let run = try await runSingleCall(ToolCall(id: "c1", name: "lookup", arguments: "{}"), tools: [tool])
        #expect(run.errorKind == "malformed_result")
        #expect(run.toolMessage.isError)
    }

    // MARK: Approval timeout

    @Test("an approver slower than the approval timeout: approval_timed_out after the limit, the call denied and never made")
    func approvalTimeout() async throws {
        let clock = TestClock()
        let tool = RecordingTool(try makeSpec("refund", risk: .write, needsApproval: true))
        let sink = CollectingEventSink()
        let model = ScriptedModel([.call("c1", "refund", "{}"), .answer("Done.")])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(approvalTimeout: .seconds(300)))
        let result = await makeAgent(
            model: model, tools: [tool], configuration: configuration, approver: SlowApprover(clock: clock, delay: .seconds(3600)), clock: clock, events: sink
        ).run("Refund.")
        #expect(tool.callCount == 0)
        #expect(sink.events.contains(.approvalTimedOut(callID: "c1", tool: "refund", after: .seconds(300))))
        #expect(!sink.events.contains { $0.label == "approvalAnswered" })
        #expect(try result.toolMessages.first?.contentJSON()["error"]?["kind"] == "permission_denied")
    }

    // MARK: Budgets

    @Test("model retries count against max_steps; BUG: the last retry, which the budget forbids, is still scheduled and slept")
    func modelRetriesWithinStepBudget() async throws {
        let clock = TestClock()
        let sink = CollectingEventSink()
        let model = ScriptedModel(results: Array(repeating: .failure(ModelError(kind: "unavailable", message: "overloaded")), count: 5) + [.success(.answer("Done."))])
        let configuration = AgentConfiguration(budgets: Budgets(maxSteps: 2), resilience: ResilienceConfiguration(retry: Self.retry(5)))
        let result = await makeAgent(model: model, tools: [], configuration: configuration, clock: clock, events: sink).run("Hi.")
        #expect(model.requests.count == 2)
        #expect(result.steps == 2)
        #expect(result.stop == .budget(BudgetStop(kind: .steps, limit: 2, used: 2)))
        #expect(Self.retryDelays(sink.events) == [.milliseconds(200)])
        #expect(clock.now == .milliseconds(200))
    }

    @Test("retries count against max_tool_calls: a retry that would exceed it is not made")
    func retriesWithinToolCallBudget() async throws {
        let tool = FailingTool(try makeSpec("lookup"), errors: Self.unavailable(100))
        let model = ScriptedModel([.call("c1", "lookup", "{}"), .call("c2", "lookup", "{}"), .answer("Done.")])
        let configuration = AgentConfiguration(budgets: Budgets(maxToolCalls: 3), resilience: ResilienceConfiguration(retry: Self.retry(10)))
        let result = await makeAgent(model: model, tools: [tool], configuration: configuration).run("Look.")
        #expect(tool.callCount == 3)
        #expect(result.toolCalls == 3)
        #expect(result.stop == .budget(BudgetStop(kind: .toolCalls, limit: 3, used: 3)))
    }
}
