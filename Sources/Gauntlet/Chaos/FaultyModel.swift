import AgentCore
import Synchronization

/// The model behind the fault injector: slow, failing, rate-limited, or writing broken tool calls.
public struct FaultyModel: Model {
    public let base: any Model
    public let injector: FaultInjector
    public let clock: any AgentClock

    public init(base: any Model, injector: FaultInjector, clock: any AgentClock) {
        self.base = base
        self.injector = injector
        self.clock = clock
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        // A step is identified by the conversation it answers; asking again is another attempt.
        let identity = "messages-\(request.messages.count)"
        let attempt = attempts.next(identity)
        var broken: MalformedCallVariant?
        for firing in injector.faults(at: .model, target: Agent.modelDependency, identity: identity, attempt: attempt) {
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
            case .outage, .malformed, .duplicateEffect, .stale, .injection, .noAnswer, .deny:
                break
            }
        }
        var response = try await base.respond(to: request)
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
