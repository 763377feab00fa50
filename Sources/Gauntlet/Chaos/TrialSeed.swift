/// Derives a trial's seed from (run seed, task id, fault profile, trial index).
///
/// Each part is hashed with 64-bit FNV-1a and folded into the state through SplitMix64's mixer, so
/// the seed of one trial does not depend on which other trials exist or in what order they run.
import AgentCore

public enum TrialSeed {
    public static func derive(runSeed: UInt64, taskID: String, profile: String, trial: Int) -> UInt64 {
        var state = SplitMix64.mix(runSeed)
        for part in [taskID, profile, String(trial)] {
            state = SplitMix64.mix(state ^ fnv1a(part))
        }
        return state
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`.
    public static func fnv1a(_ text: String) -> UInt64 {
        SplitMix64.hash(text)
    }
}
