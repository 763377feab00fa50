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

    /// The edit-distance alignment of two sequences (unit costs), preferring a match, then a
    /// substitution, then a deletion, so the same inputs always give the same script.
    public static func align(_ baseline: [String], _ candidate: [String]) -> [PathEdit] {
        let m = baseline.count, n = candidate.count
        var cost = Array(repeating: Array(repeating: 0, count: n + 1), count: m + 1)
        for i in 0...m { cost[i][0] = i }
        for j in 0...n { cost[0][j] = j }
        if m > 0 && n > 0 {
            for i in 1...m {
                for j in 1...n {
                    let change = cost[i - 1][j - 1] + (baseline[i - 1] == candidate[j - 1] ? 0 : 1)
                    cost[i][j] = min(change, cost[i - 1][j] + 1, cost[i][j - 1] + 1)
                }
            }
        }
        var edits: [PathEdit] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            if i > 0, j > 0, cost[i][j] == cost[i - 1][j - 1] + (baseline[i - 1] == candidate[j - 1] ? 0 : 1) {
                let same = baseline[i - 1] == candidate[j - 1]
                edits.append(PathEdit(kind: same ? .same : .substitute, baseline: baseline[i - 1], candidate: candidate[j - 1]))
                i -= 1
                j -= 1
            } else if i > 0, cost[i][j] == cost[i - 1][j] + 1 {
                edits.append(PathEdit(kind: .delete, baseline: baseline[i - 1], candidate: nil))
                i -= 1
            } else {
                edits.append(PathEdit(kind: .insert, baseline: nil, candidate: candidate[j - 1]))
                j -= 1
            }
        }
        return edits.reversed()
    }
}
