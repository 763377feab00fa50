import AgentCore
import Synchronization

/// The JSON state one trial's tools act on. Each trial gets its own.
///
/// It remembers the states it had before each write (for stale reads) and the results of writes
/// made with an idempotency key (so a retried write is applied once).
public final class MockWorld: Sendable {
    private struct Store {
        var state: JSONValue
        var history: [JSONValue] = []
        var keyed: [String: JSONValue] = [:]
        var applied: [AppliedEffect] = []
    }

    /// A write that changed the world.
    public struct AppliedEffect: Sendable, Hashable {
        public var tool: String
        public var idempotencyKey: String?
        /// The call's arguments, keys sorted: two effects with the same tool and arguments are the
        /// same operation applied twice.
        public var arguments: JSONValue = .null

        public init(tool: String, idempotencyKey: String? = nil, arguments: JSONValue = .null) {
            self.tool = tool
            self.idempotencyKey = idempotencyKey
            self.arguments = arguments
        }
    }

    private let store: Mutex<Store>

    public init(state: JSONValue) {
        store = Mutex(Store(state: state))
    }

    /// The state as it is now.
    public var snapshot: JSONValue { store.withLock { $0.state } }

    /// Every write applied so far, in order.
    public var appliedEffects: [AppliedEffect] { store.withLock { $0.applied } }

    /// The state `versionsBack` writes ago (the oldest one kept when there were fewer writes).
    public func state(versionsBack: Int) -> JSONValue {
        store.withLock { store in
            guard versionsBack > 0, !store.history.isEmpty else { return store.state }
            return store.history[max(0, store.history.count - versionsBack)]
        }
    }

    /// Runs `body` on a copy of the state and keeps the copy only if `body` succeeds, so a failed
    /// call leaves the world as it was. With an idempotency key, a key already applied returns the
    /// first result again without running `body`.
    public func transaction(tool: String = "", idempotencyKey: String? = nil, arguments: JSONValue = .null, _ body: (inout JSONValue) throws(ToolError) -> JSONValue) throws(ToolError) -> JSONValue {
        try keyedTransaction(tool: tool, idempotencyKey: idempotencyKey, arguments: arguments, body).result
    }

    /// `transaction`, saying whether the result was a replay of an earlier one with the same key.
    public func keyedTransaction(
        tool: String = "", idempotencyKey: String? = nil, arguments: JSONValue = .null, _ body: (inout JSONValue) throws(ToolError) -> JSONValue
    ) throws(ToolError) -> (result: JSONValue, replayed: Bool) {
        try store.withLock { (store: inout Store) throws(ToolError) -> (result: JSONValue, replayed: Bool) in
            if let idempotencyKey, let earlier = store.keyed[idempotencyKey] { return (earlier, true) }
            var draft = store.state
            let result = try body(&draft)
            if draft != store.state {
                store.history.append(store.state)
                store.applied.append(AppliedEffect(tool: tool, idempotencyKey: idempotencyKey, arguments: arguments.canonical))
                store.state = draft
            }
            if let idempotencyKey { store.keyed[idempotencyKey] = result }
            return (result, false)
        }
    }

    /// Runs a read-only `body` against an older state, as a lagging replica would.
    public func read(versionsBack: Int, _ body: (inout JSONValue) throws(ToolError) -> JSONValue) throws(ToolError) -> JSONValue {
        var old = state(versionsBack: versionsBack)
        return try body(&old)
    }
}
