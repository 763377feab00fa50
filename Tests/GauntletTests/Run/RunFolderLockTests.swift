import Foundation
import Testing
@testable import Gauntlet

@Suite struct RunFolderLockTests {
    @Test("a folder one run holds is refused to another, which is told who holds it; released, it can be claimed again")
    func oneRunAtATime() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("run-lock-\(UUID().uuidString)/out").path
        defer { try? FileManager.default.removeItem(atPath: (folder as NSString).deletingLastPathComponent) }
        var first: RunFolderLock? = try RunFolderLock.acquire(folder)
        #expect(first != nil)
        do {
            _ = try RunFolderLock.acquire(folder)
            Issue.record("a second claim on a held folder succeeded")
        } catch {
            #expect(error.description == "\(folder) is being written by another gauntlet run (pid \(getpid())); wait for it to end, or give this run another --out")
        }
        first = nil
        #expect(throws: Never.self) { _ = try RunFolderLock.acquire(folder) }
    }
}
