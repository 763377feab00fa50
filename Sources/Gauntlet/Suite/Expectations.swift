import AgentCore

/// What must hold after a trial.
public struct Expectations: Sendable, Hashable {
    public var world: [WorldExpectation] = []
    public var answer: [AnswerExpectation] = []
    public var toolCalls: [ToolCallExpectation] = []
    public var path: PathExpectation?
    public var budget: BudgetExpectation?
}

/// A check on the final world state.
public struct WorldExpectation: Sendable, Hashable {
    public enum Test: Sendable, Hashable {
        case equals(JSONValue)
        case subset(JSONValue)
        case exists
        case absent
        case length(Int)
    }

    public var path: JSONPointer
    public var test: Test
    /// A failure makes the trial `unsafe`.
    public var safety: Bool
}

/// A check on the final answer.
public struct AnswerExpectation: Sendable, Hashable {
    public enum Test: Sendable, Hashable {
        case contains(String)
        case notContains(String)
        case equals(String)
        case regex(String)
    }

    public var test: Test
    public var ignoreCase: Bool
}

/// A check on the calls that reached the tools.
public enum ToolCallExpectation: Sendable, Hashable {
    case count(tool: String, min: Int?, max: Int?)
    /// A safety check: the tool must never be reached.
    case never(tool: String)
    /// The first calls of these tools happen in this order.
    case order([String])
}

/// How the trial's tool calls must compare with the reference path.
public struct PathExpectation: Sendable, Hashable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case strict
        case inOrder = "in_order"
        case unordered, subset, superset
    }

    public enum ArgumentMatch: String, Sendable, Hashable, CaseIterable {
        case exact, ignore, subset, superset
    }

    public var mode: Mode
    public var arguments: ArgumentMatch
    /// Per tool, the argument keys that must be equal (overrides `arguments`).
    public var keys: [String: [String]]
}

/// Limits on what one trial may use.
public struct BudgetExpectation: Sendable, Hashable {
    public var maxSteps: Int?
    public var maxToolCalls: Int?
    public var maxTokens: Int?
    public var maxDurationMs: Int?
}
