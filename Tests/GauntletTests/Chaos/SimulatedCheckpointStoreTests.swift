import AgentCore
import Testing
@testable import Gauntlet

@Suite struct SimulatedCheckpointStoreTests {
    static func store(_ rules: [FaultRule], keep: Int = 3) -> (SimulatedCheckpointStore, TrajectoryRecorder) {
        let clock = VirtualClock()
        let recorder = TrajectoryRecorder(clock: clock)
        let injector = FaultInjector(profile: FaultProfile(name: "test", rules: rules), seed: 1, clock: clock, recorder: recorder)
        return (SimulatedCheckpointStore(keep: keep, injector: injector, life: nil, clock: clock), recorder)
    }

    @Test("a torn write seems to succeed; a resume passes over it, says so, and the next save is numbered after it, by the writer that tore it or by a resumed one")
    func tornWrite() async throws {
        let (store, _) = Self.store([FaultRule(id: "torn", target: .store, fault: .tornWrite, onCalls: [2])])
        let first = try await store.save(["step": 1], after: nil)
        let torn = try await store.save(["step": 2], after: first.sequence)
        #expect(torn.sequence == 2)
        let recovery = try await store.latest()
        #expect(recovery.checkpoint == first)
        #expect(recovery.skipped == ["#2: torn or not JSON"])
        // The writer does not know its save was torn and goes on after it.
        #expect(try await store.save(["step": 3], after: 2).sequence == 3)
        // A resumed writer goes on after the good one it found; a stale one is refused.
        await #expect(throws: CheckpointError.conflict(expected: 1, found: 3)) { try await store.save(["step": 4], after: 1) }
    }

    @Test("corrupt_latest damages the newest whole checkpoint when a restart reads it; a failed write throws and keeps nothing")
    func corruptAndFail() async throws {
        let (store, recorder) = Self.store([
            FaultRule(id: "damaged", target: .store, fault: .corruptLatest, times: 1),
            FaultRule(id: "refused", target: .store, fault: .storeWriteFail, onCalls: [3]),
        ])
        let first = try await store.save(["step": 1], after: nil)
        _ = try await store.save(["step": 2], after: first.sequence)
        await #expect(throws: CheckpointError.writeFailed(path: "checkpoint store", reason: "the disk refused the write (injected by rule refused)")) {
            try await store.save(["step": 3], after: 2)
        }
        let recovery = try await store.latest()
        #expect(recovery.checkpoint == first && recovery.skipped == ["#2: checksum mismatch"])
        #expect(try await store.latest().checkpoint == first, "the damage is done once; the next read finds the same")
        #expect(recorder.recorded.filter { $0.kind == "fault_injected" }.compactMap { $0.data["target"]?.stringValue } == ["checkpoint_save", "checkpoint_load"])
    }

    @Test("keeping the last N never drops the newest whole checkpoint, however many torn ones follow it")
    func keepsTheNewestWhole() async throws {
        let (store, _) = Self.store([FaultRule(id: "torn", target: .store, fault: .tornWrite, afterCalls: 1)], keep: 2)
        var previous = try await store.save(["step": 1], after: nil).sequence
        for step in 2...5 { previous = try await store.save(["step": .number(Double(step))], after: previous).sequence }
        let recovery = try await store.latest()
        #expect(recovery.checkpoint?.sequence == 1)
        #expect(recovery.skipped == ["#5: torn or not JSON", "#4: torn or not JSON"])
    }

    @Test("slow_store takes its time on the trial's clock")
    func slow() async throws {
        let clock = VirtualClock()
        let injector = FaultInjector(profile: FaultProfile(name: "test", rules: [FaultRule(id: "slow", target: .store, fault: .slowStore(.fixed(.milliseconds(40))))]), seed: 1, clock: clock, recorder: nil)
        let store = SimulatedCheckpointStore(injector: injector, life: nil, clock: clock)
        let saved = await clock.run { try? await store.save(["step": 1], after: nil) }
        #expect(saved??.sequence == 1)
        #expect(clock.now == .milliseconds(40))
    }
}
