/// A fault profile file: the faults a trial runs under (see `Suites/README.md`, "Fault profiles").
public struct FaultProfile: Sendable, Hashable {
    /// The file name without `.json`.
    public var name: String
    public var description: String
    /// No rule fires at or after this virtual time ("chaos, then heal"); `nil` never heals.
    public var healAfter: Duration?
    /// In file order, which is the order they are checked in.
    public var rules: [FaultRule]
    /// The file it was loaded from.
    public var file: String

    public init(name: String, description: String = "", healAfter: Duration? = nil, rules: [FaultRule] = [], file: String = "") {
        self.name = name
        self.description = description
        self.healAfter = healAfter
        self.rules = rules
        self.file = file
    }

    /// The planted instructions of the profile's injection rules that say what they ask for.
    public var injections: [Injection] { rules.compactMap(\.plantedCall) }
}
