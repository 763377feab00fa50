import AgentCore
import Synchronization

/// The JSON state one trial's tools act on. Each trial gets its own.
public final class MockWorld: Sendable {
    private let state: Mutex<JSONValue>

    public init(state: JSONValue) {
        self.state = Mutex(state)
    }

    /// The state as it is now.
    public var snapshot: JSONValue { state.withLock { $0 } }

    /// Runs `body` on a copy of the state and keeps the copy only if `body` succeeds, so a failed
    /// call leaves the world as it was.
    public func transaction<Success>(_ body: (inout JSONValue) throws(ToolError) -> Success) throws(ToolError) -> Success {
        try state.withLock { (current: inout JSONValue) throws(ToolError) -> Success in
            var draft = current
            let result = try body(&draft)
            current = draft
            return result
        }
    }
}
