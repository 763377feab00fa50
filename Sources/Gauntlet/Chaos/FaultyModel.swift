import AgentCore
import Synchronization

/// The model behind the fault injector: slow, failing, rate-limited, or writing broken tool calls.
public struct FaultyModel: Model {
    public let base: any Model
    public let injector: FaultInjector
    public let clock: any AgentClock
    /// The agent process this model answers; a `crash` fault kills it. Nil: crashes do not fire.
    public let life: AgentLife?

    public init(base: any Model, injector: FaultInjector, clock: any AgentClock, life: AgentLife? = nil) {
        self.base = base
        self.injector = injector
        self.clock = clock
        self.life = life
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        // A step is identified by the conversation it answers; asking again is another attempt.
        if life?.isDead == true { throw AgentLife.deadModelError }
        let identity = "messages-\(request.messages.count)"
        let attempt = attempts.next(identity)
        var broken: MalformedCallVariant?
        var crash: FaultInjector.Firing?
        let canCrash = life != nil
        for firing in injector.faults(at: .model, target: Agent.modelDependency, identity: identity, attempt: attempt, applies: { fault in
            if case .crash = fault { return canCrash }
            return true
        }) {
            switch firing.rule.fault {
            case .latency(let distribution):
                try await clock.sleep(for: FaultInjector.sample(distribution, unit: firing.unit))
            case .timeout(let silence):
                try await clock.sleep(for: silence)
                throw ModelError(kind: "timeout", message: "The provider did not answer (gateway timeout after \(silence.milliseconds) ms).")
            case .error(let kind):
                throw ModelError(kind: kind, message: "The provider failed: \(kind).")
            case .rateLimit(let hint):
                throw ModelError(kind: "rate_limited", message: "429: rate limit reached.", retryAfter: FaultInjector.retryAfter(hint, clock: clock))
            case .contextLengthExceeded:
                throw ModelError(kind: "context_length_exceeded", message: "400: the conversation is longer than the model's context window.")
            case .contentFilter:
                throw ModelError(kind: "content_filter", message: "The response was blocked by the provider's content filter.")
            case .emptyResponse:
                return ModelResponse(usage: TokenUsage(input: 1, output: 0))
            case .malformedToolCall(let variant):
                broken = variant
            case .crash:
                crash = firing
            case .outage, .malformed, .duplicateEffect, .stale, .injection, .noAnswer, .deny, .storeWriteFail, .tornWrite, .corruptLatest, .slowStore:
                break
            }
        }
        var response = try await base.respond(to: request)
        if let crash, let life {
            // The answer arrived; the agent dies before it can checkpoint it.
            life.crash(at: "model", rule: crash.rule.id, detail: JSONObject([("messages", .number(Double(request.messages.count)))]))
            throw AgentLife.deadModelError
        }
        if let broken, !response.toolCalls.isEmpty {
            var call = response.toolCalls[0]
            switch broken {
            case .badJSON: call.arguments = String(call.arguments.dropLast())
            case .unknownTool: call.name = "lookup_everything"
            case .missingArguments: call.arguments = "{}"
            }
            response.toolCalls[0] = call
        }
        return response
    }

    private let attempts = AttemptCounter()
}

/// Counts how often each identity has been seen.
final class AttemptCounter: Sendable {
    private let counts = Mutex<[String: Int]>([:])

    func next(_ identity: String) -> Int {
        counts.withLock { counts in
            counts[identity, default: 0] += 1
            return counts[identity]!
        }
    }
}
