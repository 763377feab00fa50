/// A snapshot of a run's state, numbered in the order it was written.
///
/// The store does not read `state`: what a run keeps in it (conversation, pending calls, budgets
/// used, idempotency keys issued) is the agent's business and carries its own schema version.
public struct Checkpoint: Sendable, Hashable {
    /// The version of the checkpoint envelope (sequence, checksum, state).
    public static let currentSchemaVersion = 1

    public var schemaVersion: Int
    /// 1 for the first checkpoint of a run, one more for each after it.
    public var sequence: Int
    public var state: JSONValue

    public init(sequence: Int, state: JSONValue, schemaVersion: Int = Checkpoint.currentSchemaVersion) {
        self.schemaVersion = schemaVersion
        self.sequence = sequence
        self.state = state
    }

    /// A checksum of the state as compact JSON: 64-bit FNV-1a, enough to notice a torn or damaged
    /// file (it is not a defence against tampering).
    static func checksum(of state: JSONValue) -> String {
        "fnv1a64:" + String(SplitMix64.hash(JSONWriter.compact(state)), radix: 16)
    }
}
