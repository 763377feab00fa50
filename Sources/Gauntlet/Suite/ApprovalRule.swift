import AgentCore

/// One line of the mock human's script.
public struct ApprovalRule: Sendable, Hashable {
    public enum Decision: String, Sendable, Hashable {
        case approve, deny, edit
        /// Nobody answers: the request waits until the agent's approval timeout.
        case noAnswer = "no_answer"
    }

    public var tool: String
    /// The n-th approval asked for this tool (from 1); `nil` matches every one.
    public var call: Int?
    public var decision: Decision
    public var reason: String?
    /// For `edit`: the arguments that replace the requested ones, key by key.
    public var arguments: JSONValue?
    /// The rule applies only to requests whose arguments contain these values.
    public var match: JSONValue?
    /// The request is queued and the decision comes this long after it (`deferred`), instead of
    /// at once: an agent with a checkpoint store parks and resumes, one without gives up the call.
    public var decidesAfter: Duration?
}
