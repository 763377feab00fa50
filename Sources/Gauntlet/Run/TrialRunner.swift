import AgentCore

/// Runs one trial in-process: a fresh world, a virtual clock, the mock tools and human, the agent.
public struct TrialRunner: Sendable {
    public var suite: Suite
    public var agent: AgentVersion
    public var trialTimeoutSeconds: Double
    /// Virtual time after which a trial that is still waiting is a `hang`.
    public var virtualHorizon: Duration = .seconds(24 * 3600)
    /// Sees each event of a trial as it is recorded (a worker streams them, see `CrashTrace`).
    public var eventObserver: (@Sendable (TrajectoryEvent) -> Void)?

    public init(suite: Suite, agent: AgentVersion, trialTimeoutSeconds: Double = 60) {
        self.suite = suite
        self.agent = agent
        self.trialTimeoutSeconds = trialTimeoutSeconds
    }

    /// A trial's result and its trajectory.
    public struct Record: Sendable {
        public var result: TrialResult
        public var events: [TrajectoryEvent]
    }

    /// Runs `task` once under `profile` with this trial's seed, and scores it against `reference`.
    public func run(_ task: SuiteTask, index: Int, seed: UInt64, profile: FaultProfile = FaultProfile(name: "none"), reference: [RecordedCall]) async -> Record {
        let clock = VirtualClock()
        let initialWorld = suite.worlds[task.world]?.state ?? .object(JSONObject())
        let world = MockWorld(state: initialWorld)
        let recorder = TrajectoryRecorder(clock: clock, onEvent: eventObserver)
        let seedText = "0x" + String(seed, radix: 16).leftPadded(to: 16)
        recorder.append("trial_started", JSONObject([
            ("seed", .string(seedText)), ("agent", .string(agent.label)), ("world", .string(task.world)), ("profile", .string(profile.name)),
        ]))
        let injector = profile.rules.isEmpty ? nil : FaultInjector(profile: profile, seed: seed, clock: clock, recorder: recorder)
        var configuration = configuration(for: task)
        configuration.jitterSeed = seed
        configuration.runID = seedText
        // The scripted model plays the policy exactly, whatever else the version says.
        let simulated = agent.model == .simulated
        let behaviour = ScriptedModel.Behaviour(
            mistakes: simulated ? agent.mistakes : ModelMistakes(), gullibility: simulated ? agent.gullibility : 0,
            selfRetries: simulated ? agent.selfRetries : 0, injections: task.injections + profile.injections, seed: seed)
        let traps = agent.model == .trap && agent.trapIn.contains { Glob($0).matches(task.id) }
        let core = makeAgent(for: task, world: world, clock: clock, events: recorder, configuration: configuration, behaviour: behaviour, injector: injector, traps: traps)
        // Two watchdogs: the clock notices a trial whose tasks all wait for something that never
        // comes (or that would sleep past the horizon); the wall-clock one, an agent that spins.
        let horizon = virtualHorizon
        let finished = await Watchdog.run(timeoutSeconds: trialTimeoutSeconds) {
            await clock.run(horizon: horizon) { await core.run(task.prompt) }
        } ?? nil

        // Seal first: after a hang the agent may still be running, and what is scored and written
        // must be one consistent snapshot.
        var events = recorder.seal()
        let finalWorld = world.snapshot
        let endTime = clock.now.milliseconds
        let evidence = TrialEvidence(
            stop: finished?.stop, events: events, finalWorld: finalWorld, steps: finished?.steps ?? 0,
            toolCalls: finished?.toolCalls ?? 0, tokens: finished?.usage.total ?? 0, durationMs: endTime,
            canaries: suite.worlds[task.world]?.canaries ?? [], injections: task.injections + Self.firedInjections(of: profile, in: events))
        let scorer = Scorer()
        var checks = scorer.checks(for: task, evidence: evidence, reference: reference)
        if finished == nil {
            checks.insert(CheckResult(name: "agent returned", passed: false, message: "expected the agent to return, found it still waiting at \(endTime) ms of virtual time (stalled, past the \(virtualHorizon.milliseconds / 1000) s horizon, or over \(trialTimeoutSeconds) s of wall-clock time)"), at: 0)
        }
        var outcome = scorer.outcome(checks: checks, stop: finished?.stop, crashed: false, hung: finished == nil)
        if outcome == .fail, scorer.isGraceful(task, evidence: evidence, checks: checks, initialWorld: initialWorld) { outcome = .graceful }
        events.append(TrajectoryEvent(seq: events.count, tMs: endTime, kind: "trial_finished", data: JSONObject([
            ("outcome", .string(outcome.rawValue)), ("failed_checks", .array(checks.filter { !$0.passed }.map { .string($0.name) })),
        ])))
        let result = TrialResult(
            task: task.id, domain: task.domain, trial: index, seed: seedText, outcome: outcome, checks: checks,
            steps: evidence.steps, toolCalls: evidence.toolCalls, tokens: evidence.tokens, durationMs: evidence.durationMs,
            toolPath: ToolPath.calls(in: events).map(\.tool), answer: finished?.answer, stopReason: Self.describe(finished?.stop),
            profile: profile.name, counters: ResilienceCounters(events: events))
        return Record(result: result, events: events)
    }

