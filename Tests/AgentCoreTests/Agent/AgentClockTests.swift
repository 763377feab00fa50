import AgentCore
import Testing

@Suite struct AgentClockTests {
    @Test("milliseconds is the duration in whole milliseconds, rounded down", arguments: [
        (Duration.zero, Int64(0)),
        (.milliseconds(1500), 1500),
        (.seconds(2), 2000),
        (.microseconds(1999), 1),
        (.nanoseconds(999_999), 0),
        (.seconds(1) + .microseconds(1500), 1001),
        (.seconds(3600), 3_600_000),
        (.milliseconds(-250), -250),
    ])
    func milliseconds(duration: Duration, expected: Int64) {
        #expect(duration.milliseconds == expected)
    }

    @Test(
        "A negative fraction of a millisecond rounds down, not toward zero"
    )
    func negativeRoundsDown() {
        #expect(Duration.microseconds(-1500).milliseconds == -2)
    }

    @Test("The test clock advances instantly when sleeping")
    func testClock() async throws {
        let clock = TestClock()
        #expect(clock.now == .zero)
        try await clock.sleep(for: .seconds(3600))
        clock.advance(by: .milliseconds(5))
        #expect(clock.now == .seconds(3600) + .milliseconds(5))
    }

    @Test("The system clock starts near zero and never goes backwards")
    func systemClock() {
        let clock = SystemClock()
        let first = clock.now
        let second = clock.now
        #expect(first >= .zero)
        #expect(second >= first)
        #expect(first < .seconds(60))
    }

    @Test("The run's duration is measured on the agent's clock")
    func runDurationUsesClock() async throws {
        let clock = TestClock(now: .seconds(100))
        let tool = RecordingTool(try makeSpec("slow"), latency: (clock, .milliseconds(750)))
        let model = ScriptedModel([.call("c1", "slow", "{}"), .answer("ok")], latency: (clock, .milliseconds(100)))
        let result = await makeAgent(model: model, tools: [tool], clock: clock).run("Go")
        #expect(result.duration == .milliseconds(950))
    }
}
