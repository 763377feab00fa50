/// One planned trial: a task, its index among the task's trials, and its derived seed.
public struct Trial: Sendable, Hashable {
    public var task: SuiteTask.ID
    public var index: Int
    public var seed: UInt64

    /// Where the trial sits in the plan: results and trajectories are written in this order.
    public var position: Int
}

extension SuiteTask: Identifiable {}