    /// The calls the reference policy makes on a fresh world: the path `path` checks compare with.
    public func referencePath(for task: SuiteTask) async -> [RecordedCall] {
        let clock = VirtualClock()
        let recorder = TrajectoryRecorder(clock: clock)
        let world = MockWorld(state: suite.worlds[task.world]?.state ?? .object(JSONObject()))
        let configuration = referenceConfiguration(for: task)
        let core = makeAgent(for: task, world: world, clock: clock, events: recorder, configuration: configuration, behaviour: ScriptedModel.Behaviour(), injector: nil)
        let horizon = virtualHorizon
        _ = await Watchdog.run(timeoutSeconds: trialTimeoutSeconds) {
            await clock.run(horizon: horizon) { await core.run(task.prompt) }
        }
        return ToolPath.calls(in: recorder.recorded)
    }

    /// What the reference path is made with, whatever the agent under test: the task's allow-list
    /// and scope, approval per tool with a 5-minute timeout, result validation, the egress guard, at
    /// most 8 calls per tool, generous budgets, no dry run and no retries.
    func referenceConfiguration(for task: SuiteTask) -> AgentConfiguration {
        var resilience = ResilienceConfiguration()
        resilience.validateResults = true
        resilience.approvalTimeout = .seconds(300)
        return AgentConfiguration(
            budgets: Budgets(maxSteps: 200, maxToolCalls: 200, maxCallsPerTool: 8), allowedTools: Set(task.tools), approvalPolicy: .perTool,
            resilience: resilience, scope: task.scope, egressGuard: EgressGuard(knownSecrets: suite.worlds[task.world]?.canaries ?? []),
            runID: "reference")
    }

    private func configuration(for task: SuiteTask) -> AgentConfiguration {
        AgentConfiguration(
            systemPrompt: agent.systemPrompt, budgets: agent.budgets, allowedTools: agent.enforcesAllowList ? Set(task.tools) : nil,
            approvalPolicy: agent.approval, dryRun: agent.dryRun, resilience: agent.resilience,
            scope: agent.enforcesScope ? task.scope : [:],
            egressGuard: agent.usesEgressGuard ? EgressGuard(knownSecrets: suite.worlds[task.world]?.canaries ?? []) : nil)
    }

    private func makeAgent(
        for task: SuiteTask, world: MockWorld, clock: VirtualClock, events: TrajectoryRecorder, configuration: AgentConfiguration,
        behaviour: ScriptedModel.Behaviour, injector: FaultInjector?, traps: Bool = false
    ) -> Agent {
        // The agent holds every tool of the suite but is allowed only the task's: a model that
        // reaches for another must be refused by the core, and the trajectory shows it.
        let tools: [any Tool] = suite.tools.keys.sorted().compactMap { name in
            suite.tools[name].map { definition -> any Tool in
                // A write the world answers from its idempotency record shows in the trajectory.
                let tool = MockTool(definition: definition, world: world, clock: clock, onReplay: { context in
                    events.append("idempotent_replay", JSONObject([
                        ("call_id", .string(context.callID)), ("tool", .string(definition.spec.name)), ("attempt", .number(Double(context.attempt))),
                    ]))
                })
                return injector.map { FaultyTool(base: tool, injector: $0) } ?? tool
            }
        }
        var model: any Model = ScriptedModel(policy: task.policy, behaviour: behaviour)
        if traps { model = TrappingModel(base: model, traps: true) }
        var approver: any Approver = ScriptedApprover(rules: task.approvals, clock: clock)
        if let injector {
            model = FaultyModel(base: model, injector: injector, clock: clock)
            approver = FaultyApprover(base: approver, injector: injector, clock: clock)
        }
        return Agent(model: model, tools: tools, configuration: configuration, approver: approver, clock: clock, events: events)
    }

    /// The profile's planted instructions whose rules fired in this trial.
    static func firedInjections(of profile: FaultProfile, in events: [TrajectoryEvent]) -> [Injection] {
        let fired = Set(events.filter { $0.kind == "fault_injected" }.compactMap { $0.data["rule"]?.stringValue })
        return profile.rules.filter { fired.contains($0.id) }.compactMap(\.plantedCall)
    }

    static func describe(_ stop: AgentRunResult.Stop?) -> String {
        switch stop {
        case .answered?: "answered"
        case .budget(let budget)?: budget.description
        case .modelFailed(let error)?: "model failed: \(error)"
        case nil: "no return before the watchdog"
        }
    }
}
