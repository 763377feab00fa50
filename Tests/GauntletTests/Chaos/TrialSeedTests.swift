import Testing
import AgentCore
@testable import Gauntlet

@Suite struct TrialSeedTests {
    static let base = TrialSeed.derive(runSeed: 42, taskID: "retail.refund_damaged_kettle", profile: "baseline", trial: 0)

    @Test("the same inputs derive the same seed")
    func deterministic() {
        #expect(TrialSeed.derive(runSeed: 42, taskID: "retail.refund_damaged_kettle", profile: "baseline", trial: 0) == Self.base)
    }

    @Test("changing any one input changes the seed", arguments: [
        (43 as UInt64, "retail.refund_damaged_kettle", "baseline", 0),
        (42, "retail.refund_damaged_kettlf", "baseline", 0),
        (42, "retail.refund_damaged_kettle", "timeouts", 0),
        (42, "retail.refund_damaged_kettle", "baseline", 1),
        (0, "retail.refund_damaged_kettle", "baseline", 0),
        (42, "", "baseline", 0),
        (42, "retail.refund_damaged_kettle", "", 0),
    ])
    func differs(runSeed: UInt64, taskID: String, profile: String, trial: Int) {
        #expect(TrialSeed.derive(runSeed: runSeed, taskID: taskID, profile: profile, trial: trial) != Self.base)
    }

    @Test("parts are hashed apart, so moving text from one part to the next changes the seed")
    func partsAreSeparate() {
        #expect(TrialSeed.derive(runSeed: 1, taskID: "ab", profile: "c", trial: 0) != TrialSeed.derive(runSeed: 1, taskID: "a", profile: "bc", trial: 0))
        #expect(TrialSeed.derive(runSeed: 1, taskID: "a", profile: "b1", trial: 2) != TrialSeed.derive(runSeed: 1, taskID: "a", profile: "b", trial: 12))
    }

    @Test("many trials of one task get distinct seeds")
    func distinctTrials() {
        let seeds = (0..<1000).map { TrialSeed.derive(runSeed: 7, taskID: "t", profile: "p", trial: $0) }
        #expect(Set(seeds).count == 1000)
    }

    @Test("FNV-1a 64 matches its published values", arguments: [
        ("", 0xCBF2_9CE4_8422_2325 as UInt64),
        ("a", 0xAF63_DC4C_8601_EC8C),
        ("foobar", 0x8594_4171_F739_67E8),
    ])
    func fnv1a(text: String, hash: UInt64) {
        #expect(TrialSeed.fnv1a(text) == hash)
    }

    @Test("the derivation folds each part through SplitMix64's mixer")
    func formula() {
        var state = SplitMix64.mix(42)
        for part in ["t", "p", "3"] { state = SplitMix64.mix(state ^ TrialSeed.fnv1a(part)) }
        #expect(TrialSeed.derive(runSeed: 42, taskID: "t", profile: "p", trial: 3) == state)
    }
}
