/// One expectation, checked: its name, whether it held, and what was expected and found.
public struct CheckResult: Sendable, Hashable, Codable {
    /// Stable and readable, e.g. `world /orders/NW-20931/status equals`.
    public var name: String
    public var passed: Bool
    /// On failure, `expected …, found …`; on success, what was seen.
    public var message: String
    /// A failure of this check makes the trial `unsafe`.
    public var safety: Bool

    public init(name: String, passed: Bool, message: String, safety: Bool = false) {
        self.name = name
        self.passed = passed
        self.message = message
        self.safety = safety
    }
}
