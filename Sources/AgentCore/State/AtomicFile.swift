import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees the old content or the new, never half of one: a temporary
/// file in the same folder, fsync, rename over the target, fsync of the folder.
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically, creating the folder if needed. With `replacing` false
    /// the file must not exist yet: it is linked into place, which fails instead of overwriting
    /// (`FileWriteError.targetExists`), so two writers cannot both create it.
    public static func write(_ bytes: [UInt8], to path: String, replacing: Bool = true) throws(FileWriteError) {
        let folder = (path as NSString).deletingLastPathComponent
        let directory = folder.isEmpty ? "." : folder
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw FileWriteError(path: directory, reason: "cannot create the folder (\(error.localizedDescription))")
        }
        let temporary = "\(directory)/.\((path as NSString).lastPathComponent).\(getpid()).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard descriptor >= 0 else { throw FileWriteError(path: temporary, reason: String(cString: strerror(errno))) }
        var written = 0
        while written < bytes.count {
            let count = bytes[written...].withUnsafeBytes { Foundation.write(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                let reason = String(cString: strerror(errno))
                close(descriptor)
                unlink(temporary)
                throw FileWriteError(path: temporary, reason: reason)
            }
            written += count
        }
        guard fsync(descriptor) == 0 else {
            let reason = String(cString: strerror(errno))
            close(descriptor)
            unlink(temporary)
            throw FileWriteError(path: temporary, reason: "fsync failed: \(reason)")
        }
        close(descriptor)
        if replacing {
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw FileWriteError(path: path, reason: reason)
            }
        } else {
            let linked = link(temporary, path) == 0
            let failure = errno
            unlink(temporary)
            guard linked else {
                var error = FileWriteError(path: path, reason: failure == EEXIST ? "it already exists" : String(cString: strerror(failure)))
                error.targetExists = failure == EEXIST
                throw error
            }
        }
        let folderDescriptor = open(directory, O_RDONLY)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(Array(text.utf8), to: path)
    }
}

/// A report file that could not be written.
public struct FileWriteError: Error, Sendable, CustomStringConvertible {
    public var path: String
    public var reason: String
    /// The write was to create the file, and it was there already.
    public var targetExists = false

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "cannot write \(path): \(reason)" }
}
