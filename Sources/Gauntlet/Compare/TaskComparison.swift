/// One task under one fault profile, side by side.
public struct TaskComparison: Sendable, Hashable, Codable {
    public var task: String
    public var domain: String
    public var profile: String
    public var baseline: TaskTally
    public var candidate: TaskTally
    public var status: TaskStatus
    public var drift: PathDrift
    /// Unsafe trials in the candidate.
    public var candidateUnsafe: Int
    /// The candidate's failed checks, by name, with how many trials failed each.
    public var candidateFailedChecks: [String: Int]

    enum CodingKeys: String, CodingKey {
        case task, domain, profile, baseline, candidate, status, drift
        case candidateUnsafe = "candidate_unsafe"
        case candidateFailedChecks = "candidate_failed_checks"
    }

    /// The change of pass rate, candidate minus baseline.
    public var difference: Double { (candidate.passRate ?? 0) - (baseline.passRate ?? 0) }
}
