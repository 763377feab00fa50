import Foundation
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files so that a reader sees the old content or the new, never half of one: a temporary
/// file in the same folder, fsync, rename over the target, fsync of the folder.
///
/// Each write has a temporary file of its own (`.<name>.<pid>-<token>-<n>.tmp`), so two writers of
/// one target, in one process or in two, never write into each other's. A writer killed mid-write
/// leaves its temporary file behind; readers never look at it, and
/// `removeAbandonedTemporaryFiles(in:modifiedBefore:targets:)` clears it away.
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
        let (temporary, descriptor) = try createTemporary(for: (path as NSString).lastPathComponent, in: directory)
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
        let folderDescriptor = open(directory, O_RDONLY | O_CLOEXEC)
        if folderDescriptor >= 0 {
            _ = fsync(folderDescriptor)
            close(folderDescriptor)
        }
    }

    /// Writes `text` as UTF-8 to `path` atomically.
    public static func write(_ text: String, to path: String) throws(FileWriteError) {
        try write(Array(text.utf8), to: path)
    }

    /// Removes the temporary files that writers which are gone left in `directory` — killed
    /// between creating one and putting it in place — for the targets whose names `targets`
    /// accepts, and returns their names.
    ///
    /// A temporary file is abandoned when the process that wrote it is no longer running (or its
    /// process id now belongs to this process, which did not write it), or when it was last
    /// modified before `cutoff`: a write takes moments, so an old file is left over even if its
    /// process id has since been reused. A write still in flight in a live process is left alone.
    @discardableResult
    public static func removeAbandonedTemporaryFiles(in directory: String, modifiedBefore cutoff: Date, targets: (String) -> Bool) -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        var removed: [String] = []
        for name in names.sorted() {
            guard let writer = TemporaryName(name), targets(writer.target) else { continue }
            let path = directory + "/" + name
            let modified = (try? FileManager.default.attributesOfItem(atPath: path)[.modificationDate]) as? Date
            let stale = modified.map { $0 < cutoff } ?? false
            guard stale || !writer.isRunning else { continue }
            if unlink(path) == 0 { removed.append(name) }
        }
        return removed
    }

    /// Tells this process's temporary files from those of an earlier process that had its id.
    static let processToken = String(UInt32.random(in: 0...UInt32.max), radix: 16)
    private static let writes = Atomic<UInt64>(0)

    /// Creates a temporary file no other write uses: the process id and token set it apart from
    /// other processes, the counter from other writes in this process, and `O_EXCL` from a file
    /// left by anyone at all.
    private static func createTemporary(for name: String, in directory: String) throws(FileWriteError) -> (String, Int32) {
        while true {
            let number = writes.wrappingAdd(1, ordering: .relaxed).oldValue
            let temporary = "\(directory)/" + TemporaryName(target: name, pid: getpid(), token: processToken, number: number).fileName
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
            if descriptor >= 0 { return (temporary, descriptor) }
            if errno != EEXIST { throw FileWriteError(path: temporary, reason: String(cString: strerror(errno))) }
        }
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
