import AgentCore
import Synchronization
import Testing
@testable import Gauntlet

// A real `Agent` wired to the chaos edges (`FaultyTool`, `FaultyModel`, `FaultyApprover`) over one
// trial's `MockWorld`, run under `VirtualClock.run`, with every event in a `TrajectoryRecorder`.

/// Passes requests on to `base`, keeping each one that reached it.
final class ChaosRecordingModel: Model {
    private let base: any Model
    private let log = Mutex<[ModelRequest]>([])

    init(_ base: any Model) {
        self.base = base
    }

    /// The requests that got through to the model, in order (one a model fault refused never does).
    var requests: [ModelRequest] { log.withLock { $0 } }

    func respond(to request: ModelRequest) async throws -> ModelResponse {
        log.withLock { $0.append(request) }
        return try await base.respond(to: request)
    }
}

/// One agent run under a fault profile.
struct ChaosScenario {
    var tools: [ToolDefinition]
    var world: JSONValue = ChaosShop.world
    var policy: ReferencePolicy
    var rules: [FaultRule] = []
    var healAfter: Duration?
    var resilience = ResilienceConfiguration()
    var budgets = Budgets(maxSteps: 40)
    var approvalPolicy: ApprovalPolicy = .perTool
    var approvals: [ApprovalRule] = []
    /// The trial seed the injector draws from.
    var seed: UInt64 = 7
    var jitterSeed: UInt64 = 0
    var prompt = "Please help."
}

/// What a chaos run left behind.
struct ChaosRun {
    var result: AgentRunResult
    var events: [TrajectoryEvent]
    var world: MockWorld
    var clock: VirtualClock
    /// The requests that reached the scripted model.
    var requests: [ModelRequest]

    func events(_ kind: String) -> [TrajectoryEvent] { events.filter { $0.kind == kind } }

    /// Every event kind, in order.
    var kinds: [String] { events.map(\.kind) }
    /// Every event time, in order.
    var times: [Int64] { events.map(\.tMs) }
    var faults: [TrajectoryEvent] { events("fault_injected") }
    var toolCalls: [TrajectoryEvent] { events("tool_call") }
    var toolErrors: [TrajectoryEvent] { events("tool_error") }
    var retries: [TrajectoryEvent] { events("retry_scheduled") }
    /// `delay_ms` of every `retry_scheduled`, in order.
    var retryDelays: [Int64] { retries.compactMap { $0.data["delay_ms"]?.numberValue.map { Int64($0) } } }
    /// The `class` of every `tool_error`.
    var toolErrorClasses: [String] { toolErrors.compactMap { $0.data["error"]?["class"]?.stringValue } }
    /// The `kind` of every `tool_error`.
    var toolErrorKinds: [String] { toolErrors.compactMap { $0.data["error"]?["kind"]?.stringValue } }
    /// The `attempt` of every `tool_call` (1 when the event leaves it out).
    var attempts: [Int] { toolCalls.map { $0.data["attempt"]?.intValue ?? 1 } }
    /// The time the trajectory ends.
    var endMs: Int64 { events.last?.tMs ?? 0 }

    /// The tool turn the conversation holds for `callID`.
    func toolTurn(_ callID: String) -> Message? {
        result.messages.last { $0.role == .tool && $0.toolCallID == callID }
    }

    /// Every tool turn of every request that reached the model: what the model ever saw.
    var toolTurnsSeen: [Message] { requests.flatMap { $0.messages.filter { $0.role == .tool } } }
}

/// Runs `scenario` through a real `Agent` whose edges go through the fault injector.
func runChaos(_ scenario: ChaosScenario, sourceLocation: SourceLocation = #_sourceLocation) async throws -> ChaosRun {
    let clock = VirtualClock()
    let world = MockWorld(state: scenario.world)
    let recorder = TrajectoryRecorder(clock: clock)
    let profile = FaultProfile(name: "test", healAfter: scenario.healAfter, rules: scenario.rules)
    let injector = FaultInjector(profile: profile, seed: scenario.seed, clock: clock, recorder: recorder)
    let tools: [any Tool] = scenario.tools.map { FaultyTool(base: MockTool(definition: $0, world: world, clock: clock), injector: injector) }
    let recording = ChaosRecordingModel(ScriptedModel(policy: scenario.policy))
    let agent = Agent(
        model: FaultyModel(base: recording, injector: injector, clock: clock), tools: tools,
        configuration: AgentConfiguration(
            budgets: scenario.budgets, approvalPolicy: scenario.approvalPolicy, resilience: scenario.resilience, jitterSeed: scenario.jitterSeed),
        approver: FaultyApprover(base: ScriptedApprover(rules: scenario.approvals), injector: injector, clock: clock),
        clock: clock, events: recorder)
    let prompt = scenario.prompt
    let finished = await clock.run(horizon: .seconds(7 * 86_400)) { await agent.run(prompt) }
    let result = try #require(finished, "the agent never returned", sourceLocation: sourceLocation)
    return ChaosRun(result: result, events: recorder.recorded, world: world, clock: clock, requests: recording.requests)
}

