import AgentCore
import Synchronization
import Testing

/// `Agent.idempotencyKey(run:tool:arguments:)`: one key per operation (run, tool, canonical arguments).
@Suite struct IdempotencyKeyTests {
    /// Records the context of every call it gets.
    final class ContextTool: Tool {
        let spec: ToolSpec
        private let log = Mutex<[ToolCallContext]>([])

        init(_ spec: ToolSpec) {
            self.spec = spec
        }

        var contexts: [ToolCallContext] { log.withLock { $0 } }

        func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
            log.withLock { $0.append(context) }
            return .json(["ok": true])
        }
    }

    @Test("the key does not depend on the order of object keys, at any depth")
    func keyOrder() throws {
        let one = try json(#"{"order_id": "1042", "amount": 5, "meta": {"a": 1, "b": [{"x": 1, "y": 2}]}}"#)
        let other = try json(#"{"meta": {"b": [{"y": 2, "x": 1}], "a": 1}, "amount": 5, "order_id": "1042"}"#)
        #expect(Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: one) == Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: other))
    }

    @Test("the key names the run and the tool, and differs for other arguments, another tool or another run")
    func keyDiffers() throws {
        let arguments: JSONValue = ["order_id": "1042", "amount": 5]
        let key = Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: arguments)
        #expect(key.hasPrefix("r1-refund_order-"))
        #expect(key != Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: ["order_id": "1042", "amount": 6]))
        #expect(key != Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: ["order_id": "1043", "amount": 5]))
        #expect(key != Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: ["order_id": "1042"]))
        #expect(key != Agent.idempotencyKey(run: "r1", tool: "refund_order", arguments: [["order_id": "1042", "amount": 5]]))
        #expect(key != Agent.idempotencyKey(run: "r1", tool: "cancel_order", arguments: arguments))
        #expect(key != Agent.idempotencyKey(run: "r2", tool: "refund_order", arguments: arguments))
        // Array order is meaningful.
        #expect(Agent.idempotencyKey(run: "r1", tool: "t", arguments: ["ids": [1, 2]]) != Agent.idempotencyKey(run: "r1", tool: "t", arguments: ["ids": [2, 1]]))
    }

    @Test("the agent gives two calls of the same write (two call ids, keys in another order) one key, named by its run id")
    func sameWriteSameKey() async throws {
        let tool = ContextTool(try makeSpec("refund_order", risk: .write))
        let model = ScriptedModel([
            .call("c1", "refund_order", #"{"order_id": "1042", "amount": 5}"#),
            .call("c2", "refund_order", #"{"amount": 5, "order_id": "1042"}"#),
            .call("c3", "refund_order", #"{"order_id": "1043", "amount": 5}"#),
            .answer("Done."),
        ])
        let configuration = AgentConfiguration(resilience: ResilienceConfiguration(idempotencyKeys: true), runID: "trial-9")
        _ = await makeAgent(model: model, tools: [tool], configuration: configuration).run("Refund.")
        let keys = tool.contexts.map(\.idempotencyKey)
        #expect(keys.count == 3)
        #expect(keys[0] == Agent.idempotencyKey(run: "trial-9", tool: "refund_order", arguments: ["order_id": "1042", "amount": 5]))
        #expect(keys[0] == keys[1])
        #expect(keys[2] != nil && keys[2] != keys[0])
        #expect(tool.contexts.map(\.callID) == ["c1", "c2", "c3"])
    }

    @Test("reads get no key, and neither do writes when keys are off")
    func noKey() async throws {
        let read = ContextTool(try makeSpec("get_order"))
        let write = ContextTool(try makeSpec("refund_order", risk: .write))
        let model = ScriptedModel([.call("c1", "get_order", "{}"), .call("c2", "refund_order", "{}"), .answer("Done.")])
        _ = await makeAgent(model: model, tools: [read, write], configuration: AgentConfiguration(resilience: ResilienceConfiguration(idempotencyKeys: true))).run("Go.")
        #expect(read.contexts.map(\.idempotencyKey) == [nil])
        #expect(write.contexts.first?.idempotencyKey?.isEmpty == false)

        let plain = ContextTool(try makeSpec("refund_order", risk: .write))
        _ = await makeAgent(model: ScriptedModel([.call("c1", "refund_order", "{}"), .answer("Done.")]), tools: [plain]).run("Go.")
        #expect(plain.contexts.map(\.idempotencyKey) == [nil])
    }
}
