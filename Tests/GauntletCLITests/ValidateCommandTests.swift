import Foundation
import Testing

@Suite struct ValidateCommandTests {
    @Test("validate prints every problem of a folder of broken files, exactly, and exits 2")
    func brokenFiles() throws {
        let root = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        let broken = GauntletProcess.packageRoot.appendingPathComponent("Tests/GauntletCLITests/Fixtures/broken")
        for item in ["Suites", "Fixtures"] {
            try FileManager.default.copyItem(at: broken.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        // Too big to commit: one byte over the 4 MiB limit.
        let huge = "{\"id\": \"" + String(repeating: "x", count: 4 * 1024 * 1024 - 9) + "\"}"
        try Data(huge.utf8).write(to: root.appendingPathComponent("Suites/shop/huge.json"))

        let output = try GauntletProcess.run(["validate"], in: root)

        #expect(output.status == 2)
        try GauntletProcess.expectGolden(output.stdout, named: "validate-broken.txt")
    }

    @Test("validate on the bundled suite is clean and exits 0")
    func bundledSuite() throws {
        let output = try GauntletProcess.run(["validate"])
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("ok: "))
    }

    @Test("validate on a path that does not exist reports it and exits 2")
    func missingPath() throws {
        let output = try GauntletProcess.run(["validate", "Suites/no_such_domain"])
        #expect(output.status == 2)
        #expect(output.stdout.contains("Suites/no_such_domain: no such file or folder"))
    }

    @Test("validate checks a single task file together with the fixtures")
    func singleFile() throws {
        let output = try GauntletProcess.run(["validate", "Suites/retail/refund_damaged_kettle.json"])
        #expect(output.status == 0)
        #expect(output.stdout.contains("1 task,"))
    }
}
