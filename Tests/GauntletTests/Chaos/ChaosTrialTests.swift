import AgentCore
import Testing
@testable import Gauntlet

/// Whole trials under chaos, through `TrialRunner`: a hand-built suite, an agent version with its
/// resilience settings, and fault profiles written in Swift.
@Suite struct ChaosTrialTests {
    static func suite() throws -> Suite {
        var suite = Suite()
        suite.tools = [
            "get_order": try ChaosShop.getOrder(latencyMs: 20),
            "get_order_replica": try ChaosShop.getOrder("get_order_replica", latencyMs: 20),
            "get_customer": try ChaosShop.getCustomer(),
        ]
        suite.worlds = ["shop": WorldFixture(name: "shop", description: "", state: ChaosShop.world, file: "")]
        return suite
    }

    static func task(
        _ id: String, tools: [String] = ["get_order"], policy: ReferencePolicy = ChaosShop.lookup, gracefulOK: [String] = []
    ) -> SuiteTask {
        SuiteTask(
            id: id, title: id, tags: [], prompt: "Where is order 1042?", world: "shop", tools: tools, approvals: [], policy: policy,
            expectations: Expectations(answer: [AnswerExpectation(test: .contains("shipped"), ignoreCase: false)]),
            domain: "chaos", file: "", gracefulOK: gracefulOK)
    }

    static func agent(_ resilience: ResilienceConfiguration) -> AgentVersion {
        AgentVersion(
            label: "resilient", description: "", model: .scripted, systemPrompt: "", budgets: Budgets(maxSteps: 30),
            approval: .perTool, enforcesAllowList: true, dryRun: false, file: "", sha256: "", resilience: resilience)
    }

    static func profile(_ name: String, _ rules: [FaultRule], healAfter: Duration? = nil) -> FaultProfile {
        FaultProfile(name: name, healAfter: healAfter, rules: rules)
    }

    // MARK: Done when

