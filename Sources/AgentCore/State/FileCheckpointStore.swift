import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Checkpoints as files in a folder, one per checkpoint (`checkpoint-000000000007.json`).
///
/// Each file is written whole or not at all (a temporary file, fsync, linked into place, fsync of
/// the folder) and carries a checksum of its state, so a file torn by a crash mid-write or damaged
/// later is noticed and passed over for the previous good one; the next checkpoint is numbered
/// after it, so the damaged file stays for inspection. A writer killed mid-save leaves only a
/// hidden temporary file, which readers never look at and a later save removes.
///
/// Saves take an exclusive lock on the folder (`.lock`, released by the system if the writer
/// dies), so the check that the writer is not stale, the numbering and the write happen as one
/// step, across tasks and processes; a checkpoint's file is also created, never replaced, so of
/// two writers that somehow both got past the check, the second gets a conflict. Readers take no
/// lock. The newest `keep` good checkpoints are kept, with any damaged ones newer than the oldest
/// of them.
public struct FileCheckpointStore: CheckpointStore {
    public let folder: String
    public let keep: Int

    public init(folder: String, keep: Int = 3) {
        self.folder = folder
        self.keep = max(1, keep)
    }

    /// The file of checkpoint `sequence`.
    public func path(of sequence: Int) -> String {
        folder + "/" + Self.fileName(of: sequence)
    }

    public func save(_ state: JSONValue, after previous: Int?) throws(CheckpointError) -> Checkpoint {
        try locked { () throws(CheckpointError) -> Checkpoint in
            let lockedAt = Date()
            let scan = scan()
            let found = scan.recovery.checkpoint?.sequence
            // A writer whose own last checkpoint was torn or damaged since does not know it, and
            // goes on after it; anyone else must name the latest good one.
            guard found == previous || (previous != nil && previous == scan.present.last) else { throw .conflict(expected: previous, found: found) }
            // Numbered past every file present, damaged ones included: a run that resumed from an
            // older good checkpoint writes after the torn one instead of over it.
            let checkpoint = Checkpoint(sequence: (scan.present.last ?? 0) + 1, state: state)
            let envelope: JSONValue = [
                "schema_version": .number(Double(checkpoint.schemaVersion)), "sequence": .number(Double(checkpoint.sequence)),
                "checksum": .string(Checkpoint.checksum(of: state)), "state": state,
            ]
            do throws(FileWriteError) {
                try AtomicFile.write(Array((JSONWriter.pretty(envelope) + "\n").utf8), to: path(of: checkpoint.sequence), replacing: false)
            } catch {
                // A writer that does not take the lock created this checkpoint first.
                if error.targetExists { throw .conflict(expected: previous, found: checkpoint.sequence) }
                throw .writeFailed(path: error.path, reason: error.reason)
            }
            var known = Dictionary(uniqueKeysWithValues: scan.damaged.map { ($0, false) })
            known[checkpoint.sequence] = true
            if let found { known[found] = true }
            prune(known: known)
            // Under the lock no other save is under way, so a checkpoint's temporary file is one a
            // killed writer left; those of live processes are spared all the same, unless old.
            AtomicFile.removeAbandonedTemporaryFiles(in: folder, modifiedBefore: lockedAt.addingTimeInterval(-60)) {
                Self.sequence(inFileName: $0) != nil
            }
            return checkpoint
        }
    }

    public func latest() throws(CheckpointError) -> CheckpointRecovery {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory) else { return CheckpointRecovery(checkpoint: nil) }
        guard isDirectory.boolValue else { throw .unreadable(path: folder, reason: "not a folder") }
        return scan().recovery
    }

    /// The sequences of the checkpoint files present, in order.
    func sequences() -> [Int] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
        return names.compactMap(Self.sequence(inFileName:)).sorted()
    }

    private static func fileName(of sequence: Int) -> String {
        let digits = String(sequence)
        return "checkpoint-" + String(repeating: "0", count: max(0, 12 - digits.count)) + digits + ".json"
    }

    /// The sequence a checkpoint file's name gives; nil for any other name, and for one that is
    /// not exactly the name that sequence's file has (`checkpoint-7.json`, `checkpoint--7.json`).
    private static func sequence(inFileName name: String) -> Int? {
        guard name.hasPrefix("checkpoint-"), name.hasSuffix(".json") else { return nil }
        guard let sequence = Int(name.dropFirst("checkpoint-".count).dropLast(".json".count)), sequence > 0,
            fileName(of: sequence) == name
        else { return nil }
        return sequence
    }

    /// What a look at the folder found: the newest good checkpoint, the files present and the
    /// damaged ones passed over.
    private struct Scan {
        var recovery: CheckpointRecovery
        var present: [Int]
        var damaged: [Int]
    }

    /// Finds the newest good checkpoint. A file that vanished between listing the folder and
    /// reading it was pruned by a save, which left a newer checkpoint: the folder is listed again
    /// rather than the older files searched, which the same save may have pruned too.
    private func scan() -> Scan {
        var attempt = 0
        listing: while true {
            attempt += 1
            let present = sequences()
            var skipped: [String] = []
            var damaged: [Int] = []
            for sequence in present.reversed() {
                switch read(sequence) {
                case .success(let checkpoint):
                    return Scan(recovery: CheckpointRecovery(checkpoint: checkpoint, skipped: skipped), present: present, damaged: damaged)
                case .failure(let failure):
                    // Bounded, so that a folder emptied over and over cannot keep a reader here.
                    if failure.vanished && attempt < 100 { continue listing }
                    skipped.append("#\(sequence): \(failure)")
                    damaged.append(sequence)
                }
            }
            return Scan(recovery: CheckpointRecovery(checkpoint: nil, skipped: skipped), present: present, damaged: damaged)
        }
    }

    /// Deletes the files older than the newest `keep` good checkpoints. Goodness is counted, not
    /// assumed from the position: with damaged files at the top, deleting by position alone could
    /// leave none good behind the newest. `known` says which files are already known good or
    /// damaged, so that only the others are read.
    private func prune(known: [Int: Bool]) {
        let present = sequences()
        var good = 0
        for index in present.indices.reversed() {
            let isGood: Bool
            if let verdict = known[present[index]] {
                isGood = verdict
            } else if case .success = read(present[index]) {
                isGood = true
            } else {
                isGood = false
            }
            if isGood { good += 1 }
            if good == keep {
                for old in present[..<index] { unlink(path(of: old)) }
                return
            }
        }
    }

    /// Runs `body` holding the folder's lock, creating the folder first if need be.
    private func locked<T>(_ body: () throws(CheckpointError) -> T) throws(CheckpointError) -> T {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .writeFailed(path: folder, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let lockPath = folder + "/.lock"
        let descriptor = open(lockPath, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .writeFailed(path: lockPath, reason: String(cString: strerror(errno))) }
        // Closing the descriptor releases the lock; so does the system when the process dies.
        defer { close(descriptor) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else { throw .writeFailed(path: lockPath, reason: "cannot lock: \(String(cString: strerror(errno)))") }
        }
        return try body()
    }

    /// One checkpoint file, checked: whole JSON, the envelope's fields, the sequence its name
    /// promises, and the checksum of its state.
    private func read(_ sequence: Int) -> Result<Checkpoint, CheckpointReadFailure> {
        guard let data = FileManager.default.contents(atPath: path(of: sequence)) else {
            return .failure(CheckpointReadFailure("unreadable", vanished: !FileManager.default.fileExists(atPath: path(of: sequence))))
        }
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
