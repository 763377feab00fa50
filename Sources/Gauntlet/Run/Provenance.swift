import Foundation

/// Where a run came from, for tracing a difference between two runs to its cause.
public struct Provenance: Sendable {
    public var gitCommit: String?
    public var gauntletVersion: String

    public init(gitCommit: String?, gauntletVersion: String) {
        self.gitCommit = gitCommit
        self.gauntletVersion = gauntletVersion
    }

    /// The commit checked out at `folder`, if it is a git work tree and git is installed.
    public static func gitCommit(in folder: String) -> String? {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "-C", folder, "rev-parse", "HEAD"]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        do {
            try process.run()
        } catch {
            return nil
        }
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { return nil }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return text.count == 40 ? text : nil
    }
}
