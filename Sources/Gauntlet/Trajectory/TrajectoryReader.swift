import AgentCore
import Foundation

/// One line of a `trajectories.jsonl` file: its text exactly as recorded, and the event it holds.
public struct TrajectoryLine: Sendable, Hashable {
    /// The 1-based line number in the file.
    public var number: Int
    /// The line's text, without its newline: what `replay` compares byte for byte.
    public var text: String
    public var task: String
    /// `none` when the line has no `profile`.
    public var profile: String
    public var trial: Int
    /// The event: `seq`, `t_ms`, `kind`, and every other member as its fields.
    public var event: TrajectoryEvent

    public init(number: Int, text: String, task: String, profile: String, trial: Int, event: TrajectoryEvent) {
        self.number = number
        self.text = text
        self.task = task
        self.profile = profile
        self.trial = trial
        self.event = event
    }
}

/// Why a trajectories file could not be read.
public struct TrajectoryReadError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Reason: Sendable, Hashable {
        case missing
        case unreadable(String)
        /// A line that is not a trajectory event (1-based line number).
        case malformed(line: Int, String)
    }

    public var path: String
    public var reason: Reason

    public init(path: String, reason: Reason) {
        self.path = path
        self.reason = reason
    }

    public var description: String {
        switch reason {
        case .missing: "\(path): no such file (a run folder holds trajectories.jsonl next to run.json)"
        case .unreadable(let detail): "\(path): cannot be read (\(detail))"
        case .malformed(let line, let detail): "\(path):\(line): not a trajectory event: \(detail)"
        }
    }
}

/// Reads `trajectories.jsonl`, streaming: a run's file can be hundreds of megabytes, and a diff or
/// a replay needs one trial of it.
public enum TrajectoryReader {
    /// The trajectories file of a run, next to its `run.json`.
    public static func path(besideRunFile runFile: String) -> String {
        let folder = (runFile as NSString).deletingLastPathComponent
        return folder.isEmpty ? "trajectories.jsonl" : folder + "/trajectories.jsonl"
    }

    /// The lines of one trial (task, profile, trial index), in file order.
    ///
    /// Lines as `gauntlet run` writes them start with their task, so lines of other tasks are
    /// skipped unparsed; a line in any other layout is parsed to find out whose it is.
    /// - Throws: `TrajectoryReadError` when the file is missing or unreadable, or a line that
    ///   could belong to this trial is not a trajectory event.
    public static func lines(in path: String, task: String, profile: String = "none", trial: Int) throws(TrajectoryReadError) -> [TrajectoryLine] {
        let ownPrefix = Array(("{\"task\":" + JSONWriter.compact(.string(task)) + ",").utf8)
        let anyTaskPrefix = Array("{\"task\":".utf8)
        var found: [TrajectoryLine] = []
        var failure: TrajectoryReadError?
        try forEachLine(in: path) { number, bytes in
            if bytes.starts(with: anyTaskPrefix) && !bytes.starts(with: ownPrefix) { return true }
            if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { return true }
            do throws(TrajectoryReadError) {
                let line = try parse(Array(bytes), number: number, path: path)
                if line.task == task, line.profile == profile, line.trial == trial { found.append(line) }
                return true
            } catch {
                failure = error
                return false
            }
        }
        if let failure { throw failure }
        return found
    }

    /// Parses one line of a trajectories file.
    public static func parse(_ text: String, number: Int, path: String = "trajectories.jsonl") throws(TrajectoryReadError) -> TrajectoryLine {
        try parse(Array(text.utf8), number: number, path: path)
    }

    static func parse(_ bytes: [UInt8], number: Int, path: String) throws(TrajectoryReadError) -> TrajectoryLine {
        func malformed(_ detail: String) -> TrajectoryReadError { TrajectoryReadError(path: path, reason: .malformed(line: number, detail)) }
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes: bytes)
        } catch {
            throw malformed(error.description)
        }
        guard let object = json.objectValue else { throw malformed("expected an object, found \(json.typeName)") }
        guard let task = object["task"]?.stringValue else { throw malformed("\"task\": expected a string") }
        guard let trial = object["trial"]?.intValue else { throw malformed("\"trial\": expected an integer") }
        guard let seq = object["seq"]?.intValue else { throw malformed("\"seq\": expected an integer") }
        guard let time = object["t_ms"]?.intValue else { throw malformed("\"t_ms\": expected an integer") }
        guard let kind = object["kind"]?.stringValue else { throw malformed("\"kind\": expected a string") }
        let profile = object["profile"]?.stringValue ?? "none"
        var data = JSONObject()
        for (key, value) in object where !["task", "profile", "trial", "seq", "t_ms", "kind"].contains(key) { data[key] = value }
        return TrajectoryLine(
            number: number, text: String(decoding: bytes, as: UTF8.self), task: task, profile: profile, trial: trial,
            event: TrajectoryEvent(seq: seq, tMs: Int64(time), kind: kind, data: data))
    }

    /// Calls `body` with each line's 1-based number and bytes (without the newline) until it
    /// returns false.
    static func forEachLine(in path: String, _ body: (Int, ArraySlice<UInt8>) -> Bool) throws(TrajectoryReadError) {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw TrajectoryReadError(path: path, reason: .missing)
        }
        guard let handle = FileHandle(forReadingAtPath: path) else { throw TrajectoryReadError(path: path, reason: .unreadable("cannot open it")) }
        defer { try? handle.close() }
        var pending: [UInt8] = []
        var number = 0
        while true {
            let chunk: Data
            do {
                chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            } catch {
                throw TrajectoryReadError(path: path, reason: .unreadable(error.localizedDescription))
            }
            if chunk.isEmpty { break }
            pending.append(contentsOf: chunk)
            var start = 0
            while let newline = pending[start...].firstIndex(of: 0x0A) {
                number += 1
                if !body(number, pending[start..<newline]) { return }
                start = newline + 1
            }
            pending.removeFirst(start)
        }
        if !pending.isEmpty {
            number += 1
            _ = body(number, pending[...])
        }
    }
}