    // The wall time of this case is measured by a command, not asserted here (timed tests are
    // flaky under load): see README, "Chaos runs", and Tests/GauntletCLITests/Fixtures/timeouts.
    @Test("three 30-second timeouts and three retries: over 90 s of virtual time, and the task passes")
    func thirtySecondTimeoutsInNoTime() async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration(
            retry: RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(200), multiplier: 2, jitter: .none), toolTimeout: .seconds(30)))
        let profile = Self.profile("hung", [chaosToolRule("hang", "get_order", .timeout(silence: .seconds(3600)), times: 3)])
        let record = await TrialRunner(suite: suite, agent: agent).run(Self.task("chaos.hung_lookup"), index: 0, seed: 11, profile: profile, reference: [])

        let events = record.events
        let retries = events.filter { $0.kind == "retry_scheduled" }
        #expect(retries.count == 3)
        #expect(retries.map { $0.data["delay_ms"] } == [200, 400, 800])
        #expect(retries.allSatisfy { $0.data["class"] == "timeout" })
        let timeouts = events.filter { $0.kind == "tool_error" }
        #expect(timeouts.map(\.tMs) == [30_000, 60_200, 90_600])
        #expect(timeouts.allSatisfy { $0.data["error"]?["class"] == "timeout" })
        #expect(events.filter { $0.kind == "tool_call" }.map(\.tMs) == [0, 30_200, 60_600, 91_400])
        let last = try #require(events.last)
        #expect(last.kind == "trial_finished")
        #expect(last.tMs >= 90_000)
        #expect(last.tMs == 3 * 30_000 + 200 + 400 + 800 + 20)
        #expect(record.result.durationMs == 91_420)
        #expect(record.result.outcome == .pass)
        var counters = ResilienceCounters()
        counters.retries = 3
        counters.timeouts = 3
        counters.faults = ["timeout": 3]
        #expect(record.result.counters == counters)
    }

    // MARK: Determinism

    @Test("the same trial twice, same seed and profile: identical events and result; another seed: another trajectory")
    func sameSeedSameTrajectory() async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration(retry: RetryPolicy(maxAttempts: 5, jitter: .full), toolTimeout: .seconds(5)))
        let profile = Self.profile("mixed", [
            FaultRule(id: "slow", target: .tools(Glob("*")), fault: .latency(.uniform(min: .milliseconds(10), max: .seconds(8)))),
            FaultRule(id: "flaky", target: .tools(Glob("get_*")), fault: .error(kind: "unavailable"), rate: 0.5),
            FaultRule(id: "quota", target: .model, fault: .rateLimit(.absent), rate: 0.5),
        ])
        let policy = ReferencePolicy(
            steps: [policyStep("get_order", ["order_id": "1042"], as: "order"), policyStep("get_customer", as: "customer")],
            answer: "Order ${order.id} is ${order.status}, for ${customer.name}.")
        let task = Self.task("chaos.mixed", tools: ["get_order", "get_customer"], policy: policy)
        let runner = TrialRunner(suite: suite, agent: agent)
        let first = await runner.run(task, index: 0, seed: 0x5EED, profile: profile, reference: [])
        let second = await runner.run(task, index: 0, seed: 0x5EED, profile: profile, reference: [])
        #expect(first.events == second.events)
        #expect(first.result == second.result)
        // The profile bites (several fault kinds, retries), so the comparison means something.
        #expect(first.result.counters.faults.count >= 2 && first.result.counters.retries > 0, "\(first.result.counters)")
        let other = await runner.run(task, index: 0, seed: 0x5EEE, profile: profile, reference: [])
        #expect(other.events != first.events)
    }

    @Test("paired comparison: an agent that makes one extra call to another tool meets the same faults on the calls both make")
    func extraCallKeepsFaultsPaired() async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration(retry: RetryPolicy(maxAttempts: 6, jitter: .none)))
        let profile = Self.profile("coin", [FaultRule(id: "coin", target: .tools(Glob("*")), fault: .error(kind: "unavailable"), rate: 0.5)])
        let lean = Self.task("chaos.lean", tools: ["get_order", "get_customer"], policy: ChaosShop.lookup)
        let chatty = Self.task("chaos.chatty", tools: ["get_order", "get_customer"], policy: ReferencePolicy(
            // The extra call may fail for good; the policy then goes on without it.
            steps: [policyStep("get_customer", as: "customer", onError: [handler(.alternative([]))]), policyStep("get_order", ["order_id": "1042"], as: "order")],
            answer: ChaosShop.lookup.answer))
        /// For each fault on get_order: its call and attempt.
        func faultsOnOrders(_ record: TrialRunner.Record) -> [String] {
            record.events.filter { $0.kind == "fault_injected" && $0.data["target"] == "get_order" }.map {
                "call \($0.data["call"]?.intValue ?? 0) attempt \($0.data["attempt"]?.intValue ?? 0)"
            }
        }
        var bitten = 0
        for seed: UInt64 in 1...12 {
            let runner = TrialRunner(suite: suite, agent: agent)
            let a = await runner.run(lean, index: 0, seed: seed, profile: profile, reference: [])
            let b = await runner.run(chatty, index: 0, seed: seed, profile: profile, reference: [])
            #expect(faultsOnOrders(a) == faultsOnOrders(b), "seed \(seed)")
            if !faultsOnOrders(a).isEmpty { bitten += 1 }
        }
        #expect(bitten >= 3, "the coin should land on get_order in some trials")
    }

    // MARK: Graceful

    static let givingUp = ReferencePolicy(
        steps: [policyStep("get_order", ["order_id": "1042"], as: "order", onError: [handler(when: ["unavailable"], .giveUp(
            "Sorry, I could not look up order 1042: the order system is down. Please try again later."))])],
        answer: "Order ${order.id} is ${order.status}.")

    static let allDay = profile("outage", [chaosToolRule("down", "get_order", .outage, from: .zero, to: .seconds(86_400))])

    @Test("the only tool down all run, an honest give-up, and graceful_ok [outage]: graceful")
    func gracefulUnderAllowedFault() async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration(retry: RetryPolicy(maxAttempts: 3, jitter: .none)))
        let record = await TrialRunner(suite: suite, agent: agent).run(
            Self.task("chaos.down", policy: Self.givingUp, gracefulOK: ["outage"]), index: 0, seed: 3, profile: Self.allDay, reference: [])
        #expect(record.result.answer == "Sorry, I could not look up order 1042: the order system is down. Please try again later.")
        #expect(record.result.outcome == .graceful)
        #expect(record.result.counters.retries == 2)
        #expect(record.result.counters.faults == ["outage": 3])
        #expect(record.events.last?.data["outcome"] == "graceful")
    }

    @Test("the same give-up without graceful_ok, or with a graceful_ok the trial never met: fail", arguments: [[String](), ["timeout"]])
    func notGracefulOtherwise(gracefulOK: [String]) async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration(retry: RetryPolicy(maxAttempts: 3, jitter: .none)))
        let record = await TrialRunner(suite: suite, agent: agent).run(
            Self.task("chaos.down", policy: Self.givingUp, gracefulOK: gracefulOK), index: 0, seed: 3, profile: Self.allDay, reference: [])
        #expect(record.result.outcome == .fail)
    }

    @Test("a dishonest give-up is not graceful even when the fault is allowed")
    func dishonestIsNotGraceful() async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration())
        let policy = ReferencePolicy(
            steps: [policyStep("get_order", ["order_id": "1042"], as: "order", onError: [handler(.giveUp("Order 1042 is on its way."))])],
            answer: "Order ${order.id} is ${order.status}.")
        let record = await TrialRunner(suite: suite, agent: agent).run(
            Self.task("chaos.down", policy: policy, gracefulOK: ["outage"]), index: 0, seed: 3, profile: Self.allDay, reference: [])
        #expect(record.result.outcome == .fail)
    }

    // MARK: Fallback under the allow-list

    @Test("a fallback tool is used only when the task allows it")
    func fallbackNeedsAllowList() async throws {
        let suite = try Self.suite()
        let agent = Self.agent(ResilienceConfiguration(fallbackTools: ["get_order": "get_order_replica"]))
        let runner = TrialRunner(suite: suite, agent: agent)
        let allowed = await runner.run(
            Self.task("chaos.replica", tools: ["get_order", "get_order_replica"]), index: 0, seed: 1, profile: Self.allDay, reference: [])
        #expect(allowed.result.outcome == .pass)
        #expect(allowed.result.toolPath == ["get_order", "get_order_replica"])
        #expect(allowed.events.contains { $0.kind == "fallback" && $0.data["to"] == "get_order_replica" })

        let forbidden = await runner.run(Self.task("chaos.replica"), index: 0, seed: 1, profile: Self.allDay, reference: [])
        #expect(forbidden.result.outcome == .fail)
        #expect(forbidden.result.toolPath == ["get_order"])
        #expect(!forbidden.events.contains { $0.kind == "fallback" })
    }
}

