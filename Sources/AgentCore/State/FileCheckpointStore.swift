import Foundation

/// Checkpoints as files in a folder, one per checkpoint (`checkpoint-000000000007.json`).
///
/// Each file is written whole or not at all (a temporary file, fsync, linked into place, fsync of
/// the folder) and carries a checksum of its state, so a file torn by a crash mid-write or damaged
/// later is noticed and passed over for the previous good one; the next checkpoint is numbered
/// after it, so the damaged file stays for inspection. A checkpoint's file is created, never
/// replaced: of two writers saving the same next checkpoint, the second gets a conflict. The last
/// `keep` checkpoint files are kept.
public struct FileCheckpointStore: CheckpointStore {
    public let folder: String
    public let keep: Int

    public init(folder: String, keep: Int = 3) {
        self.folder = folder
        self.keep = max(1, keep)
    }

    /// The file of checkpoint `sequence`.
    public func path(of sequence: Int) -> String {
        let digits = String(sequence)
        return folder + "/checkpoint-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + ".json"
    }

    public func save(_ state: JSONValue, after previous: Int?) throws(CheckpointError) -> Checkpoint {
        let found = try latest().checkpoint?.sequence
        guard found == previous else { throw .conflict(expected: previous, found: found) }
        // Numbered past every file present, damaged ones included: a run that resumed from an
        // older good checkpoint writes after the torn one instead of over it.
        let checkpoint = Checkpoint(sequence: max(found ?? 0, sequences().last ?? 0) + 1, state: state)
        let envelope: JSONValue = [
            "schema_version": .number(Double(checkpoint.schemaVersion)), "sequence": .number(Double(checkpoint.sequence)),
            "checksum": .string(Checkpoint.checksum(of: state)), "state": state,
        ]
        do throws(FileWriteError) {
            try AtomicFile.write(Array((JSONWriter.pretty(envelope) + "\n").utf8), to: path(of: checkpoint.sequence), replacing: false)
        } catch {
            // Another writer created this checkpoint between our look and our write.
            if error.targetExists { throw .conflict(expected: previous, found: checkpoint.sequence) }
            throw .writeFailed(path: error.path, reason: error.reason)
        }
        for old in sequences().dropLast(keep) { unlink(path(of: old)) }
        return checkpoint
    }

    public func latest() throws(CheckpointError) -> CheckpointRecovery {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return CheckpointRecovery(checkpoint: nil) }
        guard isDirectory.boolValue else { throw .unreadable(path: folder, reason: "not a folder") }
        var skipped: [String] = []
        for sequence in sequences().reversed() {
            switch read(sequence) {
            case .success(let checkpoint): return CheckpointRecovery(checkpoint: checkpoint, skipped: skipped)
            case .failure(let reason): skipped.append("#\(sequence): \(reason)")
            }
        }
        return CheckpointRecovery(checkpoint: nil, skipped: skipped)
    }

    /// The sequences of the checkpoint files present, in order.
    func sequences() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap { name -> Int? in
            guard name.hasPrefix("checkpoint-"), name.hasSuffix(".json") else { return nil }
            return Int(name.dropFirst("checkpoint-".count).dropLast(".json".count))
        }.sorted()
    }

    /// One checkpoint file, checked: whole JSON, the envelope's fields, the sequence its name
    /// promises, and the checksum of its state.
    private func read(_ sequence: Int) -> Result<Checkpoint, CheckpointReadFailure> {
        guard let data = FileManager.default.contents(atPath: path(of: sequence)) else { return .failure(CheckpointReadFailure("unreadable")) }
        guard let json = try? JSONParser.parse(bytes: [UInt8](data)) else { return .failure(CheckpointReadFailure("torn or not JSON")) }
        guard let version = json["schema_version"]?.intValue, let recorded = json["sequence"]?.intValue,
            let checksum = json["checksum"]?.stringValue, let state = json["state"]
        else { return .failure(CheckpointReadFailure("missing schema_version, sequence, checksum or state")) }
        guard version == Checkpoint.currentSchemaVersion else { return .failure(CheckpointReadFailure("schema_version \(version) is not \(Checkpoint.currentSchemaVersion)")) }
        guard recorded == sequence else { return .failure(CheckpointReadFailure("holds sequence \(recorded)")) }
        guard checksum == Checkpoint.checksum(of: state) else { return .failure(CheckpointReadFailure("checksum mismatch")) }
        return .success(Checkpoint(sequence: sequence, state: state, schemaVersion: version))
    }
}

/// Why one checkpoint file was passed over.
struct CheckpointReadFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
