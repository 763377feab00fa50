import AgentCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends to a run's journal: each line with one `write` and flushed to disk before the call
/// returns, so a kill at any moment leaves every line that was appended whole, and at most one
/// torn line at the end.
///
/// A writer holds an exclusive `flock` on the file while it is open, so a reader can wait for a
/// writer that is still going (a worker whose supervisor was killed) before it trusts the file.
public final class JournalWriter: Sendable {
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Starts a new journal at `path` with `header`, replacing any journal there.
    public static func create(at path: String, header: JournalHeader) throws(FileWriteError) -> JournalWriter {
        try create(at: path, firstLine: RunJournal.line(for: header))
    }

    /// Starts a new line file at `path` with `firstLine`, replacing any file there.
    public static func create(at path: String, firstLine: String) throws(FileWriteError) -> JournalWriter {
        // Whole or absent: a journal without its header cannot be resumed.
        try AtomicFile.write(Array((firstLine + "\n").utf8), to: path)
        return try opening(path)
    }

    /// Continues `journal`, first cutting off a torn last line so the next line starts cleanly.
    public static func resume(_ journal: RunJournal) throws(FileWriteError) -> JournalWriter {
        if journal.tornLine != nil, truncate(journal.path, off_t(journal.intactLength)) != 0 {
            throw FileWriteError(path: journal.path, reason: "cannot cut off the torn last line: \(String(cString: strerror(errno)))")
        }
        return try opening(journal.path)
    }

    private static func opening(_ path: String) throws(FileWriteError) -> JournalWriter {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CLOEXEC)
        guard descriptor >= 0 else { throw FileWriteError(path: path, reason: String(cString: strerror(errno))) }
        while flock(descriptor, LOCK_EX) != 0 {
            guard errno == EINTR else {
                let reason = String(cString: strerror(errno))
                close(descriptor)
                throw FileWriteError(path: path, reason: "cannot lock it: \(reason)")
            }
        }
        return JournalWriter(path: path, descriptor: descriptor)
    }

    /// Appends a finished trial.
    public func append(_ trial: JournaledTrial) throws(FileWriteError) {
        try append(line: RunJournal.line(for: trial))
    }

    /// Appends one line (without its newline) and, unless `flush` is false, flushes it to disk. A
    /// line not flushed survives the death of the process, not of the machine.
    public func append(line: String, flush: Bool = true) throws(FileWriteError) {
        let bytes = Array((line + "\n").utf8)
        var written = 0
        // One write for the whole line; the loop only covers a write the kernel cut short.
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileWriteError(path: path, reason: String(cString: strerror(errno)))
            }
            written += count
        }
        guard flush else { return }
        #if os(Linux)
        let flushed = fdatasync(descriptor) == 0
        #else
        let flushed = fsync(descriptor) == 0
        #endif
        guard flushed else {
            throw FileWriteError(path: path, reason: "flushing to disk failed: \(String(cString: strerror(errno)))")
        }
    }

    deinit {
        close(descriptor)
    }
}
