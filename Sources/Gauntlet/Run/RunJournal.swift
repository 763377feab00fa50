import AgentCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A run's journal, `journal.jsonl` in its output folder: the header, then one line per finished
/// trial, appended as each finishes. What `gauntlet run --resume` reads.
///
/// A trial line is `{"kind":"trial","position":P,"result":{…},"events":[…]}`: its place in the
/// plan, its result as `run.json` records it, and its trajectory as `trajectories.jsonl` holds it.
public struct RunJournal: Sendable {
    /// The journal's name in a run's folder.
    public static let fileName = "journal.jsonl"

    public var path: String
    public var header: JournalHeader
    /// The finished trials by plan position.
    public var trials: [Int: JournaledTrial]
    /// The plan positions of trials that were started: those without a finished trial were in
    /// flight when the run ended.
    public var started: Set<Int> = []
    /// The 1-based number of a last line that was cut short (the run was killed while writing
    /// it). It was ignored; its trial runs again.
    public var tornLine: Int?
    /// The length in bytes of the whole lines: a resumed run appends from here.
    public var intactLength: Int

    /// The journal's path in a run folder.
    public static func path(in folder: String) -> String {
        (folder as NSString).appendingPathComponent(fileName)
    }

    /// Reads the journal in `folder`, once no process writes it any more.
    /// - Throws: `JournalError` when there is none, or a line other than a torn last one is not
    ///   a journal line.
    public static func read(folder: String) throws(JournalError) -> RunJournal {
        let path = path(in: folder)
        waitForWriters(path)
        var header: JournalHeader?
        var trials: [Int: JournaledTrial] = [:]
        var lineOfPosition: [Int: Int] = [:]
        var started: Set<Int> = []
        var failure: JournalError?
        var consumed = 0
        var lastNumber = 0
        var lastLength = 0
        do throws(TrajectoryReadError) {
            try TrajectoryReader.forEachLine(in: path) { number, bytes in
                consumed += bytes.count + 1
                lastNumber = number
                lastLength = bytes.count
                do throws(JournalError) {
                    if number == 1 {
                        header = try decodeHeader(Array(bytes), path: path)
                    } else if let position = try startedPosition(Array(bytes), number: number, path: path) {
                        started.insert(position)
                    } else if let trial = try decodeLine(Array(bytes), number: number, path: path) {
                        if let earlier = lineOfPosition[trial.position] {
                            throw JournalError(path: path, reason: .malformed(
                                line: number, expected: "each plan position once", found: "position \(trial.position) again (first at line \(earlier))"))
                        }
                        lineOfPosition[trial.position] = number
                        trials[trial.position] = trial
                    }
                    return true
                } catch {
                    failure = error
                    return false
                }
            }
        } catch {
            switch error.reason {
            case .missing: throw JournalError(path: path, reason: .missing)
            case .unreadable(let detail): throw JournalError(path: path, reason: .unreadable(detail))
            case .malformed(let line, let detail): throw JournalError(path: path, reason: .malformed(line: line, expected: "a journal line", found: detail))
            }
        }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? consumed
        // forEachLine counts a newline after every line; one more than the file holds means the
        // last line has none: the kill came while it was being written.
        let torn = consumed == size + 1 && lastNumber > 1
        // A failure stops the reading at its line, so with a torn file it can only be the last.
        if let failure, !torn { throw failure }
        guard let header else {
            throw JournalError(path: path, reason: .malformed(line: 1, expected: "the header line", found: "an empty file"))
        }
        if torn, failure == nil, let position = trials.first(where: { lineOfPosition[$0.key] == lastNumber })?.key {
            // Whole but unterminated: still treated as torn, since the newline is what says the
            // write finished.
            trials[position] = nil
        }
        return RunJournal(
            path: path, header: header, trials: trials, started: started, tornLine: torn ? lastNumber : nil,
            intactLength: torn ? size - lastLength : size)
    }

    /// Blocks while a `JournalWriter` of another process holds the file.
    private static func waitForWriters(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        defer { close(descriptor) }
        while flock(descriptor, LOCK_SH) != 0, errno == EINTR {}
    }

    /// The line that says a trial started, without its newline.
    public static func startedLine(position: Int) -> String {
        #"{"kind":"started","position":"# + String(position) + "}"
    }

