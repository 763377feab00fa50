import Foundation
import Testing
@testable import AgentCore

/// The file store under what crashes and concurrent writers leave behind: temporary files of
/// killed writers, damaged newest checkpoints, writers and readers racing on one folder.
@Suite struct FileCheckpointStoreCrashTests {
    static func folder() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("checkpoints-crash-\(UUID().uuidString)").path
    }

    /// The checkpoint files and temporary files in `folder`, sorted; the lock file left out.
    static func files(in folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0 != ".lock" }.sorted()
    }

    @Test("many writers of one file at once, in one process: each write succeeds whole and none leaves a temporary file")
    func concurrentWritesOfOneFile() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let path = folder + "/run.json"
        let contents = (0..<16).map { String(repeating: String(UnicodeScalar(UInt8(65 + $0))), count: 20_000 + $0 * 997) }
        let failures = await withTaskGroup(of: String?.self) { group in
            for text in contents {
                group.addTask {
                    do throws(FileWriteError) { try AtomicFile.write(text, to: path) } catch { return error.description }
                    return nil
                }
            }
            return await group.reduce(into: [String]()) { if let failure = $1 { $0.append(failure) } }
        }
        #expect(failures == [])
        #expect(contents.contains(try String(contentsOfFile: path, encoding: .utf8)))
        #expect(try Self.files(in: folder) == ["run.json"])
    }

    @Test("writers racing to save the same next checkpoint: one wins each round, the others get a conflict, never a failed write")
    func racingWriters() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        var previous: Int?
        for round in 1...20 {
            let after = previous
            let outcomes = await withTaskGroup(of: Result<Checkpoint, CheckpointError>.self) { group in
                for writer in 0..<6 {
                    group.addTask {
                        let store = FileCheckpointStore(folder: folder, keep: 2)
                        do throws(CheckpointError) {
                            return .success(try store.save(["round": .number(Double(round)), "writer": .number(Double(writer))], after: after))
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                return await group.reduce(into: []) { $0.append($1) }
            }
            let saved = outcomes.compactMap { try? $0.get() }
            #expect(saved.map(\.sequence) == [round])
            #expect(outcomes.filter { if case .failure(.conflict) = $0 { true } else { false } }.count == 5)
            previous = saved.first?.sequence
            #expect(try FileCheckpointStore(folder: folder).latest() == CheckpointRecovery(checkpoint: saved.first))
        }
    }

    @Test("writers that each read the latest then save after it: every save that succeeds follows the one before it, so a stale writer never gets through")
    func staleWritersAreRefused() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let saves = await withTaskGroup(of: [(after: Int?, saved: Int)].self) { group in
            for writer in 0..<4 {
                group.addTask {
                    // keep 1: each save deletes the one before, the case where a stale writer's
                    // file name is free again.
                    let store = FileCheckpointStore(folder: folder, keep: 1)
                    var saves: [(after: Int?, saved: Int)] = []
                    for _ in 0..<40 {
                        let seen: Int?
                        do { seen = try store.latest().checkpoint?.sequence } catch { continue }
                        if let saved = try? store.save(["writer": .number(Double(writer))], after: seen) { saves.append((seen, saved.sequence)) }
                    }
                    return saves
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(saves.allSatisfy { $0.saved == ($0.after ?? 0) + 1 })
        #expect(!saves.isEmpty)
        #expect(saves.map(\.saved).sorted() == Array(0..<saves.count).map { $0 + 1 })
        #expect(try FileCheckpointStore(folder: folder).latest().checkpoint?.sequence == saves.count)
    }

    @Test("a reader racing a writer that prunes every older checkpoint always finds the latest, never nothing")
    func readerDuringPruning() async throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = FileCheckpointStore(folder: folder, keep: 1)
        _ = try store.save(["step": 0], after: nil)
        async let writer: Int = {
            var previous = 1
            for step in 1...150 { previous = (try? store.save(["step": .number(Double(step))], after: previous).sequence) ?? previous }
            return previous
        }()
        async let reads: [CheckpointRecovery] = {
            var reads: [CheckpointRecovery] = []
            while reads.count < 300 { reads.append((try? store.latest()) ?? CheckpointRecovery(checkpoint: nil, skipped: ["threw"])) }
            return reads
        }()
        let (last, recoveries) = await (writer, reads)
        #expect(last == 151)
        #expect(recoveries.filter { $0.checkpoint == nil || !$0.skipped.isEmpty } == [])
        #expect(recoveries.compactMap(\.checkpoint?.sequence) == recoveries.compactMap(\.checkpoint?.sequence).sorted())
    }

    @Test("temporary files left by killed writers are ignored by readers and removed by the next save; a live writer's are left alone")
    func abandonedTemporaryFiles() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = FileCheckpointStore(folder: folder, keep: 3)
        _ = try store.save(["step": 1], after: nil)
        // Beyond the largest process id Linux hands out (2^22), so never a running process.
        let dead: Int32 = 99_999_999
        let target = "checkpoint-000000000002.json"
        let names = [
            "dead": TemporaryName(target: target, pid: dead, token: "1a2b", number: 0).fileName,
            "earlier": TemporaryName(target: target, pid: getpid(), token: AtomicFile.processToken + "0", number: 3).fileName,
            "old": TemporaryName(target: target, pid: getppid(), token: "77", number: 1).fileName,
            "live": TemporaryName(target: target, pid: getppid(), token: "77", number: 2).fileName,
            "inFlight": TemporaryName(target: target, pid: getpid(), token: AtomicFile.processToken, number: 9).fileName,
            "notACheckpoint": TemporaryName(target: "notes.txt", pid: dead, token: "1a2b", number: 0).fileName,
        ]
        for name in names.values { try #"{"schema_version": 1, "sequence": 2, "chec"#.write(toFile: folder + "/" + name, atomically: false, encoding: .utf8) }
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-600)], ofItemAtPath: folder + "/" + names["old"]!)
        // A name that only looks like a checkpoint's is not one.
        try "{".write(toFile: folder + "/checkpoint-9.json", atomically: false, encoding: .utf8)

        #expect(try store.latest() == CheckpointRecovery(checkpoint: Checkpoint(sequence: 1, state: ["step": 1])))
        let second = try store.save(["step": 2], after: 1)
        #expect(second.sequence == 2)
        let left = Set(try Self.files(in: folder))
        #expect(left == ["checkpoint-000000000001.json", "checkpoint-000000000002.json", "checkpoint-9.json", names["live"]!, names["inFlight"]!, names["notACheckpoint"]!])
        #expect(try store.latest() == CheckpointRecovery(checkpoint: second))
    }

    @Test("pruning counts good checkpoints: with damaged ones on top, the newest good ones behind them are kept")
    func pruningKeepsGoodCheckpointsBehindDamagedOnes() throws {
        let folder = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let store = FileCheckpointStore(folder: folder, keep: 2)
        let first = try store.save(["step": 1], after: nil)
        _ = try store.save(["step": 2], after: first.sequence)
        // Two newer files damaged: one torn, one with a checksum that no longer matches.
        let good = try String(contentsOfFile: store.path(of: 2), encoding: .utf8)
        try String(good.prefix(good.count / 2)).write(toFile: store.path(of: 3), atomically: false, encoding: .utf8)
        try good.replacingOccurrences(of: "\"sequence\": 2", with: "\"sequence\": 4").replacingOccurrences(of: "\"step\": 2", with: "\"step\": 4")
            .write(toFile: store.path(of: 4), atomically: false, encoding: .utf8)
        #expect(try store.latest().skipped == ["#4: checksum mismatch", "#3: torn or not JSON"])

        let fifth = try store.save(["step": 5], after: 2)
        #expect(fifth.sequence == 5)
        // 5 and 2 are the two good ones kept; the damaged 3 and 4 between them stay for inspection.
        #expect(try Self.files(in: folder) == (2...5).map { "checkpoint-00000000000\($0).json" })
        // If the newest is torn too, the store still has a good one to fall back on.
        try "{\"schema".write(toFile: store.path(of: 5), atomically: false, encoding: .utf8)
        #expect(try store.latest().checkpoint?.state == ["step": 2])

        let sixth = try store.save(["step": 6], after: 2)
        let seventh = try store.save(["step": 7], after: sixth.sequence)
        #expect(seventh.sequence == 7)
        #expect(try Self.files(in: folder) == ["checkpoint-000000000006.json", "checkpoint-000000000007.json"])
    }
}
