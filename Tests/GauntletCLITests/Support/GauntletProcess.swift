import Foundation
import Testing

/// Runs the built `gauntlet` executable, as a user would, and captures what it prints.
struct GauntletProcess {
    struct Output {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// The package's root folder.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The executable next to the test bundle (SwiftPM builds it because the tests depend on it).
    static func executable() throws -> URL {
        var candidates: [URL] = []
        if let testBinary = CommandLine.arguments.first {
            var folder = URL(fileURLWithPath: testBinary).deletingLastPathComponent()
            if folder.lastPathComponent == "MacOS" {
                folder = folder.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            }
            candidates.append(folder.appendingPathComponent("gauntlet"))
        }
        candidates.append(packageRoot.appendingPathComponent(".build/debug/gauntlet"))
        return try #require(candidates.first { FileManager.default.isExecutableFile(atPath: $0.path) }, "gauntlet executable not found in \(candidates.map(\.path))")
    }

    /// Runs `gauntlet` with `arguments` in `folder` and waits for it.
    static func run(_ arguments: [String], in folder: URL = packageRoot) throws -> Output {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read both pipes while the process runs, so a full pipe buffer cannot block it.
        let errData = Collected()
        let done = DispatchSemaphore(value: 0)
        DispatchQueue.global().async {
            errData.set(err.fileHandleForReading.readDataToEndOfFile())
            done.signal()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        done.wait()
        return Output(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData.value, as: UTF8.self))
    }

    /// A `gauntlet` process started in the background, its output going to files (no pipe can
    /// fill up while a test polls or signals it).
    struct Running {
        var process: Process
        var stdoutFile: URL
        var stderrFile: URL
        var ended: AsyncStream<Void>

        /// Waits for the process without holding a thread (a long run would otherwise starve the
        /// tests that share the test process's few threads), and returns what it printed.
        func finished() async throws -> Output {
            for await _ in ended {}
            return Output(
                status: process.terminationStatus, stdout: try String(contentsOf: stdoutFile, encoding: .utf8),
                stderr: try String(contentsOf: stderrFile, encoding: .utf8))
        }
    }

    /// Starts `gauntlet` with `arguments` in `folder`; its output goes to files in `outputFolder`.
    static func start(_ arguments: [String], in folder: URL = packageRoot, outputFolder: URL) throws -> Running {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        let stdoutFile = outputFolder.appendingPathComponent("stdout.txt"), stderrFile = outputFolder.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: stdoutFile.path, contents: nil)
        _ = FileManager.default.createFile(atPath: stderrFile.path, contents: nil)
        process.standardOutput = try FileHandle(forWritingTo: stdoutFile)
        process.standardError = try FileHandle(forWritingTo: stderrFile)
        let (ended, continuation) = AsyncStream<Void>.makeStream()
        process.terminationHandler = { _ in continuation.finish() }
        try process.run()
        return Running(process: process, stdoutFile: stdoutFile, stderrFile: stderrFile, ended: ended)
    }

    /// Runs `gauntlet` with `arguments` in `folder` to its end, waiting without holding a thread;
    /// its output goes to files in a temporary folder.
    static func run(_ arguments: [String], in folder: URL = packageRoot) async throws -> Output {
        let logs = try temporaryFolder()
        defer { try? FileManager.default.removeItem(at: logs) }
        return try await start(arguments, in: folder, outputFolder: logs).finished()
    }

    /// A fresh temporary folder.
    static func temporaryFolder() throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder
    }

    /// A folder for this test process's setup runs, `PREFIX-PID` (removed if present), after
    /// removing earlier processes' folders of that prefix that are over an hour old: another
    /// checkout's tests running at the same time keep theirs.
    static func processFolder(prefix: String) -> URL {
        let manager = FileManager.default
        let temporary = manager.temporaryDirectory
        for name in (try? manager.contentsOfDirectory(atPath: temporary.path)) ?? [] where name.hasPrefix(prefix + "-") {
            let path = temporary.appendingPathComponent(name).path
            if let modified = (try? manager.attributesOfItem(atPath: path))?[.modificationDate] as? Date, modified < Date().addingTimeInterval(-3600) {
                try? manager.removeItem(atPath: path)
            }
        }
        let folder = temporary.appendingPathComponent("\(prefix)-\(ProcessInfo.processInfo.processIdentifier)")
        try? manager.removeItem(at: folder)
        return folder
    }

    /// Compares `actual` with a golden file; `GAUNTLET_UPDATE_GOLDEN=1` rewrites it instead.
    static func expectGolden(_ actual: String, named name: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let file = packageRoot.appendingPathComponent("Tests/GauntletCLITests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["GAUNTLET_UPDATE_GOLDEN"] == "1" {
            try Data(actual.utf8).write(to: file)
            return
        }
        let expected = try String(contentsOf: file, encoding: .utf8)
        #expect(actual == expected, "output differs from Golden/\(name); rerun with GAUNTLET_UPDATE_GOLDEN=1 to accept", sourceLocation: sourceLocation)
    }
}

/// Bytes handed over from another thread.
final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var stored = Data()

    func set(_ data: Data) {
        lock.lock(); defer { lock.unlock() }
        stored = data
    }

    var value: Data {
        lock.lock(); defer { lock.unlock() }
        return stored
    }
}

/// A setup run that did not produce a run: fails the tests that need it instead of the process.
struct SetupRunFailed: Error, CustomStringConvertible {
    var stderr: String
    var description: String { "the setup run failed: \(stderr)" }
}
