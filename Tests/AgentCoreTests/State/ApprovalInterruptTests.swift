import Testing
@testable import AgentCore

@Suite struct ApprovalInterruptTests {
    static let refund = ModelResponse(toolCalls: [ToolCall(id: "c1", name: "refund", arguments: #"{"order_id":"1042"}"#)])

    static func agent(
        _ responses: [ModelResponse], tool: KeyedWrite, store: (any CheckpointStore)?, approver: ScriptedApprover, events: CollectingEventSink = CollectingEventSink()
    ) -> Agent {
        Agent(
            model: ScriptedModel(responses), tools: [tool],
            configuration: AgentConfiguration(budgets: Budgets(maxCallsPerTool: 1), approvalPolicy: .allWrites, resilience: ResilienceConfiguration(idempotencyKeys: true), runID: "run-9"),
            approver: approver, clock: TestClock(), events: events, checkpoints: store)
    }

    /// Runs until the reviewer defers the refund: the run is parked on it.
    static func parked() async throws -> (KeyedWrite, InMemoryCheckpointStore, AgentRunResult, CollectingEventSink) {
        let tool = try KeyedWrite()
        let store = InMemoryCheckpointStore(keep: 10)
        let events = CollectingEventSink()
        let result = await agent([refund], tool: tool, store: store, approver: ScriptedApprover([.deferred(reason: "queued")]), events: events).run("Refund 1042.")
        return (tool, store, result, events)
    }

    @Test("a deferred approval with a store: the run records approval_parked, checkpoints the pending call and stops without making it")
    func parks() async throws {
        let (tool, store, result, events) = try await Self.parked()
        guard case .awaitingApproval(let request) = result.stop else {
            Issue.record("expected a parked run, found \(result.stop)")
            return
        }
        #expect(request.callID == "c1" && request.tool.name == "refund")
        #expect(tool.calls == 0)
        #expect(events.events.suffix(2).map(\.label) == ["approvalParked", "checkpointSaved"])
        let snapshot = try RunSnapshot(json: try #require(try store.latest().checkpoint).state)
        #expect(snapshot.pendingApproval == RunSnapshot.PendingApproval(callID: "c1", tool: "refund", arguments: ["order_id": "1042"]))
        #expect(snapshot.callsPerTool["refund", default: 0] == 0, "a parked call is not counted against the per-tool limit")
        #expect(snapshot.toolCalls == 0)
    }

    @Test("resumed with the decision, a new process makes the parked call once without asking again, and finishes")
    func resumesWithDecision() async throws {
        let (tool, store, _, _) = try await Self.parked()
        let approver = ScriptedApprover()
        let events = CollectingEventSink()
        let result = try await Self.agent([.answer("Refunded.")], tool: tool, store: store, approver: approver, events: events)
            .resume(approval: .approveWithEdits(["order_id": "1042", "amount": 30]))
        #expect(result.answer == "Refunded.")
        #expect(approver.requests.isEmpty, "the decision came with the resume; nobody is asked again")
        #expect(tool.calls == 1 && tool.applied == 1)
        #expect(Array(events.events.map(\.label).prefix(3)) == ["resumed", "approvalAnswered", "checkpointSaved"])
        #expect(events.events.contains { if case .toolCalled(_, _, let arguments, _, _) = $0 { arguments["amount"] == 30 } else { false } })
    }

    @Test("a crash after the decision was checkpointed: the next resume uses the kept decision and the write is applied once")
    func decisionSurvivesACrash() async throws {
        let (tool, store, _, _) = try await Self.parked()
        // The first resume applies the refund, then the process dies before the result is saved:
        // here, by keeping only the checkpoints up to the decision.
        let history = HistoryStore()
        _ = try history.save(try #require(try store.latest().checkpoint).state, after: nil)
        _ = try await Self.agent([.answer("Refunded.")], tool: tool, store: history, approver: ScriptedApprover()).resume(approval: .approve)
        let decided = try #require(history.saved.first { (try? RunSnapshot(json: $0.state))?.approvals.values.contains(.approve) == true })
        let afterCrash = InMemoryCheckpointStore()
        _ = try afterCrash.save(decided.state, after: nil)
        let approver = ScriptedApprover()
        let result = try await Self.agent([.answer("Refunded.")], tool: tool, store: afterCrash, approver: approver).resume()
        #expect(result.answer == "Refunded.")
        #expect(approver.requests.isEmpty)
        #expect(tool.calls == 2 && tool.applied == 1)
    }

    @Test("resumed without a decision, or with another deferral, the run stays parked and makes nothing")
    func staysParked() async throws {
        let (tool, store, _, _) = try await Self.parked()
        for decision in [nil, ApprovalDecision.deferred(reason: "still queued")] {
            let result = try await Self.agent([], tool: tool, store: store, approver: ScriptedApprover()).resume(approval: decision)
            guard case .awaitingApproval = result.stop else {
                Issue.record("expected the run to stay parked, found \(result.stop)")
                continue
            }
        }
        #expect(tool.calls == 0)
    }

    @Test("a denial that comes later: the call is not made and the model hears why")
    func laterDenial() async throws {
        let (tool, store, _, _) = try await Self.parked()
        let result = try await Self.agent([.answer("Not refunded.")], tool: tool, store: store, approver: ScriptedApprover())
            .resume(approval: .deny(reason: "needs the receipt"))
        #expect(tool.calls == 0)
        #expect(result.messages.contains { $0.role == .tool && $0.isError && $0.content.contains("needs the receipt") })
    }

    @Test("without a store an agent cannot wait for a later decision: the call is given up and the model is told so")
    func noStoreGivesUp() async throws {
        let tool = try KeyedWrite()
        let result = await Self.agent([Self.refund, .answer("Could not.")], tool: tool, store: nil, approver: ScriptedApprover([.deferred(reason: "queued")])).run("Refund 1042.")
        #expect(result.answer == "Could not.")
        #expect(tool.calls == 0)
        #expect(result.messages.contains { $0.role == .tool && $0.content.contains("cannot wait for a later decision") })
    }

    @Test("a decision for a run that is not parked is a typed error")
    func decisionWithoutParking() async throws {
        let store = InMemoryCheckpointStore()
        _ = await Self.agent([.answer("Hi.")], tool: try KeyedWrite(), store: store, approver: ScriptedApprover()).run("Hello.")
        await #expect(throws: CheckpointError.noPendingApproval(decision: "approve")) {
            _ = try await Self.agent([], tool: try KeyedWrite(), store: store, approver: ScriptedApprover()).resume(approval: .approve)
        }
    }

    /// A store whose disk refuses every write.
    struct RefusingStore: CheckpointStore {
        func save(_ state: JSONValue, after previous: Int?) throws(CheckpointError) -> Checkpoint { throw .writeFailed(path: "disk", reason: "full") }
        func latest() throws(CheckpointError) -> CheckpointRecovery { CheckpointRecovery(checkpoint: nil) }
    }

    @Test("a run whose parking cannot be checkpointed does not park (it could never resume): the call is given up as approval_pending")
    func parkingThatCannotBeSaved() async throws {
        let tool = try KeyedWrite()
        let events = CollectingEventSink()
        let result = await Self.agent([Self.refund, .answer("Could not.")], tool: tool, store: RefusingStore(), approver: ScriptedApprover([.deferred(reason: "queued")]), events: events)
            .run("Refund 1042.")
        #expect(result.answer == "Could not.")
        #expect(tool.calls == 0)
        #expect(events.events.contains { if case .toolRejected(_, let error) = $0 { error.kind == .approvalPending } else { false } })
    }

    @Test("a kept decision is for its own call: a later call that reuses the id, to another tool or with other arguments, is asked about again")
    func decisionIsForItsOwnCall() {
        let key = Agent.approvalKey(callID: "c1", tool: "refund", arguments: ["order_id": "1042", "amount": 5])
        #expect(key == Agent.approvalKey(callID: "c1", tool: "refund", arguments: ["amount": 5, "order_id": "1042"]))
        #expect(key != Agent.approvalKey(callID: "c1", tool: "refund", arguments: ["order_id": "1043", "amount": 5]))
        #expect(key != Agent.approvalKey(callID: "c1", tool: "delete", arguments: ["order_id": "1042", "amount": 5]))
        #expect(key != Agent.approvalKey(callID: "c2", tool: "refund", arguments: ["order_id": "1042", "amount": 5]))
    }

    @Test("an approval given at once is checkpointed before the call: resumed after a crash at the call, the run does not ask the human again")
    func immediateDecisionIsKept() async throws {
        let tool = try KeyedWrite()
        let history = HistoryStore()
        _ = await Self.agent([Self.refund, .answer("Refunded.")], tool: tool, store: history, approver: ScriptedApprover([.approve])).run("Refund 1042.")
        let decided = try #require(history.saved.first { (try? RunSnapshot(json: $0.state))?.approvals.values.contains(.approve) == true })
        #expect(try RunSnapshot(json: decided.state).messages.last?.toolCalls.map(\.id) == ["c1"], "saved before the call's result")
        let afterCrash = InMemoryCheckpointStore()
        _ = try afterCrash.save(decided.state, after: nil)
        let approver = ScriptedApprover()
        let result = try await Self.agent([.answer("Refunded.")], tool: tool, store: afterCrash, approver: approver).resume()
        #expect(result.answer == "Refunded.")
        #expect(approver.requests.isEmpty)
        #expect(tool.calls == 2 && tool.applied == 1)
    }
}