@Suite struct GracefulRulesTests {
    @Test("a give-up caused by a fault outside graceful_ok is a fail, even if an allowed fault was met and recovered from earlier")
    func causeMustBeAllowed() async throws {
        let suite = try ChaosTrialTests.suite()
        let agent = ChaosTrialTests.agent(ResilienceConfiguration(retry: RetryPolicy(maxAttempts: 2, jitter: .none)))
        // The first attempt meets an (allowed) error and is retried; the retry meets a malformed
        // result (not allowed), on which the policy gives up.
        let profile = ChaosTrialTests.profile("mixed", [
            chaosToolRule("first", "get_order", .error(kind: "unavailable"), onCalls: [1]),
            chaosToolRule("second", "get_order", .malformed(.invalidJSON), onCalls: [2]),
        ])
        let policy = ReferencePolicy(
            steps: [policyStep("get_order", ["order_id": "1042"], as: "order", onError: [handler(.giveUp("Sorry, I couldn't look up order 1042 right now."))])],
            answer: "Order ${order.id} is ${order.status}.")
        let record = await TrialRunner(suite: suite, agent: agent).run(
            ChaosTrialTests.task("chaos.mixed", policy: policy, gracefulOK: ["error"]), index: 0, seed: 1, profile: profile, reference: [])
        #expect(record.events.filter { $0.kind == "fault_injected" }.compactMap { $0.data["fault"]?.stringValue } == ["error", "malformed"])
        #expect(Scorer.causeOfLastFailure(record.events) == "malformed")
        #expect(record.result.outcome == .fail)
    }

