import AgentCore
import Testing

@Suite struct CircuitBreakerTests {
    typealias State = CircuitBreaker.State

    /// Makes `count` calls at `now` that all end the same way, returning how many got a permit.
    @discardableResult
    private func calls(_ breaker: CircuitBreaker, _ count: Int, success: Bool, at now: Duration) -> Int {
        var permitted = 0
        for _ in 0..<count {
            guard let permit = breaker.acquire(now: now) else { continue }
            permitted += 1
            breaker.record(permit, success: success, now: now)
        }
        return permitted
    }

    /// A breaker opened at `openedAt` by five failures, with the default configuration otherwise.
    private func openBreaker(at openedAt: Duration = .seconds(10), _ configuration: CircuitBreaker.Configuration = .init())
        -> CircuitBreaker
    {
        let breaker = CircuitBreaker(configuration: configuration)
        calls(breaker, configuration.minimumCalls, success: false, at: openedAt)
        return breaker
    }

    private func transition(_ from: State, _ to: State, _ at: Duration) -> CircuitBreaker.Transition {
        CircuitBreaker.Transition(from: from, to: to, at: at)
    }

    @Test("Defaults: 50% of the last 10 calls, at least 5, 30 s open, one probe that times out with the open duration")
    func defaults() {
        let configuration = CircuitBreaker.Configuration()
        #expect(configuration.failureRateThreshold == 0.5)
        #expect(configuration.windowSize == 10)
        #expect(configuration.minimumCalls == 5)
        #expect(configuration.openDuration == .seconds(30))
        #expect(configuration.halfOpenProbes == 1)
        #expect(configuration.probeTimeout == .seconds(30))
        #expect(CircuitBreaker.Configuration(openDuration: .seconds(7)).probeTimeout == .seconds(7))
        let breaker = CircuitBreaker()
        #expect(breaker.state == .closed)
        #expect(breaker.transitions.isEmpty)
        #expect(State.allCases.map(\.rawValue) == ["closed", "open", "half_open"])
    }

    @Test("Out-of-range counts are raised to one")
    func sanitisedConfiguration() {
        let breaker = CircuitBreaker(configuration: .init(windowSize: 0, minimumCalls: -3, halfOpenProbes: 0))
        #expect(breaker.configuration.windowSize == 1)
        #expect(breaker.configuration.minimumCalls == 1)
        #expect(breaker.configuration.halfOpenProbes == 1)
        calls(breaker, 1, success: false, at: .zero)
        #expect(breaker.state == .open)
        #expect(breaker.acquire(now: .seconds(30)) != nil)
        #expect(breaker.acquire(now: .seconds(30)) == nil)
    }

    @Test("Closed opens once the failure rate reaches the threshold")
    func opensAtThreshold() {
        let breaker = CircuitBreaker()
        calls(breaker, 3, success: true, at: .seconds(1))
        calls(breaker, 2, success: false, at: .seconds(2))
        #expect(breaker.state == .closed)  // 2 of 5 failed: 40%.
        calls(breaker, 1, success: false, at: .seconds(3))
        #expect(breaker.state == .open)  // 3 of 6 failed: exactly 50%.
        #expect(breaker.transitions == [transition(.closed, .open, .seconds(3))])
        #expect(breaker.acquire(now: .seconds(3)) == nil)
    }

    @Test("Only the last windowSize calls count")
    func slidingWindow() {
        let breaker = CircuitBreaker(configuration: .init(failureRateThreshold: 0.75, windowSize: 4, minimumCalls: 4))
        calls(breaker, 4, success: true, at: .zero)
        calls(breaker, 2, success: false, at: .zero)
        #expect(breaker.state == .closed)  // Window: S S F F.
        calls(breaker, 1, success: false, at: .seconds(1))
        #expect(breaker.state == .open)  // Window: S F F F, 75%; over all seven calls only 43% failed.
        #expect(breaker.transitions == [transition(.closed, .open, .seconds(1))])
    }

    @Test("A window that slides past old failures does not open")
    func oldFailuresSlideOut() {
        let breaker = CircuitBreaker(configuration: .init(failureRateThreshold: 0.6, windowSize: 5, minimumCalls: 5))
        calls(breaker, 2, success: false, at: .zero)
        calls(breaker, 3, success: true, at: .zero)  // F F S S S: 40%.
        calls(breaker, 1, success: false, at: .zero)  // F S S S F: 40%, not 60%, because the oldest F left.
        #expect(breaker.state == .closed)
        calls(breaker, 1, success: false, at: .zero)  // S S S F F: 40%.
        calls(breaker, 1, success: false, at: .zero)  // S S F F F: 60%.
        #expect(breaker.state == .open)
    }

    @Test("Fewer calls than minimumCalls never open it, even at 100% failure")
    func minimumCalls() {
        let breaker = CircuitBreaker()
        #expect(calls(breaker, 4, success: false, at: .seconds(1)) == 4)
        #expect(breaker.state == .closed)
        #expect(breaker.transitions.isEmpty)
        calls(breaker, 1, success: false, at: .seconds(2))
        #expect(breaker.state == .open)
    }

