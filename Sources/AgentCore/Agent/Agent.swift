/// The perceive–decide–act loop: ask the model, run the tools it asks for, feed the results back.
///
/// Every dependency is passed in. The agent touches the world only through its edges — the model,
/// the tools, the approver and the clock — and reports each crossing to its event sink.
///
/// ```swift
/// let agent = Agent(model: model, tools: tools, configuration: configuration,
///                   approver: approver, clock: SystemClock(), events: DiscardingEventSink())
/// let result = await agent.run("Refund order NW-20931.")
/// ```
public struct Agent: Sendable {
    public let model: any Model
    public let configuration: AgentConfiguration
    public let approver: any Approver
    public let clock: any AgentClock
    public let events: any EventSink
    private let tools: [String: any Tool]
    private let offeredSpecs: [ToolSpec]

    /// Creates an agent. Tools outside `configuration.allowedTools` are not offered to the model,
    /// and a call to one is refused.
    public init(
        model: any Model, tools: [any Tool], configuration: AgentConfiguration,
        approver: any Approver, clock: any AgentClock, events: any EventSink
    ) {
        self.model = model
        self.configuration = configuration
        self.approver = approver
        self.clock = clock
        self.events = events
        var byName: [String: any Tool] = [:]
        var unique: [any Tool] = []
        for tool in tools where byName[tool.spec.name] == nil {
            byName[tool.spec.name] = tool
            unique.append(tool)
        }
        self.tools = byName
        // With two tools of one name, the first is the one that runs, so it is the one offered.
        self.offeredSpecs = unique.map(\.spec).filter { configuration.allowedTools?.contains($0.name) ?? true }
    }

    /// Runs the loop on a task until the model answers or a budget ends it. Never throws: every
    /// failure of an edge becomes a result the model sees or a stop reason.
    public func run(_ prompt: String) async -> AgentRunResult {
        var run = RunState(messages: [.user(prompt)], start: clock.now)
        events.record(.started(prompt: prompt))
        while true {
            if let stop = budgetStop(before: .step, run) { return finish(run, .budget(stop)) }
            let step = run.steps + 1
            events.record(.modelRequest(step: step, messageCount: run.messages.count, tools: offeredSpecs.map(\.name)))
            let response: ModelResponse
            do {
                response = try await model.respond(to: ModelRequest(systemPrompt: configuration.systemPrompt, messages: run.messages, tools: offeredSpecs))
            } catch {
                run.steps = step
                let failure = error as? ModelError ?? ModelError(kind: "internal", message: String(describing: error))
                events.record(.modelFailed(step: step, error: failure))
                return finish(run, .modelFailed(failure))
            }
            run.steps = step
            run.usage = run.usage + response.usage
            events.record(.modelResponse(step: step, text: response.text, toolCalls: response.toolCalls, usage: response.usage))
            if let stop = budgetStop(before: .tokensCheck, run) { return finish(run, .budget(stop)) }
            guard !response.toolCalls.isEmpty else {
                let answer = response.text ?? ""
                run.messages.append(Message(role: .assistant, content: answer))
                events.record(.answered(text: answer))
                return finish(run, .answered(answer))
            }
            run.messages.append(Message(role: .assistant, content: response.text ?? "", toolCalls: response.toolCalls))
            for call in response.toolCalls {
                if let stop = budgetStop(before: .toolCall, run) { return finish(run, .budget(stop)) }
                run.toolCalls += 1
                let outcome = await perform(call)
                switch outcome {
                case .success(let result):
                    run.messages.append(Message(role: .tool, content: JSONWriter.compact(result), toolCallID: call.id))
                case .failure(let error):
                    run.messages.append(Message(role: .tool, content: JSONWriter.compact(error.json), toolCallID: call.id, isError: true))
                }
            }
        }
    }

