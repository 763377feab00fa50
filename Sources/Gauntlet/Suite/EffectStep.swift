import AgentCore

/// One step of a mock tool's effect on the world (see `Suites/README.md`, "Tool catalogs").
public struct EffectStep: Sendable, Hashable {
    public enum Operation: String, Sendable, Hashable, CaseIterable {
        case get, find, page, insert, append, update, set, delete, require
    }

    /// A `require` step's test.
    public enum Condition: Sendable, Hashable {
        case equals(JSONValue)
        case notEquals(JSONValue)
        case isIn([JSONValue])
        case notIn([JSONValue])
        case exists(Bool)
        case min(JSONValue)
        case max(JSONValue)
    }

    public var operation: Operation
    /// A JSON Pointer template into the world.
    public var path: String?
    /// The name the step's value is bound to.
    public var binding: String?
    public var filter: JSONObject?
    public var contains: JSONObject?
    public var limit: Int?
    public var key: String?
    public var value: JSONValue?
    public var fields: JSONObject?
    public var message: String?
    public var condition: Condition?
    public var errorKind: String?
    /// For `page`: the cursor template (an offset; absent or empty is the first page).
    public var cursor: String?
    /// For `page`: items per page.
    public var pageSize: Int?
    /// For `page`: the listing never ends (for resource-exhaustion tasks).
    public var endless = false

    /// The fields of a step file entry each operation needs and may have (beyond `op`).
    static func fields(for operation: Operation) -> (required: [String], optional: [String]) {
        switch operation {
        case .get: (["path"], ["as", "message"])
        case .find: (["path"], ["as", "where", "contains", "limit"])
        case .page: (["path"], ["as", "where", "contains", "cursor", "size", "endless"])
        case .insert: (["path", "value"], ["as", "key"])
        case .append: (["path", "value"], ["as"])
        case .update: (["path", "set"], ["as", "message"])
        case .set: (["path", "value"], [])
        case .delete: (["path"], ["as", "message"])
        case .require: (["value", "error", "message"], EffectStep.conditionKeys)
        }
    }

    static let conditionKeys = ["equals", "not_equals", "in", "not_in", "exists", "min", "max"]
}