    @Test("A minimumCalls larger than the window never opens it")
    func minimumAboveWindow() {
        let breaker = CircuitBreaker(configuration: .init(windowSize: 3, minimumCalls: 5))
        #expect(calls(breaker, 100, success: false, at: .zero) == 100)
        #expect(breaker.state == .closed)
    }

    @Test("Open rejects until exactly openedAt + openDuration, then lets a probe through")
    func boundaryTick() {
        let breaker = openBreaker(at: .seconds(10))
        #expect(breaker.acquire(now: .seconds(10)) == nil)
        #expect(breaker.acquire(now: .seconds(40) - .nanoseconds(1)) == nil)
        #expect(breaker.state == .open)
        let probe = breaker.acquire(now: .seconds(40))
        #expect(probe?.isProbe == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.transitions == [transition(.closed, .open, .seconds(10)), transition(.open, .halfOpen, .seconds(40))])
    }

    @Test("Concurrent callers get only halfOpenProbes probes", arguments: [1, 3])
    func concurrentProbes(probes: Int) async {
        let breaker = openBreaker(at: .zero, .init(halfOpenProbes: probes))
        let granted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask { breaker.acquire(now: .seconds(30)) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == probes)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.transitions.filter { $0.to == .halfOpen }.count == 1)
    }

    @Test("Concurrent callers through a closed breaker all get permits")
    func concurrentClosed() async {
        let breaker = CircuitBreaker()
        let granted = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<50 {
                group.addTask { breaker.acquire(now: .zero) != nil }
            }
            return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
        }
        #expect(granted == 50)
    }

    @Test("A hung probe frees its slot after probeTimeout, and its late outcome is ignored")
    func hungProbe() throws {
        let breaker = openBreaker(at: .zero, .init(probeTimeout: .seconds(5)))
        let hung = try #require(breaker.acquire(now: .seconds(30)))
        #expect(breaker.acquire(now: .seconds(35) - .nanoseconds(1)) == nil)
        let second = try #require(breaker.acquire(now: .seconds(35)))
        #expect(breaker.acquire(now: .seconds(36)) == nil)
        breaker.record(hung, success: false, now: .seconds(37))  // Too late: its slot went to `second`.
        #expect(breaker.state == .halfOpen)
        breaker.record(second, success: true, now: .seconds(38))
        #expect(breaker.state == .closed)
        #expect(breaker.transitions.map(\.to) == [.open, .halfOpen, .closed])
    }

    @Test("With the default probeTimeout a hung probe frees its slot after openDuration")
    func hungProbeDefaultTimeout() {
        let breaker = openBreaker(at: .zero)
        #expect(breaker.acquire(now: .seconds(30)) != nil)
        #expect(breaker.acquire(now: .seconds(60) - .nanoseconds(1)) == nil)
        #expect(breaker.acquire(now: .seconds(60)) != nil)
    }

    @Test("A cancelled probe frees its slot without counting as success or failure")
    func cancelledProbe() throws {
        let breaker = openBreaker(at: .zero)
        let probe = try #require(breaker.acquire(now: .seconds(30)))
        #expect(breaker.acquire(now: .seconds(30)) == nil)
        breaker.cancel(probe)
        #expect(breaker.state == .halfOpen)
        let next = try #require(breaker.acquire(now: .seconds(30)))
        breaker.record(probe, success: true, now: .seconds(31))  // Already cancelled: ignored.
        #expect(breaker.state == .halfOpen)
        breaker.cancel(probe)  // Cancelling twice frees nothing else.
        #expect(breaker.acquire(now: .seconds(31)) == nil)
        breaker.record(next, success: false, now: .seconds(32))
        #expect(breaker.state == .open)
        #expect(breaker.transitions.map(\.to) == [.open, .halfOpen, .open])
    }

    @Test("Cancelled calls through a closed breaker are not counted")
    func cancelledClosedCalls() throws {
        let breaker = CircuitBreaker(configuration: .init(minimumCalls: 1))
        for _ in 0..<20 {
            breaker.cancel(try #require(breaker.acquire(now: .zero)))
        }
        calls(breaker, 1, success: true, at: .zero)
        #expect(breaker.state == .closed)
    }

    @Test("Late failures while open neither extend the break nor fire a second open transition")
    func lateFailuresWhileOpen() throws {
        let breaker = CircuitBreaker()
        let inFlight = try (0..<10).map { _ in try #require(breaker.acquire(now: .zero)) }
        for permit in inFlight.prefix(5) {
            breaker.record(permit, success: false, now: .seconds(1))
        }
        #expect(breaker.state == .open)
        for permit in inFlight.suffix(5) {
            breaker.record(permit, success: false, now: .seconds(20))
        }
        #expect(breaker.transitions == [transition(.closed, .open, .seconds(1))])
        #expect(breaker.acquire(now: .seconds(31) - .nanoseconds(1)) == nil)
        let probe = try #require(breaker.acquire(now: .seconds(31)))  // Not 50 s: the break was not extended.
        breaker.record(inFlight[9], success: false, now: .seconds(31))  // A stale closed-state failure while half-open.
        #expect(breaker.state == .halfOpen)
        breaker.record(probe, success: true, now: .seconds(32))
        #expect(breaker.transitions.map(\.to) == [.open, .halfOpen, .closed])
    }

    @Test("A permit from before the breaker opened and closed again is ignored")
    func permitFromEarlierGeneration() throws {
        let breaker = CircuitBreaker()
        let old = try #require(breaker.acquire(now: .zero))
        calls(breaker, 5, success: false, at: .seconds(1))
        calls(breaker, 1, success: true, at: .seconds(31))
        #expect(breaker.state == .closed)
        let generation = try #require(breaker.acquire(now: .seconds(32))).generation
        #expect(old.generation != generation)
        calls(breaker, 4, success: false, at: .seconds(33))
        breaker.record(old, success: false, now: .seconds(34))  // Would be the fifth failure if it counted.
        #expect(breaker.state == .closed)
    }

    @Test("A successful probe closes the breaker and clears the window")
    func successfulProbe() throws {
        let breaker = openBreaker(at: .zero)
        let probe = try #require(breaker.acquire(now: .seconds(30)))
        breaker.record(probe, success: true, now: .seconds(31))
        #expect(breaker.state == .closed)
        #expect(breaker.acquire(now: .seconds(31))?.isProbe == false)
        calls(breaker, 4, success: false, at: .seconds(32))
        #expect(breaker.state == .closed)  // Only 4 calls in the fresh window.
        calls(breaker, 1, success: false, at: .seconds(33))
        #expect(breaker.state == .open)
        #expect(breaker.transitions == [
            transition(.closed, .open, .zero), transition(.open, .halfOpen, .seconds(30)),
            transition(.halfOpen, .closed, .seconds(31)), transition(.closed, .open, .seconds(33)),
        ])
    }

    @Test("A failed probe reopens the breaker with a new openedAt")
    func failedProbe() throws {
        let breaker = openBreaker(at: .zero)
        let probe = try #require(breaker.acquire(now: .seconds(30)))
        breaker.record(probe, success: false, now: .seconds(35))
        #expect(breaker.state == .open)
        #expect(breaker.acquire(now: .seconds(64)) == nil)
        #expect(breaker.acquire(now: .seconds(65) - .nanoseconds(1)) == nil)
        #expect(breaker.acquire(now: .seconds(65))?.isProbe == true)
        #expect(breaker.transitions == [
            transition(.closed, .open, .zero), transition(.open, .halfOpen, .seconds(30)),
            transition(.halfOpen, .open, .seconds(35)), transition(.open, .halfOpen, .seconds(65)),
        ])
    }

    @Test("A stale probe reporting after another probe decided is ignored")
    func staleProbe() throws {
        let breaker = openBreaker(at: .zero, .init(halfOpenProbes: 2))
        let first = try #require(breaker.acquire(now: .seconds(30)))
        let second = try #require(breaker.acquire(now: .seconds(30)))
        breaker.record(first, success: true, now: .seconds(31))
        breaker.record(second, success: false, now: .seconds(32))
        #expect(breaker.state == .closed)
        #expect(breaker.transitions.map(\.to) == [.open, .halfOpen, .closed])
        calls(breaker, 4, success: false, at: .seconds(33))
        #expect(breaker.state == .closed)  // The stale failure did not join the new window.
    }

    @Test("Reading state and transitions never changes them")
    func readsAreSideEffectFree() {
        let breaker = openBreaker(at: .zero)
        let before = breaker.transitions
        for _ in 0..<100 {
            #expect(breaker.state == .open)
        }
        #expect(breaker.transitions == before)
        #expect(breaker.transitions.count == 1)
        #expect(breaker.acquire(now: .seconds(3_600)) != nil)  // Only acquire moves an expired break on.
        #expect(breaker.state == .halfOpen)
    }
}

@Suite struct CircuitBreakerSuccessTests {
    @Test("a success never opens the breaker, even when the window's failure rate is at the threshold")
    func successDoesNotOpen() {
        let breaker = CircuitBreaker(configuration: CircuitBreaker.Configuration(failureRateThreshold: 0.5, windowSize: 4, minimumCalls: 4))
        var now: Duration = .zero
        for success in [true, false, false] {
            now += .seconds(1)
            if let permit = breaker.acquire(now: now) { breaker.record(permit, success: success, now: now) }
        }
        now += .seconds(1)
        if let permit = breaker.acquire(now: now) { breaker.record(permit, success: true, now: now) }
        #expect(breaker.state == .closed, "2 failures of 4 with a success last: still closed")
        now += .seconds(1)
        if let permit = breaker.acquire(now: now) { breaker.record(permit, success: false, now: now) }
        #expect(breaker.state == .open, "the next failure keeps the rate at the threshold and opens it")
    }
}
