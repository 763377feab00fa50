#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The name of one of `AtomicFile`'s temporary files, `.<target>.<pid>-<token>-<n>.tmp`: the file
/// it is for, and which write of which process made it.
struct TemporaryName: Hashable {
    var target: String
    var pid: Int32
    /// The writing process's `AtomicFile.processToken`.
    var token: String
    var number: UInt64

    init(target: String, pid: Int32, token: String, number: UInt64) {
        self.target = target
        self.pid = pid
        self.token = token
        self.number = number
    }

    /// Reads a temporary file's name; nil for any other name.
    init?(_ fileName: String) {
        guard fileName.hasPrefix("."), fileName.hasSuffix(".tmp") else { return nil }
        let body = fileName.dropFirst().dropLast(".tmp".count)
        guard let dot = body.lastIndex(of: ".") else { return nil }
        let writer = body[body.index(after: dot)...].split(separator: "-", omittingEmptySubsequences: false)
        guard writer.count == 3, let pid = Int32(writer[0]), pid > 0, !writer[1].isEmpty, let number = UInt64(writer[2]) else { return nil }
        target = String(body[..<dot])
        guard !target.isEmpty else { return nil }
        self.pid = pid
        token = String(writer[1])
        self.number = number
    }

    var fileName: String { ".\(target).\(pid)-\(token)-\(number).tmp" }

    /// Whether the process that made the file may still be writing it. This process counts only
    /// under its own token: with another, the file is from an earlier process that had its id.
    var isRunning: Bool {
        if pid == getpid() { return token == AtomicFile.processToken }
        // EPERM: the process exists but belongs to someone else.
        return kill(pid, 0) == 0 || errno == EPERM
    }
}
