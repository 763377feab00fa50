/// A mistake the simulated model makes the way LLMs do, named as in agent files.
public enum ModelMistake: String, Sendable, Hashable, CaseIterable {
    /// Skips the step and goes on as if it had been done.
    case skipStep = "skip_step"
    /// Answers before the work is done.
    case prematureAnswer = "premature_answer"
    /// Calls another of the offered tools instead of the right one.
    case wrongTool = "wrong_tool"
    /// Calls a tool that does not exist (a plausible name).
    case hallucinatedTool = "hallucinated_tool"
    /// Leaves out one argument.
    case dropArgument = "drop_argument"
    /// Changes one string argument (a typo in an id).
    case garbleArgument = "garble_argument"
    /// Writes arguments that are not valid JSON.
    case malformedJSON = "malformed_json"
    /// Makes a call that succeeded once more; drawn after the result, not with the others.
    case repeatCall = "repeat_call"
}
