import AgentCore
import Foundation

/// Streams trajectories to a JSONL file, one trial at a time.
///
/// A staged writer writes to `PATH.partial` and renames it to `PATH` in `commit()`, so readers of
/// `PATH` see the previous file or the complete new one, never half of one.
public final class TrajectoryWriter {
    private let handle: FileHandle
    /// The file readers see.
    public let path: String
    /// The file being written: `path`, or `path.partial` when staged.
    private let writingPath: String
    private let staged: Bool

    /// Creates (or empties) the file at `path`; each append is flushed to disk. With `staged`,
    /// writes beside it instead until `commit()`, and flushes once, there (the run's journal is
    /// what must survive a crash, trial by trial).
    public init(path: String, staged: Bool = false) throws(FileWriteError) {
        self.path = path
        self.staged = staged
        writingPath = staged ? path + ".partial" : path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw FileWriteError(path: folder, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        guard FileManager.default.createFile(atPath: writingPath, contents: nil), let handle = FileHandle(forWritingAtPath: writingPath) else {
            throw FileWriteError(path: writingPath, reason: "cannot create the file")
        }
        self.handle = handle
    }

    /// One trial's events as the lines of `trajectories.jsonl`, without their newlines: what
    /// `append` writes and `replay` compares byte for byte.
    public static func lines(_ events: [TrajectoryEvent], task: String, trial: Int, profile: String = "none") -> [String] {
        events.map { JSONWriter.compact($0.json(task: task, trial: trial, profile: profile)) }
    }

    /// Appends one trial's events.
    public func append(_ events: [TrajectoryEvent], task: String, trial: Int, profile: String = "none") throws(FileWriteError) {
        try append(lines: Self.lines(events, task: task, trial: trial, profile: profile))
    }

    /// Appends one trial's lines (without their newlines).
    public func append(lines: [String]) throws(FileWriteError) {
        let text = lines.map { $0 + "\n" }.joined()
        do {
            try handle.write(contentsOf: Data(text.utf8))
            if !staged { try handle.synchronize() }
        } catch {
            throw FileWriteError(path: writingPath, reason: error.localizedDescription)
        }
    }

    /// Flushes a staged file to disk and renames it into place.
    public func commit() throws(FileWriteError) {
        guard staged else { return }
        do {
            try handle.synchronize()
        } catch {
            throw FileWriteError(path: writingPath, reason: error.localizedDescription)
        }
        guard rename(writingPath, path) == 0 else {
            throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
        }
    }

    deinit {
        try? handle.close()
    }
}
