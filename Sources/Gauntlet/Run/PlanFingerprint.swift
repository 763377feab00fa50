import Foundation

/// What decides a run's trials: the same fingerprint means the same plan, trial for trial, so a
/// resumed run can keep the trials its journal holds and run only the others.
///
/// Everything that feeds a trial's seed or behaviour is here, by content: the seed, the agent
/// file's SHA-256, each task file's SHA-256 and one digest of the catalogs and worlds, the fault
/// profiles' files, the trials per task and the plan's order.
public struct PlanFingerprint: Sendable, Codable, Hashable {
    public var seed: UInt64
    /// SHA-256 of the agent version file.
    public var agentSHA256: String
    public var suite: SuiteFingerprint
    /// The fault profiles in plan order, with their files' SHA-256 (`none` has none).
    public var profiles: [RecordedConfiguration.ProfileInfo]
    /// The selected task ids in plan order.
    public var tasks: [String]
    public var trialsPerTask: Int
    /// How many trials the plan holds.
    public var planSize: Int

    enum CodingKeys: String, CodingKey {
        case seed
        case agentSHA256 = "agent_sha256"
        case suite, profiles, tasks
        case trialsPerTask = "trials_per_task"
        case planSize = "plan_size"
    }

    public init(
        seed: UInt64, agentSHA256: String, suite: SuiteFingerprint, profiles: [RecordedConfiguration.ProfileInfo], tasks: [String],
        trialsPerTask: Int, planSize: Int
    ) {
        self.seed = seed
        self.agentSHA256 = agentSHA256
        self.suite = suite
        self.profiles = profiles
        self.tasks = tasks
        self.trialsPerTask = trialsPerTask
        self.planSize = planSize
    }

    /// SHA-256 of the fingerprint's JSON with sorted keys: one string to compare.
    public var digest: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding strings and integers cannot fail.
        let data = (try? encoder.encode(self)) ?? Data()
        return SHA256.hex(of: [UInt8](data))
    }

    /// What differs between `self` (as recorded) and `current`, in words, so a refused resume
    /// says which input changed.
    public func differences(from current: PlanFingerprint) -> [String] {
        var found: [String] = []
        if seed != current.seed { found.append("the seed: \(seed) in the journal, \(current.seed) now") }
        if agentSHA256 != current.agentSHA256 {
            found.append("the agent file: sha256 \(agentSHA256.prefix(12)) in the journal, \(current.agentSHA256.prefix(12)) now")
        }
        if tasks != current.tasks {
            let removed = Set(tasks).subtracting(current.tasks).sorted()
            let added = Set(current.tasks).subtracting(tasks).sorted()
            var detail = "the selected tasks: \(tasks.count) in the journal, \(current.tasks.count) now"
            if !removed.isEmpty { detail += "; gone: \(removed.prefix(5).joined(separator: ", "))\(removed.count > 5 ? ", …" : "")" }
            if !added.isEmpty { detail += "; new: \(added.prefix(5).joined(separator: ", "))\(added.count > 5 ? ", …" : "")" }
            found.append(detail)
        }
        let edited = suite.tasks.keys.filter { id in current.suite.tasks[id].map { $0 != suite.tasks[id] } ?? false }.sorted()
        if !edited.isEmpty {
            found.append("task files changed: \(edited.prefix(5).joined(separator: ", "))\(edited.count > 5 ? " and \(edited.count - 5) more" : "")")
        }
        if suite.fixtures != current.suite.fixtures { found.append("the tool catalogs or worlds changed") }
        if profiles != current.profiles {
            found.append("the fault profiles: \(profiles.map(Self.describe).joined(separator: ", ")) in the journal, \(current.profiles.map(Self.describe).joined(separator: ", ")) now")
        }
        if trialsPerTask != current.trialsPerTask { found.append("trials per task: \(trialsPerTask) in the journal, \(current.trialsPerTask) now") }
        if found.isEmpty, planSize != current.planSize { found.append("the plan size: \(planSize) in the journal, \(current.planSize) now") }
        return found
    }

    private static func describe(_ profile: RecordedConfiguration.ProfileInfo) -> String {
        profile.sha256.map { "\(profile.name) (sha256 \($0.prefix(12)))" } ?? profile.name
    }
}
