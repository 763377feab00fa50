import AgentCore
import Testing

@Suite struct ApprovalPolicyTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var policy: ApprovalPolicy
        var risk: ToolRisk
        var needsApproval: Bool
        var asks: Bool
        var testDescription: String { "\(policy.rawValue), \(risk.rawValue), needsApproval \(needsApproval) → \(asks ? "ask" : "act")" }
    }

    static let cases: [Case] = [
        Case(policy: .perTool, risk: .read, needsApproval: false, asks: false),
        Case(policy: .perTool, risk: .write, needsApproval: false, asks: false),
        Case(policy: .perTool, risk: .irreversible, needsApproval: false, asks: false),
        Case(policy: .perTool, risk: .read, needsApproval: true, asks: true),
        Case(policy: .perTool, risk: .irreversible, needsApproval: true, asks: true),
        Case(policy: .allWrites, risk: .read, needsApproval: false, asks: false),
        Case(policy: .allWrites, risk: .write, needsApproval: false, asks: true),
        Case(policy: .allWrites, risk: .irreversible, needsApproval: false, asks: true),
        Case(policy: .allWrites, risk: .read, needsApproval: true, asks: true),
        Case(policy: .none, risk: .read, needsApproval: true, asks: false),
        Case(policy: .none, risk: .write, needsApproval: true, asks: false),
        Case(policy: .none, risk: .irreversible, needsApproval: true, asks: false),
    ]

    @Test("requiresApproval follows the policy", arguments: cases)
    func requiresApproval(_ testCase: Case) throws {
        let spec = try makeSpec("t", risk: testCase.risk, needsApproval: testCase.needsApproval)
        #expect(testCase.policy.requiresApproval(spec) == testCase.asks)
    }

    @Test("The agent asks the approver exactly when the policy says so, and otherwise runs the tool", arguments: cases)
    func agentAsks(_ testCase: Case) async throws {
        let tool = RecordingTool(try makeSpec("t", risk: testCase.risk, needsApproval: testCase.needsApproval))
        let approver = ScriptedApprover([.approve])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "t", arguments: "{}"), tools: [tool],
            configuration: AgentConfiguration(approvalPolicy: testCase.policy), approver: approver)
        #expect(approver.requests.count == (testCase.asks ? 1 : 0))
        #expect(run.labels.contains("approvalRequested") == testCase.asks)
        #expect(tool.callCount == 1)
    }

    @Test("Policies use the agent file's names")
    func rawValues() {
        #expect(ApprovalPolicy.allCases.map(\.rawValue) == ["per_tool", "all_writes", "none"])
        #expect(ApprovalPolicy(rawValue: "all_writes") == .allWrites)
    }
}
