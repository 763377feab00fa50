import Testing
import AgentCore
@testable import Gauntlet

/// A `ScriptedModel` playing reference policies against a real AgentCore `Agent` with mock tools.
@Suite struct ScriptedModelTests {
    static func shopTools() throws -> [ToolDefinition] {
        [
            try makeTool("find_customer", effect: [.find("/customers", where: jsonObject(["email": "${args.email}"]), limit: 1, as: "found")], result: "${found}"),
            try makeTool("list_orders", effect: [.find("/orders", where: jsonObject(["customer": "${args.customer_id}"]), as: "orders")], result: "${orders}"),
            try makeTool("get_order", effect: [.get("/orders/${args.order_id}", as: "order", message: "No order ${args.order_id}.")], result: "${order}"),
            try makeTool("refund_order", risk: .irreversible, needsApproval: true, latencyMs: 450, effect: [
                .get("/orders/${args.order_id}", as: "order"),
                .require("${order.status}", .isIn(["shipped", "delivered"]), error: "conflict", message: "Order ${args.order_id} is ${order.status}."),
                .update("/orders/${args.order_id}", set: jsonObject(["status": "refunded"]), as: "updated"),
                .append("/refunds", value: ["order_id": "${args.order_id}", "amount": "${args.amount}"]),
            ], result: ["order_id": "${args.order_id}", "refunded": "${args.amount}", "status": "${updated.status}"]),
        ]
    }

    static let approveRefunds = [ApprovalRule(tool: "refund_order", decision: .approve)]

