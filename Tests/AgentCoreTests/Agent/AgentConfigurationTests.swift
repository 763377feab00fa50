import AgentCore
import Testing

@Suite struct AgentConfigurationTests {
    @Test("The defaults: no prompt, no budgets, every tool, per-tool approval, real calls")
    func defaults() {
        let configuration = AgentConfiguration()
        #expect(configuration.systemPrompt == "")
        #expect(configuration.budgets == Budgets())
        #expect(configuration.allowedTools == nil)
        #expect(configuration.approvalPolicy == .perTool)
        #expect(!configuration.dryRun)
    }

    @Test("Without an allow-list every tool is offered, in the order given, with the system prompt")
    func everyToolOffered() async throws {
        let tools = [RecordingTool(try makeSpec("b_tool")), RecordingTool(try makeSpec("a_tool", risk: .write))]
        let model = ScriptedModel([.answer("ok")])
        _ = await makeAgent(model: model, tools: tools, configuration: AgentConfiguration(systemPrompt: "Rules.")).run("Hi")
        #expect(model.requests.first?.tools == tools.map(\.spec))
        #expect(model.requests.first?.systemPrompt == "Rules.")
    }

    // MARK: Dry run

    @Test("Dry run records write and irreversible calls without running them; read tools still run")
    func dryRun() async throws {
        let getOrder = RecordingTool(try makeSpec("get_order"), returning: ["status": "delivered"])
        let updateAddress = RecordingTool(try makeSpec("update_address", risk: .write))
        let refundOrder = RecordingTool(try makeSpec("refund_order", risk: .irreversible))
        let calls = [
            ToolCall(id: "c1", name: "get_order", arguments: ["order_id": "NW-1"]),
            ToolCall(id: "c2", name: "update_address", arguments: ["line": "1 Main St"]),
            ToolCall(id: "c3", name: "refund_order", arguments: ["order_id": "NW-1"]),
        ]
        let model = ScriptedModel([ModelResponse(toolCalls: calls), .answer("Planned.")])
        let sink = CollectingEventSink()
        let result = await makeAgent(
            model: model, tools: [getOrder, updateAddress, refundOrder],
            configuration: AgentConfiguration(approvalPolicy: .none, dryRun: true), events: sink
        ).run("Fix my order.")

        #expect(result.answer == "Planned.")
        #expect(getOrder.callCount == 1)
        #expect(updateAddress.callCount == 0)
        #expect(refundOrder.callCount == 0)
        #expect(sink.events.compactMap(\.toolCalledInfo).map(\.callID) == ["c1", "c2", "c3"])
        #expect(sink.events.compactMap(\.toolCalledInfo).map(\.dryRun) == [false, true, true])
        #expect(sink.events.contains(.toolCalled(callID: "c2", tool: "update_address", arguments: ["line": "1 Main St"], dryRun: true)))

        let recorded: JSONValue = ["dry_run": true, "tool": "update_address", "arguments": ["line": "1 Main St"]]
        #expect(sink.events.contains(.toolReturned(callID: "c2", tool: "update_address", result: recorded)))
        let turns = result.toolMessages
        #expect(turns.map(\.isError) == [false, false, false])
        #expect(turns.map(\.content) == [
            #"{"status":"delivered"}"#,
            #"{"dry_run":true,"tool":"update_address","arguments":{"line":"1 Main St"}}"#,
            #"{"dry_run":true,"tool":"refund_order","arguments":{"order_id":"NW-1"}}"#,
        ])
    }

    @Test("Dry run skips approval for side-effecting tools", arguments: [ApprovalPolicy.perTool, .allWrites])
    func dryRunSkipsApproval(policy: ApprovalPolicy) async throws {
        let refund = RecordingTool(try makeSpec("refund_order", risk: .irreversible, needsApproval: true))
        let approver = ScriptedApprover([.deny(reason: "never")])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "refund_order", arguments: "{}"), tools: [refund],
            configuration: AgentConfiguration(approvalPolicy: policy, dryRun: true), approver: approver)
        #expect(approver.requests.isEmpty)
        #expect(!run.labels.contains("approvalRequested"))
        #expect(refund.callCount == 0)
        #expect(!run.toolMessage.isError)
        #expect(run.content["dry_run"] == true)
    }

    @Test("Dry run still checks arguments against the schema")
    func dryRunValidates() async throws {
        let refund = RecordingTool(try makeSpec("refund_order", risk: .irreversible, parameters: orderIDParameters))
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "refund_order", arguments: #"{"order_id": 7}"#), tools: [refund],
            configuration: AgentConfiguration(dryRun: true))
        #expect(run.errorKind == "invalid_arguments")
        #expect(!run.labels.contains("toolCalled"))
    }
}
