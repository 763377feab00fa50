import AgentCore
import Testing
@testable import Gauntlet

@Suite struct TrajectoryAlignmentTests {
    /// The rows as a compact script: `=a`, `~a/b`, `-a`, `+b`.
    static func script(_ a: [String], _ b: [String], substitutable: (String, String) -> Bool = { _, _ in true }) -> [String] {
        TrajectoryAlignment.align(a, b, substitutable: substitutable).map { step in
            switch step.kind {
            case .same: "=\(a[step.baseline!])"
            case .substitute: "~\(a[step.baseline!])/\(b[step.candidate!])"
            case .delete: "-\(a[step.baseline!])"
            case .insert: "+\(b[step.candidate!])"
            }
        }
    }

    @Test("identical sequences align as all the same, at distance 0")
    func identical() {
        let steps = TrajectoryAlignment.align(["a", "b", "c"], ["a", "b", "c"])
        #expect(steps == [0, 1, 2].map { AlignedStep(kind: .same, baseline: $0, candidate: $0) })
        #expect(TrajectoryAlignment.distance(steps) == 0)
    }

    @Test("empty sequences: nothing, all insertions, or all deletions")
    func empty() {
        #expect(TrajectoryAlignment.align([String](), []).isEmpty)
        #expect(Self.script([], ["x", "y"]) == ["+x", "+y"])
        #expect(Self.script(["x", "y"], []) == ["-x", "-y"])
    }

    @Test("an insertion in the middle is one row on the candidate's side only")
    func insertion() {
        #expect(Self.script(["a", "b", "c"], ["a", "x", "b", "c"]) == ["=a", "+x", "=b", "=c"])
        #expect(Self.script(["a", "b"], ["x", "a", "b", "y"]) == ["+x", "=a", "=b", "+y"])
    }

    @Test("a deletion is one row on the baseline's side only")
    func deletion() {
        #expect(Self.script(["a", "b", "c"], ["a", "c"]) == ["=a", "-b", "=c"])
        #expect(Self.script(["a", "b", "b", "c"], ["a", "b", "c"]) == ["=a", "=b", "-b", "=c"])
    }

    @Test("a substitution pairs two different elements in the same place")
    func substitution() {
        #expect(Self.script(["a", "b", "c"], ["a", "y", "c"]) == ["=a", "~b/y", "=c"])
        // kitten → sitting: two substitutions and an insertion (Levenshtein's example, distance 3).
        let kitten = "kitten".map(String.init), sitting = "sitting".map(String.init)
        #expect(Self.script(kitten, sitting) == ["~k/s", "=i", "=t", "=t", "~e/i", "=n", "+g"])
        #expect(TrajectoryAlignment.distance(TrajectoryAlignment.align(kitten, sitting)) == 3)
    }

    @Test("elements that may not be substituted become a deletion, then an insertion")
    func notSubstitutable() {
        #expect(Self.script(["a", "b", "c"], ["a", "y", "c"], substitutable: { _, _ in false }) == ["=a", "-b", "+y", "=c"])
        // Only same-initial elements pair: "tool:x" may replace "tool:y", not "model:z".
        let sameKind = { (l: String, r: String) in l.first == r.first }
        #expect(Self.script(["t1", "m1"], ["t2", "x1"], substitutable: sameKind) == ["~t1/t2", "-m1", "+x1"])
    }

    @Test("every index of each side appears once, in order, whatever the inputs")
    func coversBothSides() {
        let cases: [([String], [String])] = [
            (["a", "b", "c", "d", "e"], ["e", "d", "c", "b", "a"]),
            (["a", "a", "a"], ["a"]),
            (["x"], ["a", "b", "x", "c"]),
            ("abcabba".map(String.init), "cbabac".map(String.init)),
        ]
        for (a, b) in cases {
            let steps = TrajectoryAlignment.align(a, b)
            #expect(steps.compactMap(\.baseline) == Array(a.indices))
            #expect(steps.compactMap(\.candidate) == Array(b.indices))
            #expect(steps.allSatisfy { ($0.kind == .same) == ($0.baseline.map { a[$0] } == $0.candidate.map { b[$0] } && $0.baseline != nil) })
        }
        // Optimal: the Levenshtein distances, computed independently with the textbook recurrence
        // (Wagner and Fischer 1974) in Python: abcabba → cbabac 4, abcde → edcba 4.
        #expect(TrajectoryAlignment.distance(TrajectoryAlignment.align("abcabba".map(String.init), "cbabac".map(String.init))) == 4)
        #expect(TrajectoryAlignment.distance(TrajectoryAlignment.align("abcde".map(String.init), "edcba".map(String.init))) == 4)
    }
}

@Suite struct TrialDiffTests {
    static func event(_ seq: Int, _ t: Int64, _ kind: String, _ data: JSONObject = JSONObject()) -> TrajectoryEvent {
        TrajectoryEvent(seq: seq, tMs: t, kind: kind, data: data)
    }