/// Rules that fire on one tool, by exact name.
func chaosToolRule(
    _ id: String, _ tool: String, _ fault: Fault, rate: Double = 1, onCalls: [Int]? = nil, afterCalls: Int? = nil, times: Int? = nil,
    from: Duration? = nil, to: Duration? = nil
) -> FaultRule {
    FaultRule(id: id, target: .tools(Glob(tool)), fault: fault, rate: rate, onCalls: onCalls, afterCalls: afterCalls, times: times, from: from, to: to)
}

/// A rule that fires on the model.
func chaosModelRule(_ id: String, _ fault: Fault, rate: Double = 1, onCalls: [Int]? = nil, times: Int? = nil) -> FaultRule {
    FaultRule(id: id, target: .model, fault: fault, rate: rate, onCalls: onCalls, times: times)
}

/// A rule that fires on the approver.
func chaosApproverRule(_ id: String, _ fault: Fault, times: Int? = nil) -> FaultRule {
    FaultRule(id: id, target: .approver, fault: fault, times: times)
}

/// A retry policy without jitter: exactly `initial`, then doubling.
func chaosRetry(_ maxAttempts: Int, initial: Duration = .milliseconds(200), multiplier: Double = 2, jitter: RetryPolicy.Jitter = .none) -> RetryPolicy {
    RetryPolicy(maxAttempts: maxAttempts, initialDelay: initial, multiplier: multiplier, maxDelay: .seconds(60), jitter: jitter, maxRetryAfter: .seconds(60))
}

/// A one-order shop and the tools the chaos tests drive.
enum ChaosShop {
    static let order: JSONValue = ["id": "1042", "status": "shipped", "total": 129.5]

    static let world: JSONValue = [
        "orders": ["1042": order],
        "customers": ["C-1": ["id": "C-1", "name": "Dana Whitfield"]],
        "refunds": [],
    ]

    static let orderIDParameters: JSONValue = [
        "type": "object", "properties": ["order_id": ["type": "string", "minLength": 1]], "required": ["order_id"],
    ]

    /// The result schema of `get_order`: exactly an order.
    static let orderSchema: JSONValue = [
        "type": "object",
        "properties": ["id": ["type": "string"], "status": ["type": "string"], "total": ["type": "number"]],
        "required": ["id", "status", "total"], "additionalProperties": false,
    ]

    /// Reads one order; with `validated`, declares the order schema as its result schema.
    static func getOrder(_ name: String = "get_order", latencyMs: Int = 0, validated: Bool = false) throws -> ToolDefinition {
        ToolDefinition(
            spec: ToolSpec(
                name: name, description: "Reads an order.", parameters: try JSONSchema(orderIDParameters),
                result: validated ? try JSONSchema(orderSchema) : nil, risk: .read),
            latency: .milliseconds(latencyMs),
            effect: [.get("/orders/${args.order_id}", as: "order", message: "No order ${args.order_id}.")], result: "${order}")
    }

    /// Reads a customer.
    static func getCustomer() throws -> ToolDefinition {
        ToolDefinition(
            spec: ToolSpec(name: "get_customer", description: "Reads a customer.", parameters: try JSONSchema(["type": "object"]), risk: .read),
            latency: .zero, effect: [.get("/customers/C-1", as: "customer")], result: "${customer}")
    }

    /// A naive payments API: every call that reaches it appends a refund, whatever came before.
    static func refundOrder(needsApproval: Bool = false, idempotent: Bool? = nil) throws -> ToolDefinition {
        ToolDefinition(
            spec: ToolSpec(
                name: "refund_order", description: "Refunds an order.", parameters: try JSONSchema(orderIDParameters), risk: .write,
                idempotent: idempotent, needsApproval: needsApproval),
            latency: .zero,
            effect: [.append("/refunds", value: ["order_id": "${args.order_id}"], as: "refund")],
            result: ["order_id": "${refund.order_id}", "refunded": true])
    }

    /// Marks the order delivered: a write that makes a new version of it.
    static func markDelivered() throws -> ToolDefinition {
        ToolDefinition(
            spec: ToolSpec(name: "mark_delivered", description: "Marks an order delivered.", parameters: try JSONSchema(orderIDParameters), risk: .write),
            latency: .zero,
            effect: [.update("/orders/${args.order_id}", set: jsonObject(["status": "delivered"]), as: "updated")], result: "${updated}")
    }

    /// Looks the order up and reports its status.
    static let lookup = ReferencePolicy(
        steps: [policyStep("get_order", ["order_id": "1042"], as: "order")], answer: "Order ${order.id} is ${order.status}.")

    /// The answer `lookup` gives when the lookup worked.
    static let lookupAnswer = "Order 1042 is shipped."

    /// Refunds the order.
    static let refund = ReferencePolicy(
        steps: [policyStep("refund_order", ["order_id": "1042"], as: "refund")], answer: "Refunded order ${refund.order_id}.")
}
