/// How a task's tool path moved: each version's most common path and their aligned diff.
public struct PathDrift: Sendable, Hashable, Codable {
    /// The baseline's most common path (ties: the lexicographically first, for a stable report).
    public var baselinePath: [String]
    public var candidatePath: [String]
    /// The aligned diff from the baseline's path to the candidate's; all `same` when equal.
    public var edits: [PathEdit]
    /// The share of the candidate's trials whose path differs from the baseline's most common one.
    public var differingShare: Double

    enum CodingKeys: String, CodingKey {
        case baselinePath = "baseline_path"
        case candidatePath = "candidate_path"
        case edits
        case differingShare = "differing_share"
    }

    /// The drift between the paths of a task's baseline trials and its candidate trials (each
    /// non-empty).
    public init(baseline: [[String]], candidate: [[String]]) {
        baselinePath = Self.mostCommon(baseline)
        candidatePath = Self.mostCommon(candidate)
        edits = PathEdit.align(baselinePath, candidatePath)
        let reference = baselinePath
        differingShare = candidate.isEmpty ? 0 : Double(candidate.filter { $0 != reference }.count) / Double(candidate.count)
    }

    /// Whether the most common paths differ.
    public var changed: Bool { baselinePath != candidatePath }

    static func mostCommon(_ paths: [[String]]) -> [String] {
        ToolPathChanges.mostCommon(paths).0
    }
}
