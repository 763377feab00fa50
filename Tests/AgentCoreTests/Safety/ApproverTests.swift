import AgentCore
import Testing

@Suite struct ApproverTests {
    static let refundParameters = #"""
        {"type": "object", "properties": {"order_id": {"type": "string"}, "amount": {"type": "number", "minimum": 0.01}},
         "required": ["order_id", "amount"], "additionalProperties": false}
        """#

    private func refundTool() throws -> RecordingTool {
        RecordingTool(
            try makeSpec("refund_order", risk: .irreversible, needsApproval: true, parameters: Self.refundParameters),
            returning: ["refunded": true])
    }

    private let call = ToolCall(id: "c1", name: "refund_order", arguments: ["order_id": "NW-1", "amount": 25])

    @Test("An approved call runs with the requested arguments")
    func approve() async throws {
        let tool = try refundTool()
        let approver = ScriptedApprover([.approve])
        let run = try await runSingleCall(call, tools: [tool], approver: approver)
        #expect(tool.receivedArguments == [["order_id": "NW-1", "amount": 25]])
        #expect(approver.requests == [ApprovalRequest(callID: "c1", tool: tool.spec, arguments: ["order_id": "NW-1", "amount": 25])])
        #expect(!run.toolMessage.isError)
        #expect(run.content == ["refunded": true])
        #expect(run.labels.filter { $0.hasPrefix("approval") || $0.hasPrefix("tool") }
            == ["approvalRequested", "approvalAnswered", "toolCalled", "toolReturned"])
    }

    @Test("A denied call never reaches the tool; the model gets permission_denied with the reason")
    func deny() async throws {
        let tool = try refundTool()
        let approver = ScriptedApprover([.deny(reason: "Refunds over 20 need a manager.")])
        let run = try await runSingleCall(call, tools: [tool], approver: approver)
        #expect(tool.callCount == 0)
        #expect(run.toolMessage.isError)
        #expect(run.content == ToolError(.permissionDenied, "A human reviewer denied this call: Refunds over 20 need a manager.", retryable: false).json)
        #expect(run.errorKind == "permission_denied")
        #expect(run.events.contains(.approvalAnswered(callID: "c1", tool: "refund_order", decision: .deny(reason: "Refunds over 20 need a manager."))))
        #expect(!run.labels.contains("toolCalled"))
    }

    @Test("An edited approval runs the tool with the edited arguments")
    func approveWithEdits() async throws {
        let tool = try refundTool()
        let edited: JSONValue = ["order_id": "NW-1", "amount": 20]
        let run = try await runSingleCall(call, tools: [tool], approver: ScriptedApprover([.approveWithEdits(edited)]))
        #expect(tool.receivedArguments == [edited])
        #expect(run.events.contains(.toolCalled(callID: "c1", tool: "refund_order", arguments: edited, dryRun: false)))
        #expect(!run.toolMessage.isError)
    }

    @Test("Edited arguments that break the schema are refused and the tool is not called", arguments: [
        (#"{"order_id": "NW-1", "amount": 0}"#, "arguments/amount: expected a number >= 0.01, found 0"),
        (#"{"order_id": "NW-1"}"#, #"arguments: missing required key "amount""#),
    ])
    func invalidEdits(edited: String, details: String) async throws {
        let tool = try refundTool()
        let run = try await runSingleCall(call, tools: [tool], approver: ScriptedApprover([.approveWithEdits(try json(edited))]))
        #expect(tool.callCount == 0)
        #expect(run.toolMessage.isError)
        #expect(run.errorKind == "invalid")
        #expect(run.errorMessage == #"The reviewer's edited arguments are invalid: Invalid arguments for "refund_order": "# + details + ".")
        #expect(run.content["error"]?["retryable"] == false)
        #expect(!run.labels.contains("toolCalled"))
    }

    @Test("Arguments are checked before the approver is asked")
    func invalidArgumentsNeverReachApprover() async throws {
        let tool = try refundTool()
        let approver = ScriptedApprover([.approve])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "refund_order", arguments: #"{"order_id": "NW-1", "amount": "lots"}"#),
            tools: [tool], approver: approver)
        #expect(approver.requests.isEmpty)
        #expect(run.errorKind == "invalid_arguments")
        #expect(tool.callCount == 0)
    }

    @Test("Each call is reviewed separately, in order")
    func eachCallReviewed() async throws {
        let tool = try refundTool()
        let approver = ScriptedApprover([.deny(reason: "no"), .approve])
        let calls = [
            ToolCall(id: "a", name: "refund_order", arguments: ["order_id": "NW-1", "amount": 5]),
            ToolCall(id: "b", name: "refund_order", arguments: ["order_id": "NW-2", "amount": 6]),
        ]
        let model = ScriptedModel([ModelResponse(toolCalls: calls), .answer("ok")])
        let result = await makeAgent(model: model, tools: [tool], approver: approver).run("Refund both.")
        #expect(approver.requests.map(\.callID) == ["a", "b"])
        #expect(tool.receivedArguments == [["order_id": "NW-2", "amount": 6]])
        #expect(result.toolMessages.map(\.isError) == [true, false])
    }

    @Test("Decisions are labelled approve, deny and edit", arguments: [
        (ApprovalDecision.approve, "approve"), (.deny(reason: "x"), "deny"), (.approveWithEdits([:]), "edit"),
    ])
    func labels(decision: ApprovalDecision, label: String) {
        #expect(decision.label == label)
    }

    @Test("ApproveAll approves everything")
    func approveAll() async throws {
        let request = ApprovalRequest(callID: "c1", tool: try makeSpec("refund_order", risk: .irreversible), arguments: [:])
        #expect(await ApproveAll().review(request) == .approve)
    }
}
