extension Agent {
    /// Asks the model for its next move, surviving what can be survived: timeouts, transient
    /// failures and rate limits (retried with backoff), an overflowing context (trimmed once), an
    /// open breaker or exhausted retries (the fallback model, if there is one).
    func ask(step: Int, _ run: RunState) async -> Result<ModelResponse, ModelError> {
        let resilience = configuration.resilience
        let dependency = Agent.modelDependency
        var attempt = 1
        var trimmed = false
        var usingFallback = false
        while true {
            if budgetStop(before: .step, run) != nil {
                return .failure(ModelError(kind: "budget", message: "no model calls left in the budget"))
            }
            let messages = run.snapshot.messages
            events.record(.modelRequest(step: step, messageCount: messages.count, tools: offeredSpecs.map(\.name)))
            run.update { $0.steps += 1 }
            let outcome = await callModel(
                usingFallback ? fallbackModel ?? model : model, ModelRequest(systemPrompt: configuration.systemPrompt, messages: messages, tools: offeredSpecs),
                dependency: usingFallback ? Agent.fallbackModelDependency : dependency)
            guard case .failure(let error) = outcome else { return outcome }
            events.record(.modelFailed(step: step, error: error))
            if Task.isCancelled { return outcome }
            let errorClass = ErrorClassifier.classify(error)
            if errorClass == .contextLength, resilience.trimContextOnOverflow, !trimmed {
                trimmed = true
                let removed = trimOldestToolResults(run)
                events.record(.contextTrimmed(step: step, removed: removed))
                if removed > 0 { continue }
            }
            if resilience.retry.shouldRetry(errorClass, attempt: attempt, isIdempotent: true), budgetStop(before: .step, run) == nil {
                let retryAfter = error.retryAfter.flatMap(wait)
                let delay = resilience.retry.delay(beforeRetry: attempt, retryAfter: retryAfter, unit: jitterUnit(dependency, "step-\(step)", attempt))
                events.record(.retryScheduled(target: dependency, callID: nil, attempt: attempt + 1, delay: delay, errorClass: errorClass))
                do {
                    try await clock.sleep(for: delay)
                } catch {
                    return outcome
                }
                attempt += 1
                continue
            }
            if !usingFallback, fallbackModel != nil, errorClass != .contentFilter {
                events.record(.fallback(from: "model", to: "fallback_model", errorClass: errorClass))
                usingFallback = true
                attempt = 1
                continue
            }
            return outcome
        }
    }

    private func callModel(_ model: any Model, _ request: ModelRequest, dependency: String) async -> Result<ModelResponse, ModelError> {
        let breaker = breakers[dependency]
        let before = breaker?.transitions.count ?? 0
        defer { reportTransitions(of: dependency, since: before) }
        var permit: CircuitBreaker.Permit?
        if let breaker {
            permit = breaker.acquire(now: clock.now)
            if permit == nil {
                events.record(.breakerRejected(dependency: dependency))
                return .failure(ModelError(kind: ToolError.Kind.circuitOpen.rawValue, message: "The model's circuit breaker is open; not calling it."))
            }
        }
        let outcome: Result<ModelResponse, ModelError>
        do {
            let response: ModelResponse
            if let limit = configuration.resilience.modelTimeout {
                response = try await clock.withTimeout(limit) { try await model.respond(to: request) }
            } else {
                response = try await model.respond(to: request)
            }
            if response.toolCalls.isEmpty && (response.text ?? "").trimmingWhitespace().isEmpty {
                outcome = .failure(ModelError(kind: "empty_response", message: "The model returned neither text nor tool calls."))
            } else {
                outcome = .success(response)
            }
        } catch let error as TimeoutError {
            outcome = .failure(ModelError(kind: "timeout", message: "The model did not answer within \(error.limit.milliseconds) ms."))
        } catch let error as ModelError {
            outcome = .failure(error)
        } catch is CancellationError {
            if let permit { breaker?.cancel(permit) }
            return .failure(ModelError(kind: "cancelled", message: "The call was cancelled."))
        } catch {
            outcome = .failure(ModelError(kind: "internal", message: String(describing: error)))
        }
        if let breaker, let permit {
            breaker.record(permit, success: !Self.countsAgainstDependency(outcome.failureClass), now: clock.now)
        }
        return outcome
    }

    /// Failures that say the dependency is unhealthy (and so feed its breaker, and make a
    /// fallback worth trying); a client error such as "not found" says nothing about its health.
    static func countsAgainstDependency(_ errorClass: ErrorClass?) -> Bool {
        guard let errorClass else { return false }
        return [.transient, .rateLimited, .timeout, .malformed].contains(errorClass)
    }

    /// The wait a Retry-After asks for, read against the clock's calendar. Without one,
    /// milliseconds and delta-seconds still count and an HTTP date is ignored.
    func wait(_ hint: RetryAfter) -> Duration? {
        if let date = clock.date { return hint.delay(now: date) }
        if case .header(let value) = hint, value.contains(",") { return nil }
        return hint.delay(now: HTTPInstant(secondsSince1970: 0))
    }

    /// Replaces the content of the oldest half of the tool results with a short note.
    private func trimOldestToolResults(_ run: RunState) -> Int {
        var removed = 0
        run.update { state in
            let toolIndexes = state.messages.indices.filter { state.messages[$0].role == .tool && state.messages[$0].content != Agent.trimmedNote }
            for index in toolIndexes.prefix(max(1, toolIndexes.count / 2)) {
                state.messages[index].content = Agent.trimmedNote
                removed += 1
            }
        }
        return removed
    }

    static let trimmedNote = #"{"note":"result removed to fit the context window"}"#
}

extension Result where Failure == ModelError {
    var failureClass: ErrorClass? {
        if case .failure(let error) = self { return ErrorClassifier.classify(error) }
        return nil
    }
}
