/// A finished trial as a journal holds it: its place in the plan, its result and its trajectory.
public struct JournaledTrial: Sendable, Hashable {
    /// Where the trial sits in the plan.
    public var position: Int
    public var result: TrialResult
    /// The trial's lines of `trajectories.jsonl`, without their newlines.
    public var lines: [String]

    public init(position: Int, result: TrialResult, lines: [String]) {
        self.position = position
        self.result = result
        self.lines = lines
    }
}
