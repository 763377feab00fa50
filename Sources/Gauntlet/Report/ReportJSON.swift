import AgentCore
import Foundation

/// How reports become JSON text: `Codable` encoding with sorted keys, laid out like every other
/// file Gauntlet writes (two-space indentation, a final newline).
enum ReportJSON {
    static func pretty<Value: Encodable>(_ value: Value) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding plain Codable structs of strings and numbers cannot fail, and JSONEncoder's
        // output always parses; re-writing it gives the house layout.
        let data = (try? encoder.encode(value)) ?? Data()
        let json = (try? JSONParser.parse(bytes: [UInt8](data))) ?? .null
        return JSONWriter.pretty(json) + "\n"
    }
}
