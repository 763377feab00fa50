import Synchronization

/// The perceive–decide–act loop: ask the model, run the tools it asks for, feed the results back.
///
/// Every dependency is passed in. The agent touches the world only through its edges — the model,
/// the tools, the approver and the clock — and reports each crossing to its event sink. Its
/// `resilience` settings decide how it survives edges that fail: retries with backoff and jitter,
/// a circuit breaker per dependency, timeouts, fallbacks, result validation, context trimming.
///
/// ```swift
/// let agent = Agent(model: model, tools: tools, configuration: configuration,
///                   approver: approver, clock: SystemClock(), events: DiscardingEventSink())
/// let result = await agent.run("Refund order NW-20931.")
/// ```
public struct Agent: Sendable {
    public let model: any Model
    /// Asked when the primary model keeps failing.
    public let fallbackModel: (any Model)?
    public let configuration: AgentConfiguration
    public let approver: any Approver
    public let clock: any AgentClock
    public let events: any EventSink
    /// Where the run checkpoints after every step that changes its state; nil: it does not.
    public let checkpoints: (any CheckpointStore)?
    let tools: [String: any Tool]
    let offeredSpecs: [ToolSpec]
    let breakers: [String: CircuitBreaker]

    /// Creates an agent. Tools outside `configuration.allowedTools` are not offered to the model,
    /// and a call to one is refused.
    public init(
        model: any Model, fallbackModel: (any Model)? = nil, tools: [any Tool], configuration: AgentConfiguration,
        approver: any Approver, clock: any AgentClock, events: any EventSink, checkpoints: (any CheckpointStore)? = nil
    ) {
        self.checkpoints = checkpoints
        self.model = model
        self.fallbackModel = fallbackModel
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
        var breakers: [String: CircuitBreaker] = [:]
        if let breaker = configuration.resilience.breaker {
            for name in byName.keys { breakers[name] = CircuitBreaker(configuration: breaker) }
            breakers[Agent.modelDependency] = CircuitBreaker(configuration: breaker)
            breakers[Agent.fallbackModelDependency] = CircuitBreaker(configuration: breaker)
        }
        self.breakers = breakers
    }

    /// The dependency name of the model in events and breakers.
    public static let modelDependency = "model"
    /// The dependency name of the fallback model, which has a breaker of its own.
    public static let fallbackModelDependency = "fallback_model"

    /// Runs the loop on a task until the model answers or a budget ends it. Never throws: every
    /// failure of an edge becomes a result the model sees or a stop reason.
    public func run(_ prompt: String) async -> AgentRunResult {
        let run = RunState(messages: [.user(prompt)], start: clock.now)
        events.record(.started(prompt: prompt))
        await saveCheckpoint(run)
        return await drive(run)
    }

    /// Continues a run from the latest good checkpoint in `checkpoints`, as after a crash. Calls the
    /// checkpoint asked for whose results it does not hold are made again; their idempotency keys
    /// are named by the operation, so a write that did happen before the crash is applied once.
    ///
    /// A run parked on an approval goes on with `approval`, the human's decision, and makes the
    /// call without asking again; without a decision (or with `.deferred`) it stays parked.
    /// - Throws: `CheckpointError` when there is no store, no good checkpoint, it cannot be read,
    ///   or a decision is given for a run that is not waiting for one.
    public func resume(approval decision: ApprovalDecision? = nil) async throws(CheckpointError) -> AgentRunResult {
        guard let store = checkpoints else { throw .nothingToResume }
        let recovery = try await store.latest()
        guard let checkpoint = recovery.checkpoint else { throw .nothingToResume }
        let snapshot = try RunSnapshot(json: checkpoint.state)
        var parked: ApprovalRequest?
        if let pending = snapshot.pendingApproval {
            guard let tool = tools[pending.tool] else { throw .malformed("/pending_approval/tool: no tool named \"\(pending.tool)\"") }
            parked = ApprovalRequest(callID: pending.callID, tool: tool.spec, arguments: pending.arguments)
        } else if let decision {
            throw .noPendingApproval(decision: decision.label)
        }
        let run = RunState(messages: snapshot.messages, start: clock.now - snapshot.elapsed)
        run.update {
            $0.steps = snapshot.steps
            $0.turns = snapshot.turns
            $0.toolCalls = snapshot.toolCalls
            $0.usage = snapshot.usage
            $0.callsPerTool = snapshot.callsPerTool
            $0.tracked = snapshot.tracked
            $0.approvals = snapshot.approvals
            $0.parked = parked
            $0.lastCheckpoint = checkpoint.sequence
        }
        events.record(.resumed(sequence: checkpoint.sequence, skipped: recovery.skipped))
        // A run that had answered is over; it is not asked again.
        if parked == nil, let last = snapshot.messages.last, last.role == .assistant, last.toolCalls.isEmpty {
            return finish(run, .answered(last.content))
        }
        if let request = parked {
            guard let decision else { return finish(run, .awaitingApproval(request)) }
            if case .deferred = decision { return finish(run, .awaitingApproval(request)) }
            events.record(.approvalAnswered(callID: request.callID, tool: request.tool.name, decision: decision))
            run.update {
                $0.approvals[Self.approvalKey(callID: request.callID, tool: request.tool.name, arguments: request.arguments)] = decision
                $0.parked = nil
            }
            await saveCheckpoint(run)
        }
        return await drive(run)
    }

