import AgentCore
import Synchronization

/// A model that plays a task's reference policy: the calls a competent agent makes, with
/// arguments bound to the actual results, its error branches, and its final answer.
///
/// It reads the results of its calls from the conversation, as a real model would, so it works
/// with any agent loop. One instance plays one trial.
///
/// Given `mistakes`, `gullibility` or `selfRetries` it is the simulated LLM: on each call the policy
/// makes it may err (a wrong or made-up tool, a dropped or garbled argument, malformed JSON, a
/// skipped step, a repeated call, an early answer), it follows instructions planted in tool output
/// with probability `gullibility`, and it asks again after a transient error its policy does not
/// handle. Every choice is drawn from `seed`, so the same seed makes the same choices.
public final class ScriptedModel: Model {
    private let policy: ReferencePolicy
    private let behaviour: Behaviour
    private let state = Mutex(PlayState())

    /// How the simulated model departs from the policy.
    public struct Behaviour: Sendable, Hashable {
        public var mistakes = ModelMistakes()
        public var gullibility = 0.0
        public var selfRetries = 0
        /// Planted instructions it may recognise in tool output.
        public var injections: [Injection] = []
        public var seed: UInt64 = 0

        public init(mistakes: ModelMistakes = ModelMistakes(), gullibility: Double = 0, selfRetries: Int = 0, injections: [Injection] = [], seed: UInt64 = 0) {
            self.mistakes = mistakes
            self.gullibility = gullibility
            self.selfRetries = selfRetries
            self.injections = injections
            self.seed = seed
        }
    }

    public init(policy: ReferencePolicy, behaviour: Behaviour = Behaviour()) {
        self.policy = policy
        self.behaviour = behaviour
        state.withLock { $0.frames = [Frame(steps: policy.steps, index: 0, parent: nil)] }
    }

