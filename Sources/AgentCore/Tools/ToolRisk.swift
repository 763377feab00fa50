/// How much harm a tool can do, which decides approval and dry-run handling.
public enum ToolRisk: String, Sendable, Hashable, CaseIterable {
    /// Reads only; safe to repeat.
    case read
    /// Changes state that can be changed back.
    case write
    /// Changes state for good: payments, permanent deletes, messages sent.
    case irreversible

    /// Whether a call changes anything outside the agent.
    public var hasSideEffects: Bool { self != .read }
}
