import AgentCore
import Foundation

/// Streams trajectories to a JSONL file, one trial at a time, flushed as each is written.
public final class TrajectoryWriter {
    private let handle: FileHandle
    public let path: String

    /// Creates (or empties) the file at `path`.
    public init(path: String) throws(FileWriteError) {
        self.path = path
        let folder = (path as NSString).deletingLastPathComponent
        do {
            if !folder.isEmpty { try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true) }
        } catch {
            throw FileWriteError(path: folder, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw FileWriteError(path: path, reason: "cannot create the file")
        }
        self.handle = handle
    }

    /// One trial's events as the lines of `trajectories.jsonl`, without their newlines: what
    /// `append` writes and `replay` compares byte for byte.
    public static func lines(_ events: [TrajectoryEvent], task: String, trial: Int, profile: String = "none") -> [String] {
        events.map { JSONWriter.compact($0.json(task: task, trial: trial, profile: profile)) }
    }

    /// Appends one trial's events and flushes them to disk.
    public func append(_ events: [TrajectoryEvent], task: String, trial: Int, profile: String = "none") throws(FileWriteError) {
        let text = Self.lines(events, task: task, trial: trial, profile: profile).map { $0 + "\n" }.joined()
        do {
            try handle.write(contentsOf: Data(text.utf8))
            try handle.synchronize()
        } catch {
            throw FileWriteError(path: path, reason: error.localizedDescription)
        }
    }

    deinit {
        try? handle.close()
    }
}
