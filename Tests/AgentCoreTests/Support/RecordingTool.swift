import AgentCore
import Synchronization

/// A tool that records the arguments of every call and returns a fixed result or throws.
final class RecordingTool: Tool {
    let spec: ToolSpec
    private let outcome: Result<JSONValue, any Error>
    private let latency: (clock: TestClock, duration: Duration)?
    private let calls = Mutex<[JSONValue]>([])

    init(
        _ spec: ToolSpec, returning result: JSONValue = ["ok": true],
        latency: (clock: TestClock, duration: Duration)? = nil
    ) {
        self.spec = spec
        outcome = .success(result)
        self.latency = latency
    }

    init(_ spec: ToolSpec, throwing error: any Error) {
        self.spec = spec
        outcome = .failure(error)
        latency = nil
    }

    /// The arguments of every call, in order.
    var receivedArguments: [JSONValue] { calls.withLock { $0 } }

    var callCount: Int { calls.withLock { $0.count } }

    func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        calls.withLock { $0.append(arguments) }
        if let latency { try await latency.clock.sleep(for: latency.duration) }
        return .json(try outcome.get())
    }
}

/// An error that is not a `ToolError`, for checking how the agent wraps foreign failures.
struct DiskOnFire: Error, CustomStringConvertible {
    var description: String { "the disk is on fire" }
}
