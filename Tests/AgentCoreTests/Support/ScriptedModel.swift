import AgentCore
import Synchronization

/// A model that answers from a queue and records every request it gets.
///
/// Each queued entry is either a response or an error to throw. When the queue runs dry the model
/// throws `ModelError(kind: "script_exhausted", …)`, so a test that loops too long fails visibly.
final class ScriptedModel: Model {
    private struct State {
        var queue: [Result<ModelResponse, any Error>]
        var requests: [ModelRequest] = []
    }

    private let state: Mutex<State>
    /// Virtual time each answer takes, when a clock is given.
    private let latency: (clock: TestClock, duration: Duration)?

    init(_ responses: [ModelResponse], latency: (clock: TestClock, duration: Duration)? = nil) {
        state = Mutex(State(queue: responses.map { .success($0) }))
        self.latency = latency
    }

    init(results: [Result<ModelResponse, any Error>]) {
        state = Mutex(State(queue: results))
        latency = nil
    }

    /// The requests received, in order.
    var requests: [ModelRequest] { state.withLock { $0.requests } }

    /// How many queued entries are left.
    var remaining: Int { state.withLock { $0.queue.count } }

    func respond(to request: ModelRequest) async throws -> ModelResponse {
        let next: Result<ModelResponse, any Error>? = state.withLock { state in
            state.requests.append(request)
            return state.queue.isEmpty ? nil : state.queue.removeFirst()
        }
        if let latency { try await latency.clock.sleep(for: latency.duration) }
        guard let next else { throw ModelError(kind: "script_exhausted", message: "ScriptedModel has no more responses") }
        return try next.get()
    }
}

extension ModelResponse {
    /// A response that asks for one tool call.
    static func call(_ id: String, _ name: String, _ arguments: String, usage: TokenUsage = TokenUsage()) -> ModelResponse {
        ModelResponse(toolCalls: [ToolCall(id: id, name: name, arguments: arguments)], usage: usage)
    }

    /// A response that asks for one tool call with arguments written from JSON.
    static func call(_ id: String, _ name: String, _ arguments: JSONValue, usage: TokenUsage = TokenUsage()) -> ModelResponse {
        ModelResponse(toolCalls: [ToolCall(id: id, name: name, arguments: arguments)], usage: usage)
    }

    /// A final answer.
    static func answer(_ text: String, usage: TokenUsage = TokenUsage()) -> ModelResponse {
        ModelResponse(text: text, usage: usage)
    }
}
