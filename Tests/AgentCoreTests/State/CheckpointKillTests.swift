import Foundation
import Testing
@testable import AgentCore

/// A child process saves checkpoints to a file store in a loop and is killed with SIGKILL at an
/// arbitrary moment, again and again on the same folder; after each kill the parent opens the
/// store and checks that nothing finished was lost and nothing half-written came back.
@Suite struct CheckpointKillTests {
    static let kills = 40

    /// The state of checkpoint `sequence`: a function of the sequence alone, so the parent knows
    /// what each checkpoint must hold, and up to 24 KB, so that a kill often lands mid-write.
    static func state(of sequence: Int) -> JSONValue {
        let letter = String(UnicodeScalar(UInt8(97 + sequence % 26)))
        return ["n": .number(Double(sequence)), "payload": .string(String(repeating: letter, count: 4_000 + sequence * 7_919 % 20_000))]
    }

    /// The child: continues from the store's latest checkpoint and saves the next ones until a
    /// thread of its own kills the process `delay` microseconds in. After each save returns, it
    /// appends the sequence to `log` in one `write`, which a kill cannot cut in half.
    static func saveUntilKilled(folder: String, log: String, delay: Int) -> Never {
        let store = FileCheckpointStore(folder: folder, keep: 3)
        let descriptor = open(log, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0, let recovery = try? store.latest() else { exit(3) }
        Thread.detachNewThread {
            usleep(UInt32(delay))
            kill(getpid(), SIGKILL)
        }
        var previous = recovery.checkpoint?.sequence
        while true {
            let next = (previous ?? 0) + 1
            // A save that fails or numbers wrongly ends the child with a code, not the expected
            // signal, and the parent's expectation says so.
            guard let saved = try? store.save(state(of: next), after: previous) else { exit(4) }
            guard saved.sequence == next else { exit(5) }
            previous = saved.sequence
            let line = Array("\(next)\n".utf8)
            guard write(descriptor, line, line.count) == line.count else { exit(6) }
        }
    }

    static func finished(in log: String) -> [Int] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").compactMap { Int($0) }
    }

    @Test("killed mid-save again and again: the latest is always whole, is the last save that finished or one the kill cut off after its file was in place, and the next save numbers after it")
    func killedWriter() async throws {
        let base = FileManager.default.temporaryDirectory.appendingPathComponent("checkpoint-kills-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: base) }
        let folder = base + "/store", log = base + "/finished.log"
        try FileManager.default.createDirectory(atPath: base, withIntermediateDirectories: true)
        let store = FileCheckpointStore(folder: folder, keep: 3)
        var temporaryFilesSeen = 0
        var placedNotLogged = 0
        var lastSeen = 0
        for kill in 0..<Self.kills {
            // From at once to 30 ms in (a save with its fsyncs takes some milliseconds), spread
            // by a stride prime to the range.
            let delay = kill * 7_919 % 30_000
            await #expect(processExitsWith: .signal(SIGKILL), "kill \(kill) after \(delay) µs") {
                [folder = folder as String, log = log as String, delay = delay as Int] in
                Self.saveUntilKilled(folder: folder, log: log, delay: delay)
            }
            let finished = Self.finished(in: log)
            #expect(zip(finished, finished.dropFirst()).allSatisfy { $0 < $1 }, "no checkpoint was saved twice")
            let recovery = try store.latest()
            #expect(recovery.skipped == [], "a kill never leaves a damaged checkpoint file")
            // The last save known to have finished: the last logged, or one the parent saw earlier
            // as the latest, put in place by a child killed before its save returned and logged.
            let last = max(finished.last ?? 0, lastSeen)
            guard let latest = recovery.checkpoint else {
                #expect(last == 0, "saves finished, yet no checkpoint")
                continue
            }
            #expect(latest.sequence == last || latest.sequence == last + 1, "latest #\(latest.sequence), last finished #\(last)")
            #expect(latest.state == Self.state(of: latest.sequence))
            if latest.sequence == last + 1 { placedNotLogged += 1 }
            lastSeen = latest.sequence
            if try FileManager.default.contentsOfDirectory(atPath: folder).contains(where: { $0.hasPrefix(".checkpoint-") }) { temporaryFilesSeen += 1 }
        }
        let finished = Self.finished(in: log)
        // How many saves finish depends on how fast the disk syncs; that some do is what matters.
        #expect(!finished.isEmpty, "no child finished a save before its kill")
        let latest = try #require(try store.latest().checkpoint)
        let next = try store.save(Self.state(of: latest.sequence + 1), after: latest.sequence)
        #expect(next.sequence == latest.sequence + 1)
        #expect(try store.latest() == CheckpointRecovery(checkpoint: next))
        // Every writer is dead now, so the save cleared every temporary file they left.
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).sorted()
        #expect(names == [".lock"] + (next.sequence - 2...next.sequence).map { store.path(of: $0).split(separator: "/").last.map(String.init)! })
        // CHECKPOINT_KILL_STATS=1 shows how the kills fell, which varies with the disk's speed.
        if ProcessInfo.processInfo.environment["CHECKPOINT_KILL_STATS"] != nil {
            print("kills \(Self.kills), saves finished \(finished.count), kills that left a temporary file \(temporaryFilesSeen), kills after a checkpoint was in place but before its save returned and was logged \(placedNotLogged)")
        }
    }
}
