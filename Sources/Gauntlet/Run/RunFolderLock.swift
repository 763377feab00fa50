import AgentCore
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The claim of one `gauntlet run` on its output folder, held for the whole run (its workers work
/// under it): a second run, or a resume, on the same folder would interleave two journals and
/// overwrite the other's reports. An `flock` on `DIR/.lock`, which the system releases when the
/// holder dies, however it dies.
public final class RunFolderLock: Sendable {
    private let descriptor: Int32

    private init(descriptor: Int32) {
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// The lock file of `folder`.
    public static func path(in folder: String) -> String {
        (folder as NSString).appendingPathComponent(".lock")
    }

    /// Claims `folder` (creating it), or says who holds it.
    /// - Throws: `RunError.output` when the folder cannot be made, `RunError.busy` when another
    ///   run holds it.
    public static func acquire(_ folder: String) throws(RunError) -> RunFolderLock {
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw .output(FileWriteError(path: folder, reason: "cannot create the folder (\(error.localizedDescription))"))
        }
        let path = path(in: folder)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { throw .output(FileWriteError(path: path, reason: String(cString: strerror(errno)))) }
        while flock(descriptor, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let holder = (try? String(contentsOfFile: path, encoding: .utf8))?.trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
            close(descriptor)
            throw .busy(folder: folder, holder: holder.isEmpty ? "another gauntlet run" : "another gauntlet run (pid \(holder))")
        }
        let pid = Array("\(getpid())\n".utf8)
        _ = ftruncate(descriptor, 0)
        _ = pid.withUnsafeBytes { pwrite(descriptor, $0.baseAddress, $0.count, 0) }
        return RunFolderLock(descriptor: descriptor)
    }
}
