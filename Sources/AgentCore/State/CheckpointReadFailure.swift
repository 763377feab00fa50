/// Why one checkpoint file was passed over.
struct CheckpointReadFailure: Error, CustomStringConvertible {
    var description: String
    /// The file was not there any more.
    var vanished: Bool

    init(_ description: String, vanished: Bool = false) {
        self.description = description
        self.vanished = vanished
    }
}
