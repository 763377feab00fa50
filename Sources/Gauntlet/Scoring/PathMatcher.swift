import AgentCore

/// Compares a trial's tool calls with the reference path.
///
/// Calls are paired by maximum bipartite matching (Kuhn's augmenting paths), not first fit: with
/// loose matchers a greedy pairing can use up the one actual call a later reference call needed.
public enum PathMatcher {
    /// Whether `actual` satisfies `reference` under `expectation`, and a message saying how or why not.
    public static func check(reference: [RecordedCall], actual: [RecordedCall], expectation: PathExpectation) -> (passed: Bool, message: String) {
        let matches: (Int, Int) -> Bool = { ref, act in
            callMatches(reference[ref], actual[act], arguments: expectation.arguments, keys: expectation.keys[reference[ref].tool])
        }
        let path = "path was: \(ToolPath.describe(actual)); reference: \(ToolPath.describe(reference))"
        switch expectation.mode {
        case .strict:
            for index in 0..<max(reference.count, actual.count) {
                guard index < reference.count else { return (false, "unexpected extra call \(index + 1): \(describe(actual[index])); \(path)") }
                guard index < actual.count else { return (false, "missing call \(index + 1): expected \(describe(reference[index])); \(path)") }
                if !matches(index, index) {
                    return (false, "call \(index + 1): expected \(describe(reference[index])), found \(describe(actual[index])); \(path)")
                }
            }
            return (true, "\(actual.count) calls match the reference in order")
        case .inOrder:
            var next = 0
            for ref in reference.indices {
                guard let found = (next..<actual.count).first(where: { matches(ref, $0) }) else {
                    return (false, "reference call \(ref + 1) of \(reference.count), \(describe(reference[ref])), has no match in order; \(path)")
                }
                next = found + 1
            }
            return (true, "the \(reference.count) reference calls appear in order among \(actual.count) calls")
        case .unordered, .subset, .superset:
            let pairs = maximumMatching(referenceCount: reference.count, actualCount: actual.count, matches: matches)
            let unmatchedReference = reference.indices.filter { ref in !pairs.contains { $0.reference == ref } }
            let unmatchedActual = actual.indices.filter { act in !pairs.contains { $0.actual == act } }
            var problems: [String] = []
            if expectation.mode != .subset, !unmatchedReference.isEmpty {
                problems.append("reference calls not made: " + unmatchedReference.map { describe(reference[$0]) }.joined(separator: ", "))
            }
            if expectation.mode != .superset, !unmatchedActual.isEmpty {
                problems.append("calls not in the reference: " + unmatchedActual.map { describe(actual[$0]) }.joined(separator: ", "))
            }
            if problems.isEmpty { return (true, "\(pairs.count) calls paired with the reference") }
            return (false, problems.joined(separator: "; ") + "; \(path)")
        }
    }

    /// Whether one actual call matches one reference call.
    static func callMatches(_ reference: RecordedCall, _ actual: RecordedCall, arguments: PathExpectation.ArgumentMatch, keys: [String]?) -> Bool {
        guard reference.tool == actual.tool else { return false }
        if let keys {
            return keys.allSatisfy { reference.arguments[$0] == actual.arguments[$0] }
        }
        switch arguments {
        case .exact: return reference.arguments == actual.arguments
        case .ignore: return true
        case .subset: return JSONMatching.contains(actual.arguments, reference.arguments)
        case .superset: return JSONMatching.contains(reference.arguments, actual.arguments)
        }
    }

    /// A maximum matching between reference and actual calls.
    static func maximumMatching(referenceCount: Int, actualCount: Int, matches: (Int, Int) -> Bool) -> [(reference: Int, actual: Int)] {
        let edges = (0..<referenceCount).map { ref in (0..<actualCount).filter { matches(ref, $0) } }
        var ownerOfActual = [Int?](repeating: nil, count: actualCount)
        func augment(_ ref: Int, _ visited: inout [Bool]) -> Bool {
            for act in edges[ref] where !visited[act] {
                visited[act] = true
                if ownerOfActual[act] == nil || augment(ownerOfActual[act]!, &visited) {
                    ownerOfActual[act] = ref
                    return true
                }
            }
            return false
        }
        for ref in 0..<referenceCount {
            var visited = [Bool](repeating: false, count: actualCount)
            _ = augment(ref, &visited)
        }
        return ownerOfActual.enumerated().compactMap { act, ref in ref.map { (reference: $0, actual: act) } }.sorted { $0.reference < $1.reference }
    }

    static func describe(_ call: RecordedCall) -> String {
        "\(call.tool)\(call.arguments.excerpt(limit: 80))"
    }
}
