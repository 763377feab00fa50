/// How often a simulated model errs the way LLMs do: the probability of each mistake on each call
/// the reference policy makes. All zero plays the policy exactly.
public struct ModelMistakes: Sendable, Hashable {
    /// Calls another of the offered tools instead of the right one.
    public var wrongTool = 0.0
    /// Calls a tool that does not exist (a plausible name).
    public var hallucinatedTool = 0.0
    /// Leaves out one argument.
    public var dropArgument = 0.0
    /// Changes one string argument (a typo in an id).
    public var garbleArgument = 0.0
    /// Writes arguments that are not valid JSON.
    public var malformedJSON = 0.0
    /// Skips the step and goes on as if it had been done.
    public var skipStep = 0.0
    /// Makes a call that succeeded once more.
    public var repeatCall = 0.0
    /// Answers before the work is done.
    public var prematureAnswer = 0.0

    public init() {}

    /// The file's keys, in the order the mistakes are drawn.
    static let keys = ["skip_step", "premature_answer", "wrong_tool", "hallucinated_tool", "drop_argument", "garble_argument", "malformed_json", "repeat_call"]

    /// The probability of the mistake a key names.
    subscript(key: String) -> Double {
        get {
            switch key {
            case "wrong_tool": wrongTool
            case "hallucinated_tool": hallucinatedTool
            case "drop_argument": dropArgument
            case "garble_argument": garbleArgument
            case "malformed_json": malformedJSON
            case "skip_step": skipStep
            case "repeat_call": repeatCall
            default: prematureAnswer
            }
        }
        set {
            switch key {
            case "wrong_tool": wrongTool = newValue
            case "hallucinated_tool": hallucinatedTool = newValue
            case "drop_argument": dropArgument = newValue
            case "garble_argument": garbleArgument = newValue
            case "malformed_json": malformedJSON = newValue
            case "skip_step": skipStep = newValue
            case "repeat_call": repeatCall = newValue
            default: prematureAnswer = newValue
            }
        }
    }
}
