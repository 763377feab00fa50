/// One row of an alignment of two sequences: a pair of elements, or an element on one side only.
public struct AlignedStep: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, Codable {
        /// Equal elements on both sides.
        case same
        /// Different elements in the same place.
        case substitute
        /// An element the candidate has and the baseline does not.
        case insert
        /// An element the baseline has and the candidate does not.
        case delete
    }

    public var kind: Kind
    /// The index in the baseline sequence; nil for an insertion.
    public var baseline: Int?
    /// The index in the candidate sequence; nil for a deletion.
    public var candidate: Int?

    public init(kind: Kind, baseline: Int?, candidate: Int?) {
        self.kind = kind
        self.baseline = baseline
        self.candidate = candidate
    }
}

/// The edit-distance alignment of two sequences (Levenshtein's unit costs: an insertion, a
/// deletion or a substitution costs 1), with the indices of the elements it pairs.
///
/// Only elements `substitutable` allows may be paired when they differ; others are a deletion and
/// an insertion, so a trajectory diff never puts a tool call beside a model response. The common
/// prefix and suffix are matched first (they are part of some optimal alignment), and among the
/// optimal alignments of the rest the traceback prefers, from the end, a pair (match or
/// substitution), then an insertion, then a deletion: the same inputs always give the same rows,
/// and where one side's events replace the other's, the deleted rows come before the inserted ones.
public enum TrajectoryAlignment {
    /// Above this many cells (rows × columns after trimming) the middle is not searched for an
    /// optimal alignment: it is shown as deleted then inserted, which is correct but not minimal.
    public static let maximumCells = 16_000_000

    public static func align<Element: Equatable>(
        _ baseline: [Element], _ candidate: [Element], substitutable: (Element, Element) -> Bool = { _, _ in true }
    ) -> [AlignedStep] {
        var prefix = 0
        while prefix < baseline.count, prefix < candidate.count, baseline[prefix] == candidate[prefix] { prefix += 1 }
        var suffix = 0
        while suffix < baseline.count - prefix, suffix < candidate.count - prefix,
            baseline[baseline.count - 1 - suffix] == candidate[candidate.count - 1 - suffix]
        {
            suffix += 1
        }
        var steps = (0..<prefix).map { AlignedStep(kind: .same, baseline: $0, candidate: $0) }
        let b = Array(baseline[prefix..<(baseline.count - suffix)])
        let c = Array(candidate[prefix..<(candidate.count - suffix)])
        steps += alignMiddle(b, c, offset: prefix, substitutable: substitutable)
        steps += (0..<suffix).reversed().map { AlignedStep(kind: .same, baseline: baseline.count - 1 - $0, candidate: candidate.count - 1 - $0) }
        return steps
    }

    /// The edit distance of an alignment: its rows that are not `same`.
    public static func distance(_ steps: [AlignedStep]) -> Int {
        steps.filter { $0.kind != .same }.count
    }

    private static func alignMiddle<Element: Equatable>(
        _ b: [Element], _ c: [Element], offset: Int, substitutable: (Element, Element) -> Bool
    ) -> [AlignedStep] {
        let m = b.count, n = c.count
        if m == 0 || n == 0 || (m + 1) * (n + 1) > maximumCells {
            return (0..<m).map { AlignedStep(kind: .delete, baseline: offset + $0, candidate: nil) }
                + (0..<n).map { AlignedStep(kind: .insert, baseline: nil, candidate: offset + $0) }
        }
        let width = n + 1
        let impossible = Int32.max / 2
        var cost = [Int32](repeating: 0, count: (m + 1) * width)
        for i in 0...m { cost[i * width] = Int32(i) }
        for j in 0...n { cost[j] = Int32(j) }
        func pairCost(_ i: Int, _ j: Int) -> Int32 {
            b[i - 1] == c[j - 1] ? 0 : substitutable(b[i - 1], c[j - 1]) ? 1 : impossible
        }
        for i in 1...m {
            for j in 1...n {
                let diagonal = cost[(i - 1) * width + j - 1] + pairCost(i, j)
                let up = cost[(i - 1) * width + j] + 1
                let left = cost[i * width + j - 1] + 1
                cost[i * width + j] = min(diagonal, up, left)
            }
        }
        var steps: [AlignedStep] = []
        var i = m, j = n
        while i > 0 || j > 0 {
            let here = cost[i * width + j]
            if i > 0, j > 0, pairCost(i, j) < impossible, here == cost[(i - 1) * width + j - 1] + pairCost(i, j) {
                steps.append(AlignedStep(kind: b[i - 1] == c[j - 1] ? .same : .substitute, baseline: offset + i - 1, candidate: offset + j - 1))
                i -= 1
                j -= 1
            } else if j > 0, here == cost[i * width + j - 1] + 1 {
                steps.append(AlignedStep(kind: .insert, baseline: nil, candidate: offset + j - 1))
                j -= 1
            } else {
                steps.append(AlignedStep(kind: .delete, baseline: offset + i - 1, candidate: nil))
                i -= 1
            }
        }
        return steps.reversed()
    }
}
