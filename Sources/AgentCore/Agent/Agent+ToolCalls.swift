extension Agent {
    /// Checks a call, asks for approval when needed, and runs it (or records it in dry-run mode),
    /// with retries, the tool's breaker, its timeout, result validation and its fallback.
    func perform(_ call: ToolCall, _ run: RunState, fallingBack: Bool = false) async -> Result<JSONValue, ToolError> {
        func reject(_ error: ToolError) -> Result<JSONValue, ToolError> {
            run.update { $0.toolCalls += 1 }
            events.record(.toolRejected(call: call, error: error))
            return .failure(error)
        }
        guard let tool = tools[call.name] else {
            return reject(ToolError(.unknownTool, "There is no tool named \"\(call.name)\". Available: \(offeredSpecs.map(\.name).joined(separator: ", "))."))
        }
        guard configuration.allowedTools?.contains(call.name) ?? true else {
            return reject(ToolError(.notAllowed, "The tool \"\(call.name)\" is not permitted for this agent."))
        }
        if !fallingBack {
            let made = run.snapshot.callsPerTool[call.name, default: 0]
            if let limit = configuration.budgets.maxCallsPerTool, made >= limit {
                return reject(ToolError(.callLimit, "\(call.name) was already called \(made) times in this run, the most allowed; answer with what you have.", retryable: false))
            }
            run.update { $0.callsPerTool[call.name, default: 0] += 1 }
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
        if let scope = configuration.scope[spec.name], let first = scope.validate(arguments).first {
            let place = first.pointer == .root ? "arguments" : "arguments\(first.pointer)"
            return reject(ToolError(.notAllowed, "The call to \"\(spec.name)\" is outside this task's scope (\(place): \(first.message)); it was not made.", retryable: false))
        }
        if let egressGuard = configuration.egressGuard,
            let leak = egressGuard.leak(in: arguments, tracked: run.snapshot.tracked, toolIsExternal: spec.isExternal) {
            let reason = spec.isExternal ? "\(spec.name) sends data outside the organisation" : "a registered secret is never an argument"
            return reject(ToolError(.egressBlocked, "Blocked: the arguments of \"\(spec.name)\" carry a sensitive value (\(leak.origin)) and \(reason); the call was not made.", retryable: false))
        }

        let recordedOnly = configuration.dryRun && spec.risk.hasSideEffects
        if !recordedOnly && configuration.approvalPolicy.requiresApproval(spec) {
            // A decision that came while the run was parked (or before a crash) is not asked again,
            // and is for this call only: the same id, tool and arguments.
            let key = Self.approvalKey(callID: call.id, tool: spec.name, arguments: arguments)
            let answer = if let decided = run.snapshot.approvals[key] {
                outcome(of: decided, spec, arguments)
            } else {
                await approval(for: call, spec, arguments, key: key, run, fallingBack: fallingBack)
            }
            run.update { $0.approvals[key] = nil }
            switch answer {
            case .success(let approved): arguments = approved
            case .failure(let error):
                run.update { state in
                    // A parked call is made when the run resumes; it is not a call yet.
                    if state.parked?.callID == call.id {
                        state.callsPerTool[call.name, default: 1] -= 1
                    } else {
                        state.toolCalls += 1
                    }
                }
                return .failure(error)
            }
        }

        if recordedOnly {
            run.update { $0.toolCalls += 1 }
            events.record(.toolCalled(callID: call.id, tool: spec.name, arguments: arguments, dryRun: true))
            let result: JSONValue = ["dry_run": true, "tool": .string(spec.name), "arguments": arguments]
            events.record(.toolReturned(callID: call.id, tool: spec.name, result: result))
            return .success(result)
        }

        let outcome = await attempt(tool, call, arguments, run)
        guard case .failure(let error) = outcome, !fallingBack,
            let alternative = configuration.resilience.fallbackTools[spec.name], tools[alternative] != nil,
            configuration.allowedTools?.contains(alternative) ?? true,
            Self.countsAgainstDependency(ErrorClassifier.classify(error)) || error.kind == .circuitOpen,
            !Task.isCancelled, budgetStop(before: .toolCall, run) == nil
        else { return outcome }
        events.record(.fallback(from: spec.name, to: alternative, errorClass: ErrorClassifier.classify(error)))
        // The fallback is a call like any other: allow-list, arguments, approval, dry-run, budget.
        return await perform(ToolCall(id: call.id, name: alternative, arguments: arguments), run, fallingBack: true)
    }

    /// Calls one tool, retrying what is safe to retry.
    private func attempt(_ tool: any Tool, _ call: ToolCall, _ arguments: JSONValue, _ run: RunState) async -> Result<JSONValue, ToolError> {
        let spec = tool.spec
        let resilience = configuration.resilience
        // The key names the operation, not the message that asked for it: the same write asked for
        // twice in a run (a model repeating itself, a retry after a lost response) is applied once.
        let key = resilience.idempotencyKeys && spec.risk.hasSideEffects ? Self.idempotencyKey(run: configuration.runID, tool: spec.name, arguments: arguments) : nil
        var attempt = 1
        while true {
            run.update { $0.toolCalls += 1 }
            let outcome = await callTool(tool, arguments, context: ToolCallContext(callID: call.id, attempt: attempt, idempotencyKey: key))
            guard case .failure(let error) = outcome else {
                if case .success(let result) = outcome, let egressGuard = configuration.egressGuard {
                    let found = egressGuard.sensitiveValues(in: result, fields: spec.sensitiveFields, from: spec.name)
                    if !found.isEmpty { run.update { $0.tracked += found } }
                }
                return outcome
            }
            let errorClass = ErrorClassifier.classify(error)
            guard error.kind != .circuitOpen, !Task.isCancelled,
                resilience.retry.shouldRetry(errorClass, attempt: attempt, isIdempotent: spec.idempotent || key != nil),
                budgetStop(before: .toolCall, run) == nil
            else { return outcome }
            let retryAfter = error.retryAfter.flatMap(wait)
            let delay = resilience.retry.delay(beforeRetry: attempt, retryAfter: retryAfter, unit: jitterUnit(spec.name, call.id, attempt))
            events.record(.retryScheduled(target: spec.name, callID: call.id, attempt: attempt + 1, delay: delay, errorClass: errorClass))
            do {
                try await clock.sleep(for: delay)
            } catch {
                return outcome
            }
            attempt += 1
        }
    }

    /// One call through the tool's breaker and timeout, with its result decoded and validated.
    private func callTool(_ tool: any Tool, _ arguments: JSONValue, context: ToolCallContext) async -> Result<JSONValue, ToolError> {
        let spec = tool.spec
        let breaker = breakers[spec.name]
        let before = breaker?.transitions.count ?? 0
        defer { reportTransitions(of: spec.name, since: before) }
        var permit: CircuitBreaker.Permit?
        if let breaker {
            permit = breaker.acquire(now: clock.now)
            if permit == nil {
                events.record(.breakerRejected(dependency: spec.name))
                return .failure(ToolError(.circuitOpen, "\(spec.name) is failing and its circuit breaker is open; not calling it for now.", retryable: false))
            }
        }
        events.record(.toolCalled(callID: context.callID, tool: spec.name, arguments: arguments, dryRun: false, attempt: context.attempt))
        let outcome: Result<JSONValue, ToolError>
        do {
            let output: ToolOutput
            if let limit = configuration.resilience.toolTimeout {
                output = try await clock.withTimeout(limit) { try await tool.call(arguments: arguments, context: context) }
            } else {
                output = try await tool.call(arguments: arguments, context: context)
            }
            outcome = validated(try output.decoded(), spec)
        } catch let error as ToolError {
            outcome = .failure(error)
        } catch let error as TimeoutError {
            outcome = .failure(ToolError(.timeout, "\(spec.name) did not answer within \(error.limit.milliseconds) ms."))
        } catch is CancellationError {
            if let permit { breaker?.cancel(permit) }
            return .failure(ToolError(.timeout, "The call was cancelled.", retryable: false))
        } catch {
            outcome = .failure(ToolError(.internal, String(describing: error)))
        }
        if let breaker, let permit {
            let failed: ErrorClass? = if case .failure(let error) = outcome { ErrorClassifier.classify(error) } else { nil }
            breaker.record(permit, success: !Self.countsAgainstDependency(failed), now: clock.now)
        }
        switch outcome {
        case .success(let result): events.record(.toolReturned(callID: context.callID, tool: spec.name, result: result))
        case .failure(let error): events.record(.toolFailed(callID: context.callID, tool: spec.name, error: error))
        }
        return outcome
    }

    /// With validation on, a result that breaks the tool's result schema becomes an error, so the
    /// model never takes malformed data for fact.
    private func validated(_ result: JSONValue, _ spec: ToolSpec) -> Result<JSONValue, ToolError> {
        guard configuration.resilience.validateResults, let schema = spec.result else { return .success(result) }
        let violations = schema.validate(result)
        guard let first = violations.first else { return .success(result) }
        let place = first.pointer == .root ? "the result" : "result\(first.pointer)"
        return .failure(ToolError(.malformedResult, "\(spec.name) returned data that does not match its schema (\(place): \(first.message)\(violations.count > 1 ? ", and \(violations.count - 1) more" : "")); it was not used.", retryable: false))
    }

    /// Asks the approver, within the approval timeout; returns the arguments to run with.
    /// A decision is kept in the run's state under `key` until the call is made.
    private func approval(
        for call: ToolCall, _ spec: ToolSpec, _ arguments: JSONValue, key: String, _ run: RunState, fallingBack: Bool
    ) async -> Result<JSONValue, ToolError> {
        events.record(.approvalRequested(callID: call.id, tool: spec.name, arguments: arguments))
        let request = ApprovalRequest(callID: call.id, tool: spec, arguments: arguments)
        let decision: ApprovalDecision
        if let limit = configuration.resilience.approvalTimeout {
            do {
                decision = try await clock.withTimeout(limit) { await self.approver.review(request) }
            } catch {
                events.record(.approvalTimedOut(callID: call.id, tool: spec.name, after: limit))
                return .failure(ToolError(.permissionDenied, "No reviewer answered within \(limit.milliseconds) ms; the call was not made.", retryable: false))
            }
        } else {
            decision = await approver.review(request)
        }
        events.record(.approvalAnswered(callID: call.id, tool: spec.name, decision: decision))
        if case .deferred(let reason) = decision {
            // A fallback does not park: on resume the run makes the call it checkpointed, the primary one.
            guard checkpoints != nil, !fallingBack else {
                return .failure(ToolError(.approvalPending, "The reviewer will decide later (\(reason)), and this agent cannot wait for a later decision; the call was not made.", retryable: false))
            }
            run.update { $0.parked = request }
            return .failure(ToolError(.permissionDenied, "Waiting for a reviewer's decision; the run is parked.", retryable: false))
        }
        if checkpoints != nil {
            // A decision changes the run's state. Kept, a crash before the call's result is saved
            // does not send the same request to the human again. The checkpoint is of the call
            // decided but not yet made, which a resume makes, and counts, again.
            run.update { state in
                state.approvals[key] = decision
                if !fallingBack { state.callsPerTool[call.name, default: 1] -= 1 }
            }
            await saveCheckpoint(run)
            if !fallingBack { run.update { $0.callsPerTool[call.name, default: 0] += 1 } }
        }
        return outcome(of: decision, spec, arguments)
    }

    /// The key a later decision is kept under: the call id, the tool and its arguments, so that a
    /// model that reuses call ids cannot carry one call's approval over to another.
    static func approvalKey(callID: String, tool: String, arguments: JSONValue) -> String {
        "\(callID) \(tool) " + String(SplitMix64.hash(JSONWriter.compact(arguments.canonical)), radix: 16)
    }

    /// The arguments to run with under `decision`, or the refusal the model sees.
    func outcome(of decision: ApprovalDecision, _ spec: ToolSpec, _ arguments: JSONValue) -> Result<JSONValue, ToolError> {
        switch decision {
        case .approve:
            return .success(arguments)
        case .deny(let reason):
            return .failure(ToolError(.permissionDenied, "A human reviewer denied this call: \(reason)", retryable: false))
        case .approveWithEdits(let edited):
            if let problem = argumentProblem(edited, spec) {
                return .failure(ToolError(.invalid, "The reviewer's edited arguments are invalid: \(problem.message)", retryable: false))
            }
            return .success(edited)
        case .deferred(let reason):
            return .failure(ToolError(.permissionDenied, "The reviewer has not decided yet (\(reason)); the call was not made.", retryable: false))
        }
    }

    /// The idempotency key of a side-effecting call: the run, the tool and a hash of the arguments
    /// with object keys sorted, so the same operation asked for twice in a run has one key.
    public static func idempotencyKey(run: String, tool: String, arguments: JSONValue) -> String {
        let digest = SplitMix64.hash(JSONWriter.compact(arguments.canonical))
        return "\(run)-\(tool)-" + String(digest, radix: 16)
    }

    func argumentProblem(_ arguments: JSONValue, _ spec: ToolSpec) -> ToolError? {
        let violations = spec.parameters.validate(arguments)
        guard !violations.isEmpty else { return nil }
        let details = violations.map { "\($0.pointer == .root ? "arguments" : "arguments\($0.pointer)"): \($0.message)" }
        return ToolError(.invalidArguments, "Invalid arguments for \"\(spec.name)\": \(details.joined(separator: "; ")).", retryable: false)
    }
}
