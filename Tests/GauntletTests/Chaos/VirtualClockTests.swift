import Testing
import AgentCore
@testable import Gauntlet

@Suite struct VirtualClockTests {
    @Test("a clock starts at zero or at the given start")
    func start() {
        #expect(VirtualClock().now == .zero)
        #expect(VirtualClock(start: .seconds(5)).now == .seconds(5))
    }

    @Test("advance moves time forward by exactly the duration, and ignores zero or negative durations")
    func advance() {
        let clock = VirtualClock()
        clock.advance(by: .milliseconds(250))
        clock.advance(by: .seconds(2))
        #expect(clock.now == .milliseconds(2250))
        clock.advance(by: .zero)
        clock.advance(by: .milliseconds(-100))
        #expect(clock.now == .milliseconds(2250))
    }

    @Test("sleep advances the clock at once, however long the sleep")
    func sleep() async throws {
        let clock = VirtualClock()
        try await clock.sleep(for: .seconds(3600))
        try await clock.sleep(for: .milliseconds(1))
        #expect(clock.now == .seconds(3600) + .milliseconds(1))
        #expect(clock.now.milliseconds == 3_600_001)
    }

    @Test("sleep in a cancelled task throws and does not advance the clock")
    func cancelledSleep() async {
        let clock = VirtualClock()
        let task = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            try await clock.sleep(for: .seconds(10))
        }
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.now == .zero)
    }

    @Test("clocks are independent of each other")
    func independent() async throws {
        let first = VirtualClock()
        let second = VirtualClock()
        try await first.sleep(for: .seconds(1))
        #expect(second.now == .zero)
    }
}