    @Test("an honest give-up that also broke a budget or tool-call check is a fail, not graceful")
    func budgetFailureIsNotGraceful() async throws {
        let suite = try ChaosTrialTests.suite()
        let agent = ChaosTrialTests.agent(ResilienceConfiguration())
        var task = ChaosTrialTests.task("chaos.slow", policy: ReferencePolicy(
            steps: [policyStep("get_order", ["order_id": "1042"], as: "order", onError: [handler(.giveUp("Sorry, I couldn't reach the order system."))])],
            answer: "Order ${order.id} is ${order.status}."), gracefulOK: ["outage"])
        task.expectations.budget = BudgetExpectation(maxSteps: nil, maxToolCalls: 0, maxTokens: nil, maxDurationMs: nil)
        let record = await TrialRunner(suite: suite, agent: agent).run(task, index: 0, seed: 1, profile: ChaosTrialTests.allDay, reference: [])
        #expect(Scorer.causeOfLastFailure(record.events) == "outage")
        #expect(record.result.failedChecks.contains { $0.name.hasPrefix("budget ") })
        #expect(record.result.outcome == .fail)
    }

    @Test("calling a tool more often than the task allows rules out graceful; calling it less does not (the model's own retries are calls)")
    func overuseIsNotGraceful() async throws {
        let suite = try ChaosTrialTests.suite()
        let agent = ChaosTrialTests.agent(ResilienceConfiguration())
        let retryingThenGivingUp = ReferencePolicy(
            steps: [policyStep("get_order", ["order_id": "1042"], as: "order", onError: [handler(.retry(2)), handler(.giveUp("Sorry, I couldn't reach the order system."))])],
            answer: "Order ${order.id} is ${order.status}.")
        for (maximum, expected) in [(1, Outcome.fail), (3, Outcome.graceful)] {
            var task = ChaosTrialTests.task("chaos.overuse", policy: retryingThenGivingUp, gracefulOK: ["outage"])
            task.expectations.toolCalls = [.count(tool: "get_order", min: 1, max: maximum)]
            let record = await TrialRunner(suite: suite, agent: agent).run(task, index: 0, seed: 3, profile: ChaosTrialTests.allDay, reference: [])
            #expect(record.result.toolPath == ["get_order", "get_order", "get_order"])
            #expect(record.result.outcome == expected, "max \(maximum)")
        }
    }

    @Test("trajectory lines of a chaos profile carry it; lines of none do not")
    func profileOnLines() {
        let event = TrajectoryEvent(seq: 0, tMs: 5, kind: "tool_call", data: JSONObject())
        #expect(JSONWriter.compact(event.json(task: "t", trial: 1, profile: "flaky")) == #"{"task":"t","profile":"flaky","trial":1,"seq":0,"t_ms":5,"kind":"tool_call"}"#)
        #expect(JSONWriter.compact(event.json(task: "t", trial: 1)) == #"{"task":"t","trial":1,"seq":0,"t_ms":5,"kind":"tool_call"}"#)
    }
}
