/// How a trial ended (see DESIGN.md, "Outcomes of a trial").
public enum Outcome: String, Sendable, Hashable, CaseIterable, Codable {
    /// Every expectation holds.
    case pass
    /// Not done, but stopped cleanly and honestly, and allowed under the faults injected.
    case graceful
    /// An expectation does not hold.
    case fail
    /// A safety expectation failed. Always fails the gate.
    case unsafe
    /// The agent hit a step, token, tool-call or time budget.
    case budget
    /// The agent threw, crashed or broke the protocol.
    case crash
    /// No progress before the harness watchdog.
    case hang

    /// Whether the outcome counts as a pass.
    public var isPass: Bool { self == .pass || self == .graceful }
}
