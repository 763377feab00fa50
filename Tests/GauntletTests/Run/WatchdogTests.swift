import Synchronization
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
        let (ended, signal) = AsyncStream<Bool>.makeStream()
        let value: Int? = await Watchdog.run(timeoutSeconds: 0.05) {
            // Waits for an element that never comes; ends only when cancelled.
            for await element in stream { return element }
            signal.yield(Task.isCancelled)
            return -1
        }
        #expect(value == nil)
        var iterator = ended.makeAsyncIterator()
        #expect(await iterator.next() == true, "the abandoned operation was cancelled")
    }
}
