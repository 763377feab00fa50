import AgentCore
import Synchronization

/// A tool that fails its first calls with the given kinds, in order, then returns `result`; counts its calls.
final class FlakyTool: Tool {
    let spec: ToolSpec
    private let failures: [ToolError.Kind]
    private let result: JSONValue
    private let count = Mutex(0)

    init(name: String, failing failures: [ToolError.Kind], result: JSONValue = ["ok": true]) throws {
        spec = try makeSpec(name)
        self.failures = failures
        self.result = result
    }

    convenience init(name: String, failures: Int, kind: ToolError.Kind = .unavailable, result: JSONValue = ["ok": true]) throws {
        try self.init(name: name, failing: Array(repeating: kind, count: failures), result: result)
    }

    /// Calls that reached the tool so far.
    var calls: Int { count.withLock { $0 } }

    func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        let attempt = count.withLock { value in
            value += 1
            return value
        }
        if attempt <= failures.count { throw ToolError(failures[attempt - 1], "attempt \(attempt) failed") }
        return .json(result)
    }
}