    /// The position of a `started` line; nil for lines of other kinds.
    private static func startedPosition(_ bytes: [UInt8], number: Int, path: String) throws(JournalError) -> Int? {
        let prefix = Array(#"{"kind":"started","position":"#.utf8)
        guard bytes.starts(with: prefix) else { return nil }
        guard let position = try parse(bytes, number: number, path: path)["position"]?.intValue, position >= 0 else {
            throw JournalError(path: path, reason: .malformed(line: number, expected: #"a "position" (an integer from 0)"#, found: String(decoding: bytes, as: UTF8.self)))
        }
        return position
    }

    /// One trial's journal line, without its newline.
    public static func line(for trial: JournaledTrial) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // A TrialResult is strings, integers and arrays of them: encoding cannot fail.
        let result = (try? encoder.encode(trial.result)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
        return #"{"kind":"trial","position":"# + String(trial.position) + #","result":"# + result + #","events":["#
            + trial.lines.joined(separator: ",") + "]}"
    }

    /// The header's journal line, without its newline.
    public static func line(for header: JournalHeader) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(header)).map { String(decoding: $0, as: UTF8.self) } ?? "null"
    }

    private static func decodeHeader(_ bytes: [UInt8], path: String) throws(JournalError) -> JournalHeader {
        let json = try parse(bytes, number: 1, path: path)
        guard json["kind"]?.stringValue == "header" else {
            throw JournalError(path: path, reason: .malformed(line: 1, expected: #"the header ({"kind":"header",…})"#, found: json.excerpt()))
        }
        guard let version = json["journal_version"]?.intValue, version == JournalHeader.currentVersion else {
            throw JournalError(path: path, reason: .malformed(
                line: 1, expected: "journal_version \(JournalHeader.currentVersion)", found: json["journal_version"]?.excerpt() ?? "none"))
        }
        do {
            return try JSONDecoder().decode(JournalHeader.self, from: Data(bytes))
        } catch {
            throw JournalError(path: path, reason: .malformed(line: 1, expected: "a complete header", found: describe(error)))
        }
    }

    /// A trial line's trial; nil for lines of other kinds this version does not need.
    private static func decodeLine(_ bytes: [UInt8], number: Int, path: String) throws(JournalError) -> JournaledTrial? {
        func malformed(_ expected: String, _ found: String) -> JournalError {
            JournalError(path: path, reason: .malformed(line: number, expected: expected, found: found))
        }
        let json = try parse(bytes, number: number, path: path)
        guard let kind = json["kind"]?.stringValue else { throw malformed(#"a "kind""#, json.excerpt()) }
        guard kind == "trial" else { throw malformed(#"a trial line ("kind":"trial")"#, #""kind":"# + JSONWriter.compact(.string(kind))) }
        guard let position = json["position"]?.intValue, position >= 0 else {
            throw malformed(#"a "position" (an integer from 0)"#, json["position"]?.excerpt() ?? "none")
        }
        guard let events = json["events"]?.arrayValue else { throw malformed(#"an "events" array"#, json["events"]?.excerpt() ?? "none") }
        guard let resultJSON = json["result"] else { throw malformed(#"a "result" object"#, "none") }
        let result: TrialResult
        do {
            result = try JSONDecoder().decode(TrialResult.self, from: Data(JSONWriter.compact(resultJSON).utf8))
        } catch {
            throw malformed("a trial result as run.json records it", describe(error))
        }
        return JournaledTrial(position: position, result: result, lines: events.map(JSONWriter.compact))
    }

    private static func parse(_ bytes: [UInt8], number: Int, path: String) throws(JournalError) -> JSONValue {
        do {
            return try JSONParser.parse(bytes: bytes)
        } catch {
            throw JournalError(path: path, reason: .malformed(line: number, expected: "a JSON object", found: "malformed JSON (\(error.description))"))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.keyNotFound(let key, let context):
            "no \"\((context.codingPath + [key]).map(\.stringValue).joined(separator: "/"))\""
        case DecodingError.typeMismatch(let type, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "/"))\" is not \(type)"
        case DecodingError.valueNotFound(let type, let context):
            "\"\(context.codingPath.map(\.stringValue).joined(separator: "/"))\" is null, not \(type)"
        case DecodingError.dataCorrupted(let context):
            context.debugDescription
        default:
            String(describing: error)
        }
    }
}

