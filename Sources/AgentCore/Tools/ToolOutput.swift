/// What a tool sends back: JSON it built, or raw bytes from the wire that the agent must check.
public enum ToolOutput: Sendable, Hashable {
    case json(JSONValue)
    /// Bytes as received: they may not be UTF-8, may not be JSON, may be cut short.
    case bytes([UInt8])

    /// The JSON the output holds.
    /// - Throws: `ToolError` of kind `malformed_result` when the bytes are not UTF-8 JSON.
    public func decoded() throws(ToolError) -> JSONValue {
        switch self {
        case .json(let value):
            return value
        case .bytes(let bytes):
            guard !bytes.isEmpty else { throw ToolError(.malformedResult, "The tool returned an empty body.", retryable: false) }
            do throws(JSONSyntaxError) {
                return try JSONParser.parse(bytes: bytes)
            } catch {
                let text = String(validating: bytes, as: UTF8.self) == nil ? "is not UTF-8 text" : "is not valid JSON (\(error))"
                throw ToolError(.malformedResult, "The tool's response \(text).", retryable: false)
            }
        }
    }
}
