import Synchronization
import Testing
@testable import AgentCore

/// A write that applies each idempotency key once, as an idempotent API does, and counts.
final class KeyedWrite: Tool {
    let spec: ToolSpec
    private let state = Mutex<(calls: Int, applied: Int, keys: Set<String>)>((0, 0, []))

    init() throws {
        spec = try makeSpec("refund", risk: .write)
    }

    var calls: Int { state.withLock { $0.calls } }
    var applied: Int { state.withLock { $0.applied } }

    func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        state.withLock { state in
            state.calls += 1
            if let key = context.idempotencyKey, !state.keys.insert(key).inserted { return }
            state.applied += 1
        }
        return .json(["refunded": true])
    }
}

/// A store that remembers every checkpoint saved.
final class HistoryStore: CheckpointStore {
    private let store = InMemoryCheckpointStore(keep: 100)
    private let history = Mutex<[Checkpoint]>([])

    var saved: [Checkpoint] { history.withLock { $0 } }

    func save(_ state: JSONValue, after previous: Int?) throws(CheckpointError) -> Checkpoint {
        let checkpoint = try store.save(state, after: previous)
        history.withLock { $0.append(checkpoint) }
        return checkpoint
    }

    func latest() throws(CheckpointError) -> CheckpointRecovery { try store.latest() }
}

@Suite struct ResumeTests {
    static let refund = ModelResponse(toolCalls: [ToolCall(id: "c1", name: "refund", arguments: #"{"order_id":"1042"}"#)])

    static func agent(_ responses: [ModelResponse], tool: KeyedWrite, store: any CheckpointStore, keys: Bool, events: CollectingEventSink = CollectingEventSink()) -> Agent {
        Agent(
            model: ScriptedModel(responses), tools: [tool],
            configuration: AgentConfiguration(resilience: ResilienceConfiguration(idempotencyKeys: keys), runID: "run-7"),
            approver: ScriptedApprover(), clock: TestClock(), events: events, checkpoints: store)
    }

    @Test("a run checkpoints at its start, after the model's turn, after each result and after the answer; the last one reads back as the run's state")
    func checkpointsEveryStep() async throws {
        let store = InMemoryCheckpointStore(keep: 10)
        let events = CollectingEventSink()
        let result = await Self.agent([Self.refund, .answer("Done.")], tool: try KeyedWrite(), store: store, keys: true, events: events).run("Refund 1042.")
        let saved = events.events.compactMap { if case .checkpointSaved(let sequence) = $0 { sequence } else { nil } }
        #expect(saved == [1, 2, 3, 4])
        let snapshot = try RunSnapshot(json: try #require(try store.latest().checkpoint).state)
        #expect(snapshot.messages == result.messages)
        #expect(snapshot.toolCalls == 1 && snapshot.turns == 2)
        #expect(try RunSnapshot(json: snapshot.json) == snapshot)
    }

    /// Runs once, then keeps only the checkpoint taken after the model asked for the refund and
    /// before its result was saved: a crash between the tool's effect and its checkpoint.
    static func crashAfterTheEffect(keys: Bool) async throws -> (KeyedWrite, InMemoryCheckpointStore) {
        let history = HistoryStore()
        let tool = try KeyedWrite()
        _ = await agent([refund, .answer("Done.")], tool: tool, store: history, keys: keys).run("Refund 1042.")
        let afterTheCall = try #require(history.saved.first { $0.sequence == 2 })
        #expect(try RunSnapshot(json: afterTheCall.state).messages.last?.toolCalls.map(\.id) == ["c1"])
        let store = InMemoryCheckpointStore()
        _ = try store.save(afterTheCall.state, after: nil)
        return (tool, store)
    }

    @Test("resumed after a crash between a write's effect and its checkpoint, the call is made again under the same key and applied once")
    func resumeAppliesOnce() async throws {
        let (tool, store) = try await Self.crashAfterTheEffect(keys: true)
        #expect(tool.applied == 1)
        let events = CollectingEventSink()
        let result = await (try Self.agent([.answer("Done.")], tool: tool, store: store, keys: true, events: events).resume())
        #expect(result.answer == "Done.")
        #expect(tool.calls == 2)
        #expect(tool.applied == 1)
        #expect(events.events.first?.label == "resumed")
        #expect(result.messages.filter { $0.role == .tool }.count == 1)
    }

    @Test("without idempotency keys the same resume applies the write twice: what the baseline version shows")
    func resumeWithoutKeysDuplicates() async throws {
        let (tool, store) = try await Self.crashAfterTheEffect(keys: false)
        _ = await (try Self.agent([.answer("Done.")], tool: tool, store: store, keys: false).resume())
        #expect(tool.applied == 2)
    }

    @Test("resuming a run whose last checkpoint holds its answer returns that answer without asking the model again")
    func resumeFinishedRun() async throws {
        let store = InMemoryCheckpointStore(keep: 10)
        let tool = try KeyedWrite()
        _ = await Self.agent([Self.refund, .answer("Done.")], tool: tool, store: store, keys: true).run("Refund 1042.")
        let model = ScriptedModel([])
        let again = Agent(
            model: model, tools: [tool], configuration: AgentConfiguration(resilience: ResilienceConfiguration(idempotencyKeys: true), runID: "run-7"),
            approver: ScriptedApprover(), clock: TestClock(), events: CollectingEventSink(), checkpoints: store)
        let result = try await again.resume()
        #expect(result.answer == "Done.")
        #expect(model.requests.isEmpty)
        #expect(tool.calls == 1)
    }

    @Test("resuming with no checkpoint, or a state that is not a run snapshot, is a typed error")
    func resumeErrors() async throws {
        await #expect(throws: CheckpointError.nothingToResume) { _ = try await Self.agent([], tool: try KeyedWrite(), store: InMemoryCheckpointStore(), keys: true).resume() }
        let store = InMemoryCheckpointStore()
        _ = try store.save(["schema_version": 1, "messages": [["role": "robot", "content": "x"]]], after: nil)
        await #expect(throws: CheckpointError.malformed("/messages/0/role: missing or of the wrong type")) {
            _ = try await Self.agent([], tool: try KeyedWrite(), store: store, keys: true).resume()
        }
    }
}
