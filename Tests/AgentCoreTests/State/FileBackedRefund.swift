import AgentCore
import Foundation

/// A refund whose world is a file that outlives the process: each refund applied is a line
/// `<idempotency key or -> <order>` appended to `effects`. A call whose key is already there is
/// not applied again, as an idempotent payment API does.
final class FileBackedRefund: Tool {
    let spec: ToolSpec
    let effects: String
    /// Told right after each effect lands, so a test can kill the process between the effect
    /// and the checkpoint that records its result.
    let killSwitch: KillSwitch?

    init(effects: String, killSwitch: KillSwitch? = nil) throws {
        spec = try makeSpec("refund", risk: .write, parameters: orderIDParameters)
        self.effects = effects
        self.killSwitch = killSwitch
    }

    /// The orders refunded in `effects`, one entry per refund applied.
    static func applied(in effects: String) -> [String] {
        let lines = ((try? String(contentsOfFile: effects, encoding: .utf8)) ?? "").split(separator: "\n")
        return lines.compactMap { $0.split(separator: " ").last.map(String.init) }
    }

    func call(arguments: JSONValue, context: ToolCallContext) async throws -> ToolOutput {
        let order = arguments["order_id"]?.stringValue ?? ""
        if let key = context.idempotencyKey {
            let lines = ((try? String(contentsOfFile: effects, encoding: .utf8)) ?? "").split(separator: "\n")
            if lines.contains(where: { $0.hasPrefix(key + " ") }) { return .json(["refunded": true, "order_id": .string(order), "replayed": true]) }
        }
        // One write to a file opened for appending: a kill lands before the line or after it.
        let line = Array("\(context.idempotencyKey ?? "-") \(order)\n".utf8)
        let descriptor = open(effects, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw ToolError("internal", "cannot open \(effects)") }
        defer { close(descriptor) }
        guard write(descriptor, line, line.count) == line.count, fsync(descriptor) == 0 else {
            throw ToolError("internal", "cannot append to \(effects)")
        }
        killSwitch?.point("effect \(order)")
        return .json(["refunded": true, "order_id": .string(order)])
    }
}
