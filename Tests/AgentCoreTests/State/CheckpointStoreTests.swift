import Foundation
import Testing
@testable import AgentCore

@Suite struct CheckpointStoreTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-\(UUID().uuidString)").path
    }

    static func stores() -> [(String, any CheckpointStore)] {
        [("memory", InMemoryCheckpointStore(keep: 2)), ("file", FileCheckpointStore(folder: folder(), keep: 2))]
    }

    @Test("checkpoints are numbered from 1; the latest comes back whole; a stale writer gets a conflict", arguments: ["memory", "file"])
    func saveAndConflict(kind: String) async throws {
        let store = try #require(Self.stores().first { $0.0 == kind }?.1)
        #expect(try await store.latest().checkpoint?.sequence == nil)
        let first = try await store.save(["step": 1], after: nil)
        let second = try await store.save(["step": 2, "keys": ["refund-1"]], after: first.sequence)
        #expect(first.sequence == 1 && second.sequence == 2)
        #expect(try await store.latest() == CheckpointRecovery(checkpoint: second))
        await #expect(throws: CheckpointError.conflict(expected: 1, found: 2)) { try await store.save(["step": 3], after: 1) }
        await #expect(throws: CheckpointError.conflict(expected: nil, found: 2)) { try await store.save(["step": 3], after: nil) }
    }

    @Test("the file store keeps the last N checkpoints and leaves no temporary file, only its lock file")
    func keepsTheLastN() throws {
        let store = FileCheckpointStore(folder: Self.folder(), keep: 2)
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        var previous: Int?
        for step in 1...4 { previous = try store.save(["step": .number(Double(step))], after: previous).sequence }
        #expect(try FileManager.default.contentsOfDirectory(atPath: store.folder).sorted() == [".lock", "checkpoint-000000000003.json", "checkpoint-000000000004.json"])
        #expect(try store.latest().checkpoint?.state == ["step": 4])
    }

    /// A store with checkpoints 1 and 2 written.
    static func twoCheckpoints() throws -> FileCheckpointStore {
        let store = FileCheckpointStore(folder: folder(), keep: 5)
        let first = try store.save(["step": 1], after: nil)
        _ = try store.save(["step": 2], after: first.sequence)
        return store
    }

    @Test("a torn latest checkpoint (a write cut short) is passed over for the previous good one, and said so")
    func tornLatest() throws {
        let store = try Self.twoCheckpoints()
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        let bytes = try #require(FileManager.default.contents(atPath: store.path(of: 2)))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: store.path(of: 2)))
        let recovery = try store.latest()
        #expect(recovery.checkpoint?.sequence == 1)
        #expect(recovery.skipped == ["#2: torn or not JSON"])
        // The writer that resumes from 1 writes after the damaged file, never over it.
        let resumed = try store.save(["step": 2, "again": true], after: 1)
        #expect(resumed.sequence == 3)
        #expect(try store.latest() == CheckpointRecovery(checkpoint: resumed))
        #expect(FileManager.default.fileExists(atPath: store.path(of: 2)))
    }

    @Test("the writer whose own latest checkpoint was torn goes on after it (it cannot know); a writer two behind is still refused")
    func tornOwnLatest() throws {
        let store = try Self.twoCheckpoints()
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        let bytes = try #require(FileManager.default.contents(atPath: store.path(of: 2)))
        try bytes.prefix(bytes.count / 2).write(to: URL(fileURLWithPath: store.path(of: 2)))
        #expect(try store.save(["step": 3], after: 2).sequence == 3)
        #expect(throws: CheckpointError.conflict(expected: 1, found: 3)) { try store.save(["step": 3], after: 1) }
    }

    @Test("a damaged checkpoint (valid JSON, wrong checksum) or one whose file name lies is passed over")
    func damaged() throws {
        let store = try Self.twoCheckpoints()
        defer { try? FileManager.default.removeItem(atPath: store.folder) }
        let text = try String(contentsOfFile: store.path(of: 2), encoding: .utf8)
        try text.replacingOccurrences(of: "\"step\": 2", with: "\"step\": 7").write(toFile: store.path(of: 2), atomically: true, encoding: .utf8)
        #expect(try store.latest().skipped == ["#2: checksum mismatch"])
        try FileManager.default.copyItem(atPath: store.path(of: 1), toPath: store.path(of: 3))
        let recovery = try store.latest()
        #expect(recovery.skipped == ["#3: holds sequence 1", "#2: checksum mismatch"])
        #expect(recovery.checkpoint?.state == ["step": 1])
    }

    @Test("two writers on one folder: the one that saves second, from the same checkpoint, is refused")
    func twoWriters() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let first = FileCheckpointStore(folder: folder), second = FileCheckpointStore(folder: folder)
        let start = try first.save(["step": 1], after: nil)
        let seen = try second.latest().checkpoint?.sequence
        _ = try first.save(["step": 2, "by": "first"], after: start.sequence)
        #expect(throws: CheckpointError.conflict(expected: 1, found: 2)) { try second.save(["step": 2, "by": "second"], after: seen) }
        #expect(try first.latest().checkpoint?.state["by"] == "first")
    }

    @Test("AtomicFile without replacing refuses an existing file and leaves it as it was")
    func createOnly() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/f.json"
        try AtomicFile.write(Array("one".utf8), to: path, replacing: false)
        #expect {
            try AtomicFile.write(Array("two".utf8), to: path, replacing: false)
        } throws: { error in
            (error as? FileWriteError)?.targetExists == true
        }
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "one")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder) == ["f.json"])
    }
}
