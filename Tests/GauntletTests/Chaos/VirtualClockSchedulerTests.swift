import AgentCore
import Synchronization
import Testing
@testable import Gauntlet

@Suite struct VirtualClockSchedulerTests {
    struct Slow: Error {}

    @Test("40 s of latency against a 30 s timeout resolves as a timeout at exactly 30 s, in no wall time")
    func latencyBeyondTimeout() async {
        let clock = VirtualClock()
        let outcome = await clock.run {
            do {
                return try await clock.withTimeout(.seconds(30)) {
                    try await clock.sleep(for: .seconds(40))
                    return "answered"
                }
            } catch {
                return "\(type(of: error)) at \(clock.now.milliseconds)"
            }
        }
        #expect(outcome == "TimeoutError at 30000")
    }

    @Test("an answer before the deadline wins, and time is the answer's")
    func answerBeforeDeadline() async {
        let clock = VirtualClock()
        let outcome = await clock.run {
            let value = try? await clock.withTimeout(.seconds(30)) {
                try await clock.sleep(for: .milliseconds(1500))
                return 7
            }
            return "\(value.map(String.init) ?? "nil") at \(clock.now.milliseconds)"
        }
        #expect(outcome == "7 at 1500")
    }

    @Test("an answer due at the same instant as the deadline is a timeout: the deadline was registered first")
    func sameInstant() async {
        let clock = VirtualClock()
        let outcome = await clock.run {
            do {
                _ = try await clock.withTimeout(.seconds(30)) { try await clock.sleep(for: .seconds(30)) }
                return "answered"
            } catch {
                return "timeout at \(clock.now.milliseconds)"
            }
        }
        #expect(outcome == "timeout at 30000")
    }

    @Test("three 30-second timeouts and backoffs add up to over 90 s of virtual time")
    func retriesAccumulate() async {
        let clock = VirtualClock()
        let attempts = await clock.run { () -> Int in
            var attempts = 0
            for backoff in [0, 1, 2] {
                attempts += 1
                try? await clock.sleep(for: .seconds(backoff))
                _ = try? await clock.withTimeout(.seconds(30)) { try await clock.sleep(for: .seconds(3600)) }
            }
            return attempts
        }
        #expect(attempts == 3)
        #expect(clock.now == .seconds(93))
    }

    @Test("the operation cut off by a timeout is cancelled: its sleep never fires later")
    func cancelledSleeperIsRemoved() async {
        let clock = VirtualClock()
        let log = Mutex<[String]>([])
        let end = await clock.run { () -> Int64 in
            _ = try? await clock.withTimeout(.seconds(5)) {
                do {
                    try await clock.sleep(for: .seconds(60))
                    log.withLock { $0.append("woke") }
                } catch {
                    log.withLock { $0.append("cancelled at \(clock.now.milliseconds)") }
                    throw error
                }
            }
            try? await clock.sleep(for: .seconds(100))
            return clock.now.milliseconds
        }
        #expect(log.withLock { $0 } == ["cancelled at 5000"])
        #expect(end == 105_000)
    }

    @Test("nested timeouts: the inner one fires first and the outer operation goes on")
    func nested() async {
        let clock = VirtualClock()
        let outcome = await clock.run { () -> String in
            let value = try? await clock.withTimeout(.seconds(60)) { () -> String in
                let inner = (try? await clock.withTimeout(.seconds(10)) { try await clock.sleep(for: .seconds(20)) }) == nil ? "inner timed out" : "inner done"
                try await clock.sleep(for: .seconds(5))
                return "\(inner) at \(clock.now.milliseconds)"
            }
            return value ?? "outer timed out"
        }
        #expect(outcome == "inner timed out at 15000")
    }

    @Test("a trial blocked on something the clock cannot see is left to the wall-clock watchdog")
    func invisibleWait() async {
        let clock = VirtualClock()
        let (stream, _) = AsyncStream<Int>.makeStream()
        let outcome: Int?? = await Watchdog.run(timeoutSeconds: 0.05) {
            await clock.run {
                for await value in stream { return value }
                return 0
            }
        }
        #expect(outcome == nil)
    }

    @Test("a wake-up beyond the horizon ends the run as nil")
    func horizon() async {
        let clock = VirtualClock()
        let outcome: Int? = await clock.run(horizon: .seconds(10)) {
            try? await clock.sleep(for: .seconds(11))
            return 1
        }
        #expect(outcome == nil)
        #expect(clock.now == .zero)
    }

    @Test("sleepers due at the same instant wake in the order they were registered")
    func tieOrder() async {
        let clock = VirtualClock()
        let log = Mutex<[String]>([])
        _ = await clock.run {
            _ = try? await clock.withTimeout(.seconds(10)) {
                log.withLock { $0.append("operation sleeps") }
                try await clock.sleep(for: .seconds(10))
                log.withLock { $0.append("operation woke") }
            }
            log.withLock { $0.append("caller resumed at \(clock.now.milliseconds)") }
        }
        #expect(log.withLock { $0 } == ["operation sleeps", "caller resumed at 10000"])
    }

    @Test("outside run, a sleep just advances the clock")
    func immediateMode() async throws {
        let clock = VirtualClock()
        try await clock.sleep(for: .milliseconds(250))
        #expect(clock.now == .milliseconds(250))
    }
}

@Suite struct VirtualClockCancellationTests {
    @Test("cancelling the caller of run cancels the trial's root task, so an abandoned trial stops")
    func cancellingRunCancelsRoot() async {
        let clock = VirtualClock()
        let sawCancellation = Mutex(false)
        let (stream, _) = AsyncStream<Int>.makeStream()
        let outer = Task {
            await clock.run { () -> Int in
                for await value in stream { return value }
                sawCancellation.withLock { $0 = Task.isCancelled }
                return -1
            }
        }
        outer.cancel()
        // Without the fix the root would wait forever: let a watchdog turn that into a failure.
        // Generous, so a loaded machine never trips it; only a root that never stops does.
        let finished = await Watchdog.run(timeoutSeconds: 60) { await outer.value }
        #expect(finished != nil)
        #expect(sawCancellation.withLock { $0 })
    }
}
