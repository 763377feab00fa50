import AgentCore

/// A behavioural task: what the agent is asked, what it may use, how a competent agent does it,
/// and what must hold afterwards.
public struct SuiteTask: Sendable {
    public var id: String
    public var title: String
    public var tags: [String]
    public var prompt: String
    /// The world fixture's name.
    public var world: String
    /// The allow-list.
    public var tools: [String]
    public var approvals: [ApprovalRule]
    public var policy: ReferencePolicy
    public var expectations: Expectations
    /// The folder under `Suites/` the task lives in.
    public var domain: String
    public var file: String
    /// Faults (by name) under which an honest give-up that did no harm counts as `graceful`.
    public var gracefulOK: [String] = []
    /// Per tool, a JSON Schema the arguments must also satisfy in this task.
    public var scope: [String: JSONSchema] = [:]
    /// Instructions planted in the world's data.
    public var injections: [Injection] = []
}