    private func drive(_ run: RunState) async -> AgentRunResult {
        guard let limit = configuration.budgets.maxDuration else {
            return finish(run, await loop(run))
        }
        // The time budget is a deadline over the whole run, so it also cuts a backoff sleep or a
        // hung call short instead of being noticed only between steps.
        do {
            // A resumed run has only the time its checkpoint had left.
            let left = max(.zero, limit - (clock.now - run.start))
            let stop = try await clock.withTimeout(left) { await self.loop(run) }
            return finish(run, stop)
        } catch {
            let used = (clock.now - run.start).milliseconds
            return finish(run, .budget(BudgetStop(kind: .time, limit: limit.milliseconds, used: used)))
        }
    }

    private func loop(_ run: RunState) async -> AgentRunResult.Stop {
        // A resumed run may hold calls the model asked for whose results were never checkpointed.
        if let stop = await performPending(run) { return stop }
        while true {
            if Task.isCancelled { return .budget(timeStop(run)) }
            if let stop = budgetStop(before: .step, run) { return .budget(stop) }
            let step = run.turns + 1
            let response: ModelResponse
            switch await ask(step: step, run) {
            case .success(let answer):
                response = answer
            case .failure(let failure):
                if Task.isCancelled { return .budget(timeStop(run)) }
                if let stop = budgetStop(before: .step, run) { return .budget(stop) }
                return .modelFailed(failure)
            }
            run.update {
                $0.turns = step
                $0.usage = $0.usage + response.usage
            }
            events.record(.modelResponse(step: step, text: response.text, toolCalls: response.toolCalls, usage: response.usage))
            if let stop = budgetStop(before: .tokensCheck, run) { return .budget(stop) }
            guard !response.toolCalls.isEmpty else {
                let answer = response.text ?? ""
                run.update { $0.messages.append(Message(role: .assistant, content: answer)) }
                await saveCheckpoint(run)
                events.record(.answered(text: answer))
                return .answered(answer)
            }
            run.update { $0.messages.append(Message(role: .assistant, content: response.text ?? "", toolCalls: response.toolCalls)) }
            await saveCheckpoint(run)
            if let stop = await performPending(run) { return stop }
        }
    }

    /// Makes the calls of the last assistant turn that have no result yet, in order, checkpointing
    /// after each result; a stop when a budget or cancellation ends the run.
    private func performPending(_ run: RunState) async -> AgentRunResult.Stop? {
        let messages = run.snapshot.messages
        guard let index = messages.lastIndex(where: { $0.role == .assistant }), !messages[index].toolCalls.isEmpty else { return nil }
        let answered = Set(messages[(index + 1)...].compactMap(\.toolCallID))
        for call in messages[index].toolCalls where !answered.contains(call.id) {
            if let stop = budgetStop(before: .toolCall, run) { return .budget(stop) }
            var outcome = await perform(call, run)
            if let parked = run.snapshot.parked {
                // Nothing more happens until the decision comes: checkpoint and stop. A run whose
                // parking could not be saved could never be resumed, so it does not wait.
                events.record(.approvalParked(callID: parked.callID, tool: parked.tool.name))
                for _ in 0..<Self.parkingSaveAttempts where await saveCheckpoint(run) { return .awaitingApproval(parked) }
                run.update {
                    $0.parked = nil
                    $0.toolCalls += 1
                    $0.callsPerTool[call.name, default: 0] += 1
                }
                let error = ToolError(.approvalPending, "The reviewer will decide later, and the run could not be checkpointed to wait for the decision; the call was not made.", retryable: false)
                events.record(.toolRejected(call: call, error: error))
                outcome = .failure(error)
            }
            if Task.isCancelled { return .budget(timeStop(run)) }
            run.update { state in
                switch outcome {
                case .success(let result):
                    state.messages.append(Message(role: .tool, content: JSONWriter.compact(result), toolCallID: call.id))
                case .failure(let error):
                    state.messages.append(Message(role: .tool, content: JSONWriter.compact(error.json), toolCallID: call.id, isError: true))
                }
            }
            await saveCheckpoint(run)
        }
        return nil
    }

    /// How often the checkpoint of a parked run is tried before the run gives the call up: a run
    /// that parks without it could never resume.
    static let parkingSaveAttempts = 3

