/// One step of an aligned diff between two tool paths.
public struct PathEdit: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case same, insert, delete, substitute
    }

    public var kind: Kind
    /// The baseline's call here; nil for an insertion.
    public var baseline: String?
    /// The candidate's call here; nil for a deletion.
    public var candidate: String?

    public init(kind: Kind, baseline: String?, candidate: String?) {
        self.kind = kind
        self.baseline = baseline
        self.candidate = candidate
    }

    /// The edit-distance alignment of two tool paths: the one `diff` uses, named by tool.
    public static func align(_ baseline: [String], _ candidate: [String]) -> [PathEdit] {
        TrajectoryAlignment.align(baseline, candidate).map { step in
            let kind: Kind = switch step.kind {
            case .same: .same
            case .substitute: .substitute
            case .insert: .insert
            case .delete: .delete
            }
            return PathEdit(kind: kind, baseline: step.baseline.map { baseline[$0] }, candidate: step.candidate.map { candidate[$0] })
        }
    }
}
