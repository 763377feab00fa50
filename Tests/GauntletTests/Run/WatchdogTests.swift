import Testing
@testable import Gauntlet

@Suite struct WatchdogTests {
    @Test("an operation that finishes in time returns its value")
    func finishes() async {
        let value = await Watchdog.run(timeoutSeconds: 30) { 42 }
        #expect(value == 42)
    }

    @Test("an operation that never returns is abandoned at the deadline and cancelled")
    func neverReturns() async {
        let (stream, _) = AsyncStream<Int>.makeStream()
        let value: Int? = await Watchdog.run(timeoutSeconds: 0.05) {
            // Waits for an element that never comes; ends only when cancelled.
            for await element in stream { return element }
            return Task.isCancelled ? -1 : -2
        }
        #expect(value == nil)
    }
}
