import AgentCore
import Synchronization

/// A model that plays a task's reference policy: the calls a competent agent makes, with
/// arguments bound to the actual results, its error branches, and its final answer.
///
/// It reads the results of its calls from the conversation, as a real model would, so it works
/// with any agent loop. One instance plays one trial.
public final class ScriptedModel: Model {
    private let policy: ReferencePolicy
    private let state = Mutex(PlayState())

    public init(policy: ReferencePolicy) {
        self.policy = policy
        state.withLock { $0.frames = [Frame(steps: policy.steps, index: 0, parent: nil)] }
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        let move = state.withLock { play(&$0, request) }
        var response: ModelResponse
        switch move {
        case .call(let call): response = ModelResponse(toolCalls: [call])
        case .answer(let text): response = ModelResponse(text: text)
        }
        response.usage = Self.estimateUsage(request, response)
        return response
    }

    /// About four characters a token, as for English text with common tokenizers.
    static func estimateUsage(_ request: ModelRequest, _ response: ModelResponse) -> TokenUsage {
        var inputCharacters = request.systemPrompt.utf8.count
        for message in request.messages {
            inputCharacters += message.content.utf8.count + message.toolCalls.reduce(0) { $0 + $1.name.utf8.count + $1.arguments.utf8.count }
        }
        for tool in request.tools { inputCharacters += tool.name.utf8.count + tool.description.utf8.count + 40 }
        let outputCharacters = (response.text?.utf8.count ?? 0) + response.toolCalls.reduce(0) { $0 + $1.name.utf8.count + $1.arguments.utf8.count }
        return TokenUsage(input: (inputCharacters + 3) / 4, output: max(1, (outputCharacters + 3) / 4))
    }

    private enum Move {
        case call(ToolCall)
        case answer(String)
    }

    private struct Frame {
        var steps: [PolicyStep]
        var index: Int
        /// For an alternative: the step it replaces, whose binding gets the last result.
        var parent: PolicyStep?
        var lastResult: JSONValue?
    }

    private struct Pending {
        var step: PolicyStep
        var callID: String
        /// Retries used so far, per handler (by position): each `retry` handler has its own allowance.
        var retries: [Int: Int] = [:]
        /// Times the call was written again after the agent refused it as malformed.
        var corrections = 0
    }

    /// Refusals caused by the call's own form, which a model fixes by writing the call again.
    static let ownMistakes: Set<ToolError.Kind> = [.malformedArguments, .unknownTool, .invalidArguments]

    private struct PlayState {
        var frames: [Frame] = []
        var bindings = Bindings()
        var pending: Pending?
        var calls = 0
    }

    private func play(_ state: inout PlayState, _ request: ModelRequest) -> Move {
        if var pending = state.pending {
            state.pending = nil
            switch outcome(of: pending.callID, in: request.messages) {
            case .success(let result):
                if let name = pending.step.binding { state.bindings[name] = result }
                state.frames[state.frames.count - 1].lastResult = result
                state.frames[state.frames.count - 1].index += 1
            case .failure(let error) where Self.ownMistakes.contains(error.kind) && pending.corrections < 2:
                // The call the agent saw was not the one this policy wrote (a broken tool call):
                // like an LLM told its call was malformed, write it again.
                pending.corrections += 1
                return issue(pending.step, retries: pending.retries, corrections: pending.corrections, &state)
            case .failure(let error):
                var handlerBindings = state.bindings
                handlerBindings["error"] = ["kind": .string(error.kind.rawValue), "message": .string(error.message)]
                var handled = false
                for (position, handler) in pending.step.errorHandlers.enumerated() where handler.handles(error.kind.rawValue) {
                    switch handler.action {
                    case .retry(let limit):
                        let used = pending.retries[position, default: 0]
                        guard used < limit else { continue }
                        pending.retries[position] = used + 1
                        return issue(pending.step, retries: pending.retries, corrections: pending.corrections, &state)
                    case .alternative(let steps):
                        state.frames[state.frames.count - 1].index += 1
                        state.frames.append(Frame(steps: steps, index: 0, parent: pending.step))
                    case .giveUp(let text), .escalate(let text):
                        return .answer(render(text, handlerBindings))
                    }
                    handled = true
                    break
                }
                if !handled {
                    return .answer("I could not complete this request: \(pending.step.tool) failed (\(error.kind.rawValue): \(error.message)).")
                }
            }
        }
        while let frame = state.frames.last, frame.index >= frame.steps.count {
            state.frames.removeLast()
            guard let parent = frame.parent else { return .answer(render(policy.answer, state.bindings)) }
            if let name = parent.binding, let result = frame.lastResult { state.bindings[name] = result }
            state.frames[state.frames.count - 1].lastResult = frame.lastResult
        }
        guard let frame = state.frames.last else { return .answer(render(policy.answer, state.bindings)) }
        return issue(frame.steps[frame.index], retries: [:], corrections: 0, &state)
    }

    private func issue(_ step: PolicyStep, retries: [Int: Int], corrections: Int, _ state: inout PlayState) -> Move {
        let arguments: JSONValue
        do {
            arguments = try Template.render(step.arguments, with: state.bindings)
        } catch {
            return .answer("I could not continue: the next call to \(step.tool) needs data I do not have (\(error)).")
        }
        state.calls += 1
        let call = ToolCall(id: "call_\(state.calls)", name: step.tool, arguments: arguments)
        state.pending = Pending(step: step, callID: call.id, retries: retries, corrections: corrections)
        return .call(call)
    }

    private func outcome(of callID: String, in messages: [Message]) -> Result<JSONValue, ToolError> {
        guard let message = messages.last(where: { $0.role == .tool && $0.toolCallID == callID }) else {
            return .failure(ToolError(.internal, "no result came back for \(callID)"))
        }
        let content = (try? JSONParser.parse(message.content)) ?? .string(message.content)
        guard message.isError else { return .success(content) }
        let kind = content["error"]?["kind"]?.stringValue ?? "internal"
        return .failure(ToolError(ToolError.Kind(rawValue: kind), content["error"]?["message"]?.stringValue ?? message.content))
    }

    private func render(_ text: String, _ bindings: Bindings) -> String {
        do {
            return Template.interpolation(of: try Template.render(text, with: bindings))
        } catch {
            return "I could not finish my answer: \(error)."
        }
    }
}
