/// A tool's failure, typed so that the agent (and its model) can decide what to do next.
public struct ToolError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The class of failure.
    public var kind: Kind
    /// What went wrong, for the model and for humans reading a trajectory.
    public var message: String
    /// Whether trying the same call again may succeed.
    public var retryable: Bool
    /// How long the server asked the caller to wait before trying again, as it said it.
    public var retryAfter: RetryAfter?

    public init(_ kind: Kind, _ message: String, retryable: Bool? = nil, retryAfter: RetryAfter? = nil) {
        self.kind = kind
        self.message = message
        self.retryable = retryable ?? kind.isTransient
        self.retryAfter = retryAfter
    }

    public var description: String { "\(kind.rawValue): \(message)" }

    /// The failure as the model sees it in a tool turn.
    public var json: JSONValue {
        ["error": ["kind": .string(kind.rawValue), "message": .string(message), "retryable": .bool(retryable)]]
    }

    /// An extensible error code; the harness and providers may add their own.
    public struct Kind: RawRepresentable, Sendable, Hashable, ExpressibleByStringLiteral {
        public var rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public init(stringLiteral value: String) { rawValue = value }

        public static let notFound: Kind = "not_found"
        public static let conflict: Kind = "conflict"
        public static let invalid: Kind = "invalid"
        public static let permissionDenied: Kind = "permission_denied"
        public static let unavailable: Kind = "unavailable"
        public static let timeout: Kind = "timeout"
        public static let rateLimited: Kind = "rate_limited"
        public static let `internal`: Kind = "internal"
        /// The model named a tool that does not exist.
        public static let unknownTool: Kind = "unknown_tool"
        /// The tool exists but is outside this agent's allow-list.
        public static let notAllowed: Kind = "not_allowed"
        /// The arguments were not JSON.
        public static let malformedArguments: Kind = "malformed_arguments"
        /// The arguments were JSON but broke the tool's parameter schema.
        public static let invalidArguments: Kind = "invalid_arguments"
        /// The result was not JSON, or broke the tool's result schema.
        public static let malformedResult: Kind = "malformed_result"
        /// The dependency's circuit breaker is open; the call was not made.
        public static let circuitOpen: Kind = "circuit_open"
        /// The model asked for a tool more often than `Budgets.maxCallsPerTool` allows.
        public static let callLimit: Kind = "call_limit"
        /// The egress guard stopped arguments that carry a sensitive value to an external tool.
        public static let egressBlocked: Kind = "egress_blocked"
        /// The reviewer will decide later and this agent, without a checkpoint store, cannot wait:
        /// nobody said no, but the call was not made.
        public static let approvalPending: Kind = "approval_pending"

        /// Every kind AgentCore and Gauntlet's mock tools produce.
        public static let known: [Kind] = [
            .notFound, .conflict, .invalid, .permissionDenied, .unavailable, .timeout, .rateLimited, .internal,
            .unknownTool, .notAllowed, .malformedArguments, .invalidArguments, .malformedResult, .circuitOpen,
            .callLimit, .egressBlocked, .approvalPending,
        ]

        /// Kinds that describe a passing condition, worth retrying.
        public var isTransient: Bool {
            [.unavailable, .timeout, .rateLimited].contains(self)
        }
    }
}