    /// Saves the run's state as the next checkpoint, when there is a store. A failed save is
    /// reported and the run goes on: losing a checkpoint costs a redo after a crash, not the run.
    @discardableResult
    func saveCheckpoint(_ run: RunState) async -> Bool {
        guard let checkpoints else { return false }
        let state = run.snapshot
        var snapshot = RunSnapshot(
            messages: state.messages, steps: state.steps, turns: state.turns, toolCalls: state.toolCalls, usage: state.usage,
            callsPerTool: state.callsPerTool, tracked: state.tracked, elapsed: clock.now - state.start)
        snapshot.approvals = state.approvals
        snapshot.pendingApproval = state.parked.map { RunSnapshot.PendingApproval(callID: $0.callID, tool: $0.tool.name, arguments: $0.arguments) }
        do throws(CheckpointError) {
            let saved = try await checkpoints.save(snapshot.json, after: state.lastCheckpoint)
            run.update { $0.lastCheckpoint = saved.sequence }
            events.record(.checkpointSaved(sequence: saved.sequence))
            return true
        } catch {
            events.record(.checkpointFailed(reason: error.description))
            return false
        }
    }

    /// Where in the loop a budget is checked.
    enum BudgetCheck { case step, tokensCheck, toolCall }

    func budgetStop(before checkpoint: BudgetCheck, _ run: RunState) -> BudgetStop? {
        let budgets = configuration.budgets
        let snapshot = run.snapshot
        let elapsed = clock.now - snapshot.start
        if let limit = budgets.maxDuration, elapsed >= limit {
            return BudgetStop(kind: .time, limit: limit.milliseconds, used: elapsed.milliseconds)
        }
        if let limit = budgets.maxTokens, snapshot.usage.total > limit || (checkpoint == .step && snapshot.usage.total >= limit) {
            return BudgetStop(kind: .tokens, limit: Int64(limit), used: Int64(snapshot.usage.total))
        }
        switch checkpoint {
        case .step:
            if let limit = budgets.maxSteps, snapshot.steps >= limit {
                return BudgetStop(kind: .steps, limit: Int64(limit), used: Int64(snapshot.steps))
            }
        case .toolCall:
            if let limit = budgets.maxToolCalls, snapshot.toolCalls >= limit {
                return BudgetStop(kind: .toolCalls, limit: Int64(limit), used: Int64(snapshot.toolCalls))
            }
        case .tokensCheck:
            break
        }
        return nil
    }

    private func timeStop(_ run: RunState) -> BudgetStop {
        let used = (clock.now - run.snapshot.start).milliseconds
        return BudgetStop(kind: .time, limit: configuration.budgets.maxDuration?.milliseconds ?? used, used: used)
    }

    private func finish(_ run: RunState, _ stop: AgentRunResult.Stop) -> AgentRunResult {
        if case .budget(let budget) = stop { events.record(.budgetExhausted(budget)) }
        let state = run.snapshot
        return AgentRunResult(stop: stop, steps: state.steps, toolCalls: state.toolCalls, usage: state.usage, duration: clock.now - state.start, messages: state.messages)
    }

    /// Emits the transitions a breaker made since `count`.
    func reportTransitions(of dependency: String, since count: Int) {
        guard let breaker = breakers[dependency] else { return }
        for transition in breaker.transitions.dropFirst(count) {
            events.record(.breakerChanged(dependency: dependency, from: transition.from, to: transition.to))
        }
    }

    /// A number in [0, 1) for the jitter of one retry: a pure function of the seed, the call and
    /// the attempt, so runs repeat exactly.
    func jitterUnit(_ target: String, _ callID: String, _ attempt: Int) -> Double {
        SplitMix64.unit(configuration.jitterSeed, SplitMix64.hash(target), SplitMix64.hash(callID), UInt64(attempt))
    }

    /// The run's mutable state, shared with the loop that a time budget may cut short.
    final class RunState: Sendable {
        struct Values {
            var messages: [Message]
            var start: Duration
            /// Model calls, retries included: what `maxSteps` limits.
            var steps = 0
            /// Answers the model gave.
            var turns = 0
            /// Tool calls made, retries included: what `maxToolCalls` limits.
            var toolCalls = 0
            var usage = TokenUsage()
            /// Calls the model asked of each tool, for `Budgets.maxCallsPerTool`.
            var callsPerTool: [String: Int] = [:]
            /// Sensitive values seen in results, for the egress guard.
            var tracked: [EgressGuard.Tracked] = []
            /// The sequence of the last checkpoint this run saved or resumed from.
            var lastCheckpoint: Int?
            /// The call waiting for a human's later decision, while the run is parked.
            var parked: ApprovalRequest?
            /// Decisions kept for calls not yet made, by `Agent.approvalKey` (call id, tool, arguments).
            var approvals: [String: ApprovalDecision] = [:]
        }

        private let values: Mutex<Values>

        init(messages: [Message], start: Duration) {
            values = Mutex(Values(messages: messages, start: start))
        }

        var snapshot: Values { values.withLock { $0 } }
        var start: Duration { snapshot.start }
        var turns: Int { snapshot.turns }

        func update(_ change: (inout Values) -> Void) {
            values.withLock { change(&$0) }
        }
    }
}

extension String {
    func trimmingWhitespace() -> Substring {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