    /// Checks the call, asks for approval when needed, and runs it (or records it in dry-run mode).
    private func perform(_ call: ToolCall) async -> Result<JSONValue, ToolError> {
        func reject(_ error: ToolError) -> Result<JSONValue, ToolError> {
            events.record(.toolRejected(call: call, error: error))
            return .failure(error)
        }
        guard let tool = tools[call.name] else {
            return reject(ToolError(.unknownTool, "There is no tool named \"\(call.name)\". Available: \(offeredSpecs.map(\.name).joined(separator: ", "))."))
        }
        guard configuration.allowedTools?.contains(call.name) ?? true else {
            return reject(ToolError(.notAllowed, "The tool \"\(call.name)\" is not permitted for this agent."))
        }
        var arguments: JSONValue
        do {
            let text = call.arguments.trimmingWhitespace()
            arguments = text.isEmpty ? .object(JSONObject()) : try JSONParser.parse(String(text))
        } catch {
            return reject(ToolError(.malformedArguments, "The arguments for \"\(call.name)\" are not valid JSON (\(error)). Send a JSON object."))
        }
        let spec = tool.spec
        if let problem = argumentProblem(arguments, spec) { return reject(problem) }

        let recordedOnly = configuration.dryRun && spec.risk.hasSideEffects
        if !recordedOnly && configuration.approvalPolicy.requiresApproval(spec) {
            events.record(.approvalRequested(callID: call.id, tool: spec.name, arguments: arguments))
            let decision = await approver.review(ApprovalRequest(callID: call.id, tool: spec, arguments: arguments))
            events.record(.approvalAnswered(callID: call.id, tool: spec.name, decision: decision))
            switch decision {
            case .approve:
                break
            case .deny(let reason):
                return .failure(ToolError(.permissionDenied, "A human reviewer denied this call: \(reason)", retryable: false))
            case .approveWithEdits(let edited):
                if let problem = argumentProblem(edited, spec) {
                    return .failure(ToolError(.invalid, "The reviewer's edited arguments are invalid: \(problem.message)", retryable: false))
                }
                arguments = edited
            }
        }

        if recordedOnly {
            events.record(.toolCalled(callID: call.id, tool: spec.name, arguments: arguments, dryRun: true))
            let result: JSONValue = ["dry_run": true, "tool": .string(spec.name), "arguments": arguments]
            events.record(.toolReturned(callID: call.id, tool: spec.name, result: result))
            return .success(result)
        }

        events.record(.toolCalled(callID: call.id, tool: spec.name, arguments: arguments, dryRun: false))
        do {
            let result = try await tool.call(arguments: arguments)
            events.record(.toolReturned(callID: call.id, tool: spec.name, result: result))
            return .success(result)
        } catch {
            let failure = error as? ToolError ?? ToolError(.internal, String(describing: error))
            events.record(.toolFailed(callID: call.id, tool: spec.name, error: failure))
            return .failure(failure)
        }
    }

    private func argumentProblem(_ arguments: JSONValue, _ spec: ToolSpec) -> ToolError? {
        let violations = spec.parameters.validate(arguments)
        guard !violations.isEmpty else { return nil }
        let details = violations.map { "\($0.pointer == .root ? "arguments" : "arguments\($0.pointer)"): \($0.message)" }
        return ToolError(.invalidArguments, "Invalid arguments for \"\(spec.name)\": \(details.joined(separator: "; ")).", retryable: false)
    }

    private enum Checkpoint { case step, tokensCheck, toolCall }

    private func budgetStop(before checkpoint: Checkpoint, _ run: RunState) -> BudgetStop? {
        let budgets = configuration.budgets
        let elapsed = clock.now - run.start
        if let limit = budgets.maxDuration, elapsed >= limit {
            return BudgetStop(kind: .time, limit: limit.milliseconds, used: elapsed.milliseconds)
        }
        if let limit = budgets.maxTokens, run.usage.total > limit || (checkpoint == .step && run.usage.total >= limit) {
            return BudgetStop(kind: .tokens, limit: Int64(limit), used: Int64(run.usage.total))
        }
        switch checkpoint {
        case .step:
            if let limit = budgets.maxSteps, run.steps >= limit {
                return BudgetStop(kind: .steps, limit: Int64(limit), used: Int64(run.steps))
            }
        case .toolCall:
            if let limit = budgets.maxToolCalls, run.toolCalls >= limit {
                return BudgetStop(kind: .toolCalls, limit: Int64(limit), used: Int64(run.toolCalls))
            }
        case .tokensCheck:
            break
        }
        return nil
    }

    private func finish(_ run: RunState, _ stop: AgentRunResult.Stop) -> AgentRunResult {
        if case .budget(let budget) = stop { events.record(.budgetExhausted(budget)) }
        return AgentRunResult(stop: stop, steps: run.steps, toolCalls: run.toolCalls, usage: run.usage, duration: clock.now - run.start, messages: run.messages)
    }

    private struct RunState {
        var messages: [Message]
        var start: Duration
        var steps = 0
        var toolCalls = 0
        var usage = TokenUsage()
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