    static func call(_ seq: Int, _ t: Int64, _ tool: String, _ arguments: JSONValue, id: String = "call_1") -> TrajectoryEvent {
        event(seq, t, "tool_call", JSONObject([("call_id", .string(id)), ("tool", .string(tool)), ("arguments", arguments)]))
    }

    static func fault(_ seq: Int, _ t: Int64, _ name: String, on tool: String) -> TrajectoryEvent {
        event(seq, t, "fault_injected", JSONObject([("rule", "r"), ("fault", .string(name)), ("edge", "tool"), ("target", .string(tool)), ("call", 1), ("attempt", 1)]))
    }

    @Test("signatures ignore seq, time, call ids and free text, and keep the tool and its key arguments")
    func signatures() {
        let a = Self.call(4, 100, "refund_order", ["order_id": "NW-1", "amount": 30, "reason": "The lid is cracked."], id: "call_3")
        let b = Self.call(9, 900, "refund_order", ["reason": "Cracked lid, refund please", "amount": 30, "order_id": "NW-1"], id: "call_7")
        #expect(EventSignature(a) == EventSignature(b))
        #expect(EventSignature(a).description == #"tool_call refund_order {"amount":30,"order_id":"NW-1","reason":"…"}"#)
        let otherOrder = Self.call(4, 100, "refund_order", ["order_id": "NW-2", "amount": 30, "reason": "The lid is cracked."])
        #expect(EventSignature(a) != EventSignature(otherOrder))
        let error = Self.event(5, 130, "tool_error", JSONObject([("call_id", "call_1"), ("tool", "refund_order"), ("error", ["kind": "timeout", "message": "late", "class": "timeout"])]))
        #expect(EventSignature(error).description == "tool_error refund_order timeout")
        #expect(EventSignature(Self.fault(1, 0, "latency", on: "get_order")).description == "fault_injected latency on tool get_order")
    }

    @Test("two trajectories: the first divergence, what each side did from there, and the faults around it")
    func divergence() {
        let start = [Self.event(0, 0, "trial_started"), Self.call(1, 0, "get_order", ["order_id": "NW-1"])]
        let baseline = start + [
            Self.fault(2, 0, "error", on: "get_order"),
            Self.event(3, 40, "tool_error", JSONObject([("call_id", "call_1"), ("tool", "get_order"), ("error", ["kind": "unavailable"])])),
            Self.event(4, 40, "final_answer", JSONObject([("text", "Sorry.")])),
            Self.event(5, 40, "trial_finished", JSONObject([("outcome", "fail")])),
        ]
        let candidate = start + [
            Self.event(2, 60, "tool_result", JSONObject([("call_id", "call_1"), ("tool", "get_order"), ("result", ["id": "NW-1"])])),
            Self.call(3, 60, "refund_order", ["order_id": "NW-1"], id: "call_2"),
            Self.event(4, 90, "tool_result", JSONObject([("call_id", "call_2"), ("tool", "refund_order"), ("result", ["ok": true])])),
            Self.event(5, 90, "final_answer", JSONObject([("text", "Done, refunded.")])),
            Self.event(6, 90, "trial_finished", JSONObject([("outcome", "pass")])),
        ]
        let diff = TrialDiff(baseline: baseline, candidate: candidate)
        #expect(!diff.identical)
        #expect(diff.firstDivergence == 2)
        #expect(diff.rows.map(\.kind) == [.same, .same, .delete, .delete, .insert, .insert, .insert, .same, .substitute])
        #expect(diff.next(.baseline, limit: 2).map(\.kind) == ["fault_injected", "tool_error"])
        #expect(diff.next(.candidate, limit: 10).map(\.seq) == [2, 3, 4, 5, 6])
        #expect(diff.faults(.baseline, within: 3).map(\.seq) == [2])
        #expect(diff.faults(.candidate, within: 3).isEmpty)
    }

    @Test("the same trajectory at other times is identical; an empty one diverges at once")
    func identicalAndEmpty() {
        let events = [Self.event(0, 0, "trial_started"), Self.call(1, 0, "get_order", ["order_id": "NW-1"]), Self.event(2, 5, "trial_finished", JSONObject([("outcome", "pass")]))]
        let later = events.map { TrajectoryEvent(seq: $0.seq, tMs: $0.tMs + 500, kind: $0.kind, data: $0.data) }
        let same = TrialDiff(baseline: events, candidate: later)
        #expect(same.identical)
        #expect(same.next(.baseline, limit: 5).isEmpty)
        #expect(same.faults(.candidate, within: 5).isEmpty)
        let none = TrialDiff(baseline: [], candidate: events)
        #expect(none.firstDivergence == 0)
        #expect(none.rows.map(\.kind) == [.insert, .insert, .insert])
        #expect(TrialDiff(baseline: [], candidate: []).identical)
    }
}
