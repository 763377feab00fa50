import AgentCore
@testable import Gauntlet

/// What one run of a real `Agent` driven by a `ScriptedModel` left behind.
struct ScriptedRun {
    var result: AgentRunResult
    var events: [TrajectoryEvent]
    var finalWorld: JSONValue
    var clock: VirtualClock

    var answer: String? { result.answer }
    var calls: [RecordedCall] { ToolPath.calls(in: events) }
    var toolNames: [String] { calls.map(\.tool) }
}

/// Runs `policy` through a real AgentCore `Agent` with mock tools on a fresh world.
func runScripted(
    _ policy: ReferencePolicy, tools: [ToolDefinition] = [], extraTools: [any Tool] = [], world: JSONValue = [:],
    approvals: [ApprovalRule] = [], prompt: String = "Please help.", systemPrompt: String = "Be careful."
) async -> ScriptedRun {
    let clock = VirtualClock()
    let mockWorld = MockWorld(state: world)
    let recorder = TrajectoryRecorder(clock: clock)
    let agent = Agent(
        model: ScriptedModel(policy: policy),
        tools: tools.map { MockTool(definition: $0, world: mockWorld, clock: clock) } + extraTools,
        configuration: AgentConfiguration(systemPrompt: systemPrompt, budgets: Budgets(maxSteps: 40)),
        approver: ScriptedApprover(rules: approvals), clock: clock, events: recorder)
    let result = await agent.run(prompt)
    return ScriptedRun(result: result, events: recorder.recorded, finalWorld: mockWorld.snapshot, clock: clock)
}
