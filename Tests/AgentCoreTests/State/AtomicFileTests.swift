import Testing
import Foundation
@testable import AgentCore

@Suite struct AtomicFileTests {
    @Test("write creates missing folders, replaces the old content and leaves no temporary file")
    func write() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-atomic-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/a/b/run.json"
        try AtomicFile.write("first version, longer than the second\n", to: path)
        try AtomicFile.write("second\n", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder + "/a/b") == ["run.json"])
    }

    @Test("write fails with the path when the folder cannot be created")
    func failure() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gauntlet-atomic-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: file) }
        try AtomicFile.write("a plain file", to: file)
        let error = #expect(throws: FileWriteError.self) { try AtomicFile.write("x", to: file + "/inside/run.json") }
        #expect(error?.path == file + "/inside")
    }
}
