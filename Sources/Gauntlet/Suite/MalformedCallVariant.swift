/// How a `malformed_tool_call` fault breaks the model's tool call.
public enum MalformedCallVariant: String, Sendable, Hashable, CaseIterable {
    /// Arguments that are not JSON.
    case badJSON = "bad_json"
    /// A tool name that does not exist (a hallucinated tool).
    case unknownTool = "unknown_tool"
    /// Required arguments left out.
    case missingArguments = "missing_arguments"
}