    @Test("results bind into the arguments of later calls, keeping their types, and into the answer")
    func bindingsFlow() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("find_customer", ["email": "dana@example.com"], as: "customers"),
            policyStep("list_orders", ["customer_id": "${customers.0.id}"], as: "orders"),
            policyStep("refund_order", ["order_id": "${orders.0.id}", "amount": "${orders.0.total}"], as: "refund"),
        ], answer: "Refunded ${refund.refunded} for order ${refund.order_id} (${refund.status}).")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState, approvals: Self.approveRefunds)
        #expect(run.calls == [
            recorded("find_customer", ["email": "dana@example.com"]),
            recorded("list_orders", ["customer_id": "C-1"]),
            recorded("refund_order", ["order_id": "1042", "amount": 129.5]),
        ])
        #expect(run.answer == "Refunded 129.5 for order 1042 (refunded).")
        #expect(run.finalWorld[pointer: JSONPointer(tokens: ["orders", "1042", "status"])] == "refunded")
        #expect(run.finalWorld["refunds"] == [["order_id": "1042", "amount": 129.5]])
        #expect(run.result.steps == 4)
        #expect(run.result.toolCalls == 3)
        #expect(run.clock.now == .milliseconds(450))
    }

    @Test("a retry handler retries n more times, then falls through to the next handler")
    func retryThenFallThrough() async throws {
        let flaky = try FlakyTool(name: "check_stock", failures: 100)
        let policy = ReferencePolicy(steps: [
            policyStep("check_stock", ["sku": "K-1"], as: "stock", onError: [
                handler(.retry(2)),
                handler(.giveUp("Gave up after ${error.kind}: ${error.message}")),
            ]),
        ], answer: "In stock: ${stock.count}")
        let run = await runScripted(policy, extraTools: [flaky])
        #expect(flaky.calls == 3)
        #expect(run.calls == Array(repeating: recorded("check_stock", ["sku": "K-1"]), count: 3))
        #expect(run.events.filter { $0.kind == "tool_call" }.map { $0.data["call_id"] } == ["call_1", "call_2", "call_3"])
        #expect(run.answer == "Gave up after unavailable: attempt 3 failed")
    }

    @Test("a retried call that recovers continues the policy with its result bound")
    func retryRecovers() async throws {
        let flaky = try FlakyTool(name: "check_stock", failures: 2, result: ["count": 4])
        let policy = ReferencePolicy(steps: [
            policyStep("check_stock", ["sku": "K-1"], as: "stock", onError: [handler(.retry(3)), handler(.giveUp("no"))]),
        ], answer: "In stock: ${stock.count}")
        let run = await runScripted(policy, extraTools: [flaky])
        #expect(flaky.calls == 3)
        #expect(run.answer == "In stock: 4")
    }

    @Test("retry handlers for different kinds each allow their own number of retries")
    func retryBudgetsPerHandler() async throws {
        // timeout → first handler retries (1 of 2); unavailable → second handler retries (1 of 1); then success.
        let flaky = try FlakyTool(name: "check_stock", failing: [.timeout, .unavailable], result: ["count": 4])
        let policy = ReferencePolicy(steps: [
            policyStep("check_stock", ["sku": "K-1"], as: "stock", onError: [
                handler(when: ["timeout"], .retry(2)),
                handler(when: ["unavailable"], .retry(1)),
            ]),
        ], answer: "In stock: ${stock.count}")
        let run = await runScripted(policy, extraTools: [flaky])
        #expect(flaky.calls == 3)
        #expect(run.answer == "In stock: 4")
    }

    @Test("a later retry handler allows its own retries after an earlier one is used up")
    func chainedRetryHandlers() async throws {
        let flaky = try FlakyTool(name: "check_stock", failures: 3, result: ["count": 4])
        let policy = ReferencePolicy(steps: [
            policyStep("check_stock", ["sku": "K-1"], as: "stock", onError: [handler(.retry(1)), handler(.retry(2))]),
        ], answer: "In stock: ${stock.count}")
        let run = await runScripted(policy, extraTools: [flaky])
        #expect(flaky.calls == 4)
        #expect(run.answer == "In stock: 4")
    }

    @Test("handlers whose when does not list the error's kind are skipped")
    func whenFiltersHandlers() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("get_order", ["order_id": "9"], as: "order", onError: [
                handler(when: ["conflict"], .giveUp("wrong handler")),
                handler(when: ["unavailable"], .retry(5)),
                handler(when: ["not_found", "invalid"], .escalate("Escalated (${error.kind}): ${error.message}")),
            ]),
        ], answer: "Found ${order.id}.")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        #expect(run.toolNames == ["get_order"])
        #expect(run.answer == "Escalated (not_found): No order 9.")
    }

    @Test("an alternative runs instead, and the failed step's binding receives the alternative's last result")
    func alternative() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("get_order", ["order_id": "NW-1"], as: "order", onError: [
                handler(when: ["not_found"], .alternative([
                    policyStep("list_orders", ["customer_id": "C-2"], as: "orders"),
                    policyStep("get_order", ["order_id": "${orders.0.id}"]),
                ])),
            ]),
            policyStep("list_orders", ["customer_id": "${order.customer}"], as: "same"),
        ], answer: "Order ${order.id} is ${order.status}; the customer has ${same.0.id}; found via ${orders.0.id}.")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        #expect(run.calls == [
            recorded("get_order", ["order_id": "NW-1"]),
            recorded("list_orders", ["customer_id": "C-2"]),
            recorded("get_order", ["order_id": "1043"]),
            recorded("list_orders", ["customer_id": "C-2"]),
        ])
        #expect(run.answer == "Order 1043 is delivered; the customer has 1043; found via 1043.")
    }

    @Test("give_up answers with its text, ${error.kind} and ${error.message} rendered, and stops")
    func giveUp() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("get_order", ["order_id": "9"], as: "order", onError: [handler(.giveUp("Sorry: ${error.kind} / ${error.message}"))]),
            policyStep("list_orders", ["customer_id": "C-1"]),
        ], answer: "done")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        #expect(run.answer == "Sorry: not_found / No order 9.")
        #expect(run.toolNames == ["get_order"])
        #expect(run.result.steps == 2)
    }

    @Test("escalate answers with its text rendered; a denied approval never reaches the tool")
    func escalateAfterDenial() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("refund_order", ["order_id": "1042", "amount": 129.5], as: "refund", onError: [
                handler(when: ["permission_denied"], .escalate("Passed to a colleague (${error.kind}): ${error.message}")),
            ]),
        ], answer: "Refunded.")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState,
                                    approvals: [ApprovalRule(tool: "refund_order", decision: .deny, reason: "over the limit")])
        #expect(run.answer == "Passed to a colleague (permission_denied): A human reviewer denied this call: over the limit")
        #expect(run.calls.isEmpty)
        #expect(run.events.map(\.kind).contains("approval_answered"))
        #expect(run.finalWorld == shopState)
    }

    @Test("an error no handler takes produces an honest could-not-complete answer")
    func unhandledError() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("get_order", ["order_id": "9"], as: "order"),
            policyStep("list_orders", ["customer_id": "C-1"]),
        ], answer: "Found ${order.id}.")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        #expect(run.answer == "I could not complete this request: get_order failed (not_found: No order 9.).")
        #expect(run.toolNames == ["get_order"])
    }

    @Test("a conflict raised by a tool's require reaches the policy with its kind and message")
    func requireConflict() async throws {
        let world = try #require({ () -> JSONValue? in
            var state = shopState
            guard state.set("cancelled", at: JSONPointer(tokens: ["orders", "1042", "status"])) else { return nil }
            return state
        }())
        let policy = ReferencePolicy(steps: [
            policyStep("refund_order", ["order_id": "1042", "amount": 10], onError: [handler(when: ["conflict"], .escalate("${error.message} I've passed it on."))]),
        ], answer: "Refunded.")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: world, approvals: Self.approveRefunds)
        #expect(run.answer == "Order 1042 is cancelled. I've passed it on.")
        #expect(run.finalWorld == world)
    }

    @Test("a call whose arguments need data that is not there ends with an answer saying so")
    func missingData() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("find_customer", ["email": "nobody@example.com"], as: "customers"),
            policyStep("list_orders", ["customer_id": "${customers.0.id}"]),
        ], answer: "done")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        #expect(run.toolNames == ["find_customer"])
        #expect(run.answer == #"I could not continue: the next call to list_orders needs data I do not have (template "${customers.0.id}" ${customers.0.id} does not resolve: "customers" has no 0.id)."#)
    }

    @Test("a policy with no steps answers at once")
    func noSteps() async throws {
        let policy = ReferencePolicy(steps: [], answer: "Please send your order number.")
        let run = await runScripted(policy, tools: [], prompt: "Hi there")
        #expect(run.answer == "Please send your order number.")
        #expect(run.result.steps == 1)
        #expect(run.result.toolCalls == 0)
        #expect(run.calls.isEmpty)
        // (8 prompt + 11 system prompt + 3) / 4 in, (30 + 3) / 4 out.
        #expect(run.result.usage == TokenUsage(input: 5, output: 8))
    }

    @Test("token usage is the same on every run of the same policy")
    func deterministicUsage() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("find_customer", ["email": "dana@example.com"], as: "customers"),
            policyStep("list_orders", ["customer_id": "${customers.0.id}"], as: "orders"),
        ], answer: "You have ${orders} orders.")
        let first = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        let second = await runScripted(policy, tools: try Self.shopTools(), world: shopState)
        #expect(first.result.usage == second.result.usage)
        #expect(first.result.usage.total > 0)
        #expect(first.events == second.events)
    }

    @Test("usage is estimated at about four characters a token, counting tools at 40 characters each plus name and description")
    func estimateUsage() throws {
        let request = ModelRequest(systemPrompt: "abcd", messages: [
            .user("12345678"),
            Message(role: .assistant, content: "", toolCalls: [ToolCall(id: "c1", name: "get", arguments: "{}")]),
        ], tools: [ToolSpec(name: "t", description: "d", parameters: try JSONSchema(["type": "object"]))])
        // 4 + 8 + (3 + 2) + (1 + 1 + 40) = 59 characters in; 5 out.
        #expect(ScriptedModel.estimateUsage(request, ModelResponse(text: "hello")) == TokenUsage(input: 15, output: 2))
        // A response of nothing still costs one output token.
        #expect(ScriptedModel.estimateUsage(request, ModelResponse()) == TokenUsage(input: 15, output: 1))
        let call = ModelResponse(toolCalls: [ToolCall(id: "c2", name: "get_order", arguments: #"{"order_id":"1"}"#)])
        #expect(ScriptedModel.estimateUsage(request, call) == TokenUsage(input: 15, output: 7))
    }

    @Test("a new instance given a conversation midway catches up with it: the same next call, with the same id and bound arguments, as the instance that held it")
    func catchesUpWithAResumedConversation() async throws {
        let policy = ReferencePolicy(steps: [
            policyStep("find_customer", ["email": "dana@example.com"], as: "customers"),
            policyStep("list_orders", ["customer_id": "${customers.0.id}"], as: "orders"),
            policyStep("refund_order", ["order_id": "${orders.0.id}", "amount": "${orders.0.total}"], as: "refund"),
        ], answer: "Refunded ${refund.refunded}.")
        let run = await runScripted(policy, tools: try Self.shopTools(), world: shopState, approvals: Self.approveRefunds)
        // The conversation as it stood when the model was asked for its third call.
        let asked = try #require(run.result.messages.indices.filter { run.result.messages[$0].role == .assistant }.dropFirst(2).first)
        let earlier = Array(run.result.messages[..<asked])
        let fresh = ScriptedModel(policy: policy)
        let response = try await fresh.respond(to: ModelRequest(systemPrompt: "", messages: earlier, tools: []))
        #expect(response.toolCalls == run.result.messages[asked].toolCalls)
        #expect(response.toolCalls.first?.arguments.contains("129.5") == true)
    }
}