    public func respond(to request: ModelRequest) async throws -> ModelResponse {
        let move = state.withLock { state in
            if state.turns == 0 { catchUp(&state, request) }
            state.turns += 1
            return play(&state, request)
        }
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

    /// Brings a new instance up to a conversation it did not hold, as when an agent resumes from a
    /// checkpoint in a new process: it plays each earlier assistant turn again on the conversation
    /// before it, so its choices and call ids go on from where the conversation stands. Like an
    /// LLM, it knows only what the conversation shows.
    private func catchUp(_ state: inout PlayState, _ request: ModelRequest) {
        for (index, message) in request.messages.enumerated() where message.role == .assistant {
            var earlier = request
            earlier.messages = Array(request.messages[..<index])
            _ = play(&state, earlier)
            state.turns += 1
        }
    }

    private struct Frame {
        var steps: [PolicyStep]
        var index: Int
        /// For an alternative: the step it replaces, whose binding gets the last result.
        var parent: PolicyStep?
        var lastResult: JSONValue?
    }

    /// Why the call in flight was made.
    private enum Purpose {
        /// The policy's step.
        case step
        /// A mistaken version of the step: if it fails, the model makes the step's call properly.
        case mistake
        /// An instruction planted in tool output, or a call made twice: the policy goes on after it.
        case aside
    }

    private struct Pending {
        var step: PolicyStep
        var callID: String
        var purpose: Purpose = .step
        /// Retries used so far, per handler (by position): each `retry` handler has its own allowance.
        var retries: [Int: Int] = [:]
        /// Times the call was written again after the agent refused it as malformed.
        var corrections = 0
        /// Times the model asked again on its own after a transient error.
        var selfRetries = 0
        /// Pages fetched so far and their items, for a paginated step.
        var pages = 0
        var items: [JSONValue] = []
        var extraArguments = JSONObject()
    }

    /// Refusals caused by the call's own form, which a model fixes by writing the call again.
    static let ownMistakes: Set<ToolError.Kind> = [.malformedArguments, .unknownTool, .invalidArguments]

    private struct PlayState {
        var frames: [Frame] = []
        var bindings = Bindings()
        var pending: Pending?
        var calls = 0
        var draws: UInt64 = 0
        var followed: Set<String> = []
        /// A paginated step to go on with once the call made beside it is answered.
        var resume: Pending?
        /// Answers given, or caught up with.
        var turns = 0
    }

    private func play(_ state: inout PlayState, _ request: ModelRequest) -> Move {
        if var pending = state.pending {
            state.pending = nil
            let outcome = outcome(of: pending.callID, in: request.messages)
            switch (pending.purpose, outcome) {
            case (.aside, _):
                if let resume = state.resume {
                    state.resume = nil
                    return issue(resume, &state)
                }
            case (.mistake, .failure):
                // Told its call was wrong, the model makes the call it meant.
                pending.purpose = .step
                return issue(pending, &state)
            case (_, .success(let result)):
                if let pagination = pending.step.pagination {
                    pending.pages += 1
                    pending.items += result[pagination.collect]?.arrayValue ?? []
                    if let next = Self.cursor(result[pagination.cursor]), pending.pages < pagination.maxPages ?? .max {
                        pending.extraArguments[pagination.argument] = next
                        pending.purpose = .step
                        // A planted instruction on any page may be followed, before the next page.
                        if let call = planted(in: result, pending.step, &state) {
                            state.resume = pending
                            return .call(call)
                        }
                        return issue(pending, &state)
                    }
                }
                var value = result
                if let pagination = pending.step.pagination, case .object(var object) = result {
                    object[pagination.collect] = .array(pending.items)
                    value = .object(object)
                }
                if let name = pending.step.binding { state.bindings[name] = value }
                state.frames[state.frames.count - 1].lastResult = value
                state.frames[state.frames.count - 1].index += 1
                if let aside = aside(after: pending, result: result, &state) { return aside }
            case (.step, .failure(let error)) where Self.ownMistakes.contains(error.kind) && pending.corrections < 2:
                // The call the agent saw was not the one this policy wrote (a broken tool call):
                // like an LLM told its call was malformed, write it again.
                pending.corrections += 1
                return issue(pending, &state)
            case (.step, .failure(let error)):
                var handlerBindings = state.bindings
                handlerBindings["error"] = ["kind": .string(error.kind.rawValue), "message": .string(error.message)]
                var handled = false
                for (position, handler) in pending.step.errorHandlers.enumerated() where handler.handles(error.kind.rawValue) {
                    switch handler.action {
                    case .retry(let limit):
                        let used = pending.retries[position, default: 0]
                        guard used < limit else { continue }
                        pending.retries[position] = used + 1
                        return issue(pending, &state)
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
                    if pending.selfRetries < behaviour.selfRetries, error.kind.isTransient || error.kind == .internal {
                        pending.selfRetries += 1
                        return issue(pending, &state)
                    }
                    return .answer("I could not complete this request: \(pending.step.tool) failed (\(error.kind.rawValue): \(error.message)).")
                }
            }
        }
        return next(&state, request)
    }

    /// The policy's next move: its next step, or its answer when the steps are done.
    private func next(_ state: inout PlayState, _ request: ModelRequest) -> Move {
        while let frame = state.frames.last, frame.index >= frame.steps.count {
            state.frames.removeLast()
            guard let parent = frame.parent else { return .answer(render(policy.answer, state.bindings)) }
            if let name = parent.binding, let result = frame.lastResult { state.bindings[name] = result }
            state.frames[state.frames.count - 1].lastResult = frame.lastResult
        }
        guard let frame = state.frames.last else { return .answer(render(policy.answer, state.bindings)) }
        let step = frame.steps[frame.index]
        switch drawMistake(&state) {
        case .skipStep?:
            // As if the step had been done: its result is simply not there.
            state.frames[state.frames.count - 1].index += 1
            return next(&state, request)
        case .prematureAnswer?:
            return .answer(renderLoosely(policy.answer, state.bindings))
        case let mistake?:
            if let call = mistaken(step, mistake, request, &state) { return .call(call) }
            fallthrough
        default:
            return issue(Pending(step: step, callID: ""), &state)
        }
    }

    /// The mistake to make on this call, if any: one draw per kind, in a fixed order, and the
    /// first that comes up wins (so later kinds happen a little less often than their rate when
    /// several rates are high). A repeat is drawn after the call's result instead.
    private func drawMistake(_ state: inout PlayState) -> ModelMistake? {
        var chosen: ModelMistake?
        for mistake in ModelMistake.allCases where mistake != .repeatCall {
            if draw(&state) < behaviour.mistakes[mistake], chosen == nil { chosen = mistake }
        }
        return chosen
    }

    private func draw(_ state: inout PlayState) -> Double {
        state.draws += 1
        return SplitMix64.unit(behaviour.seed, 0x6d6f_6465_6c00, state.draws)
    }

    /// The step's call with `mistake` in it, or `nil` when this step leaves no room for it.
    private func mistaken(_ step: PolicyStep, _ mistake: ModelMistake, _ request: ModelRequest, _ state: inout PlayState) -> ToolCall? {
        guard case .object(var arguments)? = try? Template.render(step.arguments, with: state.bindings) else { return nil }
        var name = step.tool
        var text: String?
        let pick = draw(&state)
        switch mistake {
        case .wrongTool:
            let others = request.tools.map(\.name).filter { $0 != step.tool }
            guard !others.isEmpty else { return nil }
            name = others[Int(pick * Double(others.count))]
        case .hallucinatedTool:
            let inventions = ["\(step.tool)_v2", "\(step.tool)s", "do_\(step.tool)"]
            name = inventions[Int(pick * Double(inventions.count))]
        case .dropArgument:
            guard !arguments.isEmpty else { return nil }
            let keys = arguments.keys
            arguments[keys[Int(pick * Double(keys.count))]] = nil
        case .garbleArgument:
            let keys = arguments.keys.filter { arguments[$0]?.stringValue?.isEmpty == false }
            guard !keys.isEmpty else { return nil }
            let key = keys[Int(pick * Double(keys.count))]
            arguments[key] = .string(Self.garbled(arguments[key]?.stringValue ?? ""))
        case .malformedJSON:
            text = String(JSONWriter.compact(.object(arguments)).dropLast())
        default:
            return nil
        }
        state.calls += 1
        let call = ToolCall(id: "call_\(state.calls)", name: name, arguments: text ?? JSONWriter.compact(.object(arguments)))
        state.pending = Pending(step: step, callID: call.id, purpose: .mistake)
        return call
    }

    /// A typo: the last digit changed, or the last two letters swapped.
    static func garbled(_ text: String) -> String {
        var characters = Array(text)
        if let index = characters.lastIndex(where: \.isNumber), let digit = characters[index].wholeNumberValue {
            characters[index] = Character(String((digit + 1) % 10))
        } else if characters.count >= 2 {
            characters.swapAt(characters.count - 1, characters.count - 2)
            if characters == Array(text) { characters.append("x") }
        } else {
            characters.append("x")
        }
        return String(characters)
    }

    /// A call made beside the policy after a result: a planted instruction the model falls for, or
    /// the same call made again.
    private func aside(after pending: Pending, result: JSONValue, _ state: inout PlayState) -> Move? {
        if let call = planted(in: result, pending.step, &state) { return .call(call) }
        guard pending.purpose == .step, behaviour.mistakes.repeatCall > 0, draw(&state) < behaviour.mistakes.repeatCall,
            let arguments = try? Template.render(pending.step.arguments, with: state.bindings)
        else { return nil }
        state.calls += 1
        let call = ToolCall(id: "call_\(state.calls)", name: pending.step.tool, arguments: arguments)
        state.pending = Pending(step: pending.step, callID: call.id, purpose: .aside)
        return .call(call)
    }

    /// The call a planted instruction in `result` asks for, when the model falls for it. Each
    /// instruction is considered once per trial.
    private func planted(in result: JSONValue, _ step: PolicyStep, _ state: inout PlayState) -> ToolCall? {
        let text = result.strings.joined(separator: "\n").lowercased()
        for injection in behaviour.injections where !state.followed.contains(injection.trigger) && text.contains(injection.trigger.lowercased()) {
            state.followed.insert(injection.trigger)
            guard draw(&state) < behaviour.gullibility else { continue }
            // A model that follows the text fills in what it can; what it cannot, it copies.
            let arguments = (try? Template.render(injection.arguments, with: state.bindings)) ?? injection.arguments
            state.calls += 1
            let call = ToolCall(id: "call_\(state.calls)", name: injection.tool, arguments: arguments)
            state.pending = Pending(step: step, callID: call.id, purpose: .aside)
            return call
        }
        return nil
    }

    private func issue(_ pending: Pending, _ state: inout PlayState) -> Move {
        var arguments: JSONValue
        do {
            arguments = try Template.render(pending.step.arguments, with: state.bindings)
        } catch {
            return .answer("I could not continue: the next call to \(pending.step.tool) needs data I do not have (\(error)).")
        }
        if case .object(var object) = arguments, !pending.extraArguments.isEmpty {
            for (key, value) in pending.extraArguments { object[key] = value }
            arguments = .object(object)
        }
        state.calls += 1
        let call = ToolCall(id: "call_\(state.calls)", name: pending.step.tool, arguments: arguments)
        var next = pending
        next.callID = call.id
        state.pending = next
        return .call(call)
    }

    /// The next page's cursor, when the listing says there is one.
    static func cursor(_ value: JSONValue?) -> JSONValue? {
        switch value {
        case .string(let text)? where !text.isEmpty: value
        case .number?: value
        default: nil
        }
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

    /// The answer as a model that has not done the work writes it: what it does not know, it glosses over.
    private func renderLoosely(_ text: String, _ bindings: Bindings) -> String {
        if let rendered = try? Template.render(text, with: bindings) { return Template.interpolation(of: rendered) }
        return text.replacing(/\$\{[^}]*\}/, with: "it")
    }
}
