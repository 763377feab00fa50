/// How often a simulated model errs the way LLMs do: the probability of each mistake on each call
/// the reference policy makes. All zero plays the policy exactly.
public struct ModelMistakes: Sendable, Hashable {
    private var probabilities: [ModelMistake: Double] = [:]

    public init() {}

    /// The probability of `mistake`, 0 unless set.
    public subscript(mistake: ModelMistake) -> Double {
        get { probabilities[mistake] ?? 0 }
        set { probabilities[mistake] = newValue }
    }

    /// Calls another of the offered tools instead of the right one.
    public var wrongTool: Double { get { self[.wrongTool] } set { self[.wrongTool] = newValue } }
    /// Calls a tool that does not exist.
    public var hallucinatedTool: Double { get { self[.hallucinatedTool] } set { self[.hallucinatedTool] = newValue } }
    /// Leaves out one argument.
    public var dropArgument: Double { get { self[.dropArgument] } set { self[.dropArgument] = newValue } }
    /// Changes one string argument.
    public var garbleArgument: Double { get { self[.garbleArgument] } set { self[.garbleArgument] = newValue } }
    /// Writes arguments that are not valid JSON.
    public var malformedJSON: Double { get { self[.malformedJSON] } set { self[.malformedJSON] = newValue } }
    /// Skips the step.
    public var skipStep: Double { get { self[.skipStep] } set { self[.skipStep] = newValue } }
    /// Makes a call that succeeded once more.
    public var repeatCall: Double { get { self[.repeatCall] } set { self[.repeatCall] = newValue } }
    /// Answers before the work is done.
    public var prematureAnswer: Double { get { self[.prematureAnswer] } set { self[.prematureAnswer] = newValue } }
}
