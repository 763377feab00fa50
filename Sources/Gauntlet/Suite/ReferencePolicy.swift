import AgentCore

/// The turns a competent agent takes on a task, played by the scripted model.
public struct ReferencePolicy: Sendable, Hashable {
    public var steps: [PolicyStep]
    /// The final answer template.
    public var answer: String
}

/// A tool call of the reference policy.
public struct PolicyStep: Sendable, Hashable {
    public var tool: String
    /// An arguments template over earlier bindings.
    public var arguments: JSONValue
    /// The name the result is bound to.
    public var binding: String?
    /// Tried in order when the call fails.
    public var errorHandlers: [ErrorHandler]
    /// Repeats the call page by page.
    public var pagination: Pagination?
}

/// How a policy step walks a paginated listing.
public struct Pagination: Sendable, Hashable {
    /// The result's field holding the next page's cursor.
    public var cursor: String
    /// The argument the cursor is passed in.
    public var argument: String
    /// The result's array field gathered over all pages.
    public var collect: String
    /// The most pages to fetch; `nil` trusts the listing to end.
    public var maxPages: Int?
}

/// What the policy does when a call fails with one of `kinds` (any kind when `nil`).
public struct ErrorHandler: Sendable, Hashable {
    public enum Action: Sendable, Hashable {
        /// Try the same call up to n more times.
        case retry(Int)
        /// Run these steps instead.
        case alternative([PolicyStep])
        /// Stop with this answer: the task cannot be done.
        case giveUp(String)
        /// Stop with this answer: a human takes over.
        case escalate(String)
    }

    public var kinds: [String]?
    public var action: Action

    /// Whether the handler applies to a failure of `kind`.
    public func handles(_ kind: String) -> Bool {
        kinds?.contains(kind) ?? true
    }
}
