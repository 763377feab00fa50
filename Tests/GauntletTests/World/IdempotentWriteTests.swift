import AgentCore
import Synchronization
import Testing
@testable import Gauntlet

/// Idempotency keys end to end: the agent core names the operation, and a `MockWorld`-backed tool
/// applies each keyed write once.
@Suite struct IdempotentWriteTests {
    /// A model that answers from a fixed list of responses, in order.
    private final class ReplayModel: Model {
        private let queue: Mutex<[ModelResponse]>

        init(_ responses: [ModelResponse]) {
            queue = Mutex(responses)
        }

        func respond(to request: ModelRequest) async throws -> ModelResponse {
            try queue.withLock { queue in
                guard !queue.isEmpty else { throw ModelError(kind: "script_exhausted", message: "no more responses") }
                return queue.removeFirst()
            }
        }
    }

    private struct Outcome {
        var result: AgentRunResult
        var world: MockWorld
        var events: [TrajectoryEvent]

        func turn(_ callID: String) -> String? {
            result.messages.last { $0.role == .tool && $0.toolCallID == callID }?.content
        }
    }

    /// A model that asks for the same refund twice (two call ids, the same arguments written in a
    /// different key order), then answers.
    private func refundTwice(idempotencyKeys: Bool) async throws -> Outcome {
        let clock = VirtualClock()
        let world = MockWorld(state: ChaosShop.world)
        let recorder = TrajectoryRecorder(clock: clock)
        let refund = try ToolDefinition(
            spec: ToolSpec(name: "refund_order", description: "Refunds an order.", parameters: JSONSchema(["type": "object"]), risk: .write),
            latency: .zero, effect: [.append("/refunds", value: ["order_id": "${args.order_id}", "amount": "${args.amount}"], as: "refund")],
            result: ["order_id": "${refund.order_id}", "refunded": true])
        let model = ReplayModel([
            ModelResponse(toolCalls: [ToolCall(id: "call_1", name: "refund_order", arguments: #"{"order_id":"1042","amount":5}"#)]),
            ModelResponse(toolCalls: [ToolCall(id: "call_2", name: "refund_order", arguments: #"{"amount":5,"order_id":"1042"}"#)]),
            ModelResponse(text: "Refunded."),
        ])
        let agent = Agent(
            model: model, tools: [MockTool(definition: refund, world: world, clock: clock)],
            configuration: AgentConfiguration(resilience: ResilienceConfiguration(idempotencyKeys: idempotencyKeys), runID: "0x01"),
            approver: ScriptedApprover(rules: []), clock: clock, events: recorder)
        let result = await agent.run("Refund order 1042.")
        return Outcome(result: result, world: world, events: recorder.recorded)
    }

    @Test("with idempotency keys, the same write asked for twice reaches the tool twice but changes the world once, and both calls get the same result")
    func appliedOnce() async throws {
        let run = try await refundTwice(idempotencyKeys: true)
        #expect(run.result.answer == "Refunded.")
        #expect(ToolPath.calls(in: run.events).map(\.tool) == ["refund_order", "refund_order"])
        let key = Agent.idempotencyKey(run: "0x01", tool: "refund_order", arguments: ["order_id": "1042", "amount": 5])
        #expect(run.world.appliedEffects == [MockWorld.AppliedEffect(tool: "refund_order", idempotencyKey: key, arguments: ["amount": 5, "order_id": "1042"])])
        #expect(run.world.snapshot["refunds"] == [["order_id": "1042", "amount": 5]])
        #expect(run.turn("call_1") != nil)
        #expect(run.turn("call_1") == run.turn("call_2"))
    }

    @Test("without idempotency keys, the same write asked for twice is applied twice")
    func appliedTwiceWithoutKeys() async throws {
        let run = try await refundTwice(idempotencyKeys: false)
        #expect(run.world.appliedEffects == [
            MockWorld.AppliedEffect(tool: "refund_order", idempotencyKey: nil, arguments: ["amount": 5, "order_id": "1042"]), MockWorld.AppliedEffect(tool: "refund_order", idempotencyKey: nil, arguments: ["amount": 5, "order_id": "1042"]),
        ])
        #expect(run.world.snapshot["refunds"]?.arrayValue?.count == 2)
    }

    @Test("a read tool ignores a key handed to it: the world is read afresh each time")
    func readsIgnoreKeys() throws {
        let harness = WorldHarness(shopState)
        let tool = harness.tool(try makeTool("count_refunds", effect: [.get("/refunds", as: "refunds")], result: "${refunds}"))
        let refund = harness.tool(try makeTool("refund", risk: .write, effect: [.append("/refunds", value: ["order_id": "1042"])]))
        #expect(try tool.apply([:], idempotencyKey: "k") == [])
        _ = try refund.apply([:], idempotencyKey: "w")
        #expect(try tool.apply([:], idempotencyKey: "k") == [["order_id": "1042"]])
    }
}
