import Foundation
import Testing

/// `gauntlet list`: the task listing, the coverage table, and rewriting it into a README.
@Suite struct ListCommandTests {
    /// A suite of two tasks in two domains.
    static func smallSuite() throws -> URL {
        let root = try GauntletProcess.temporaryFolder()
        let files = [
            "Fixtures/tools/shop.json": #"{"domain": "shop", "tools": [{"name": "ping", "description": "Ping.", "risk": "read", "parameters": {"type": "object"}}]}"#,
            "Fixtures/worlds/w.json": #"{"state": {}}"#,
            "Suites/retail/a.json": #"{"id": "retail.a", "title": "t", "tags": ["multi_step", "smoke"], "prompt": "p", "world": "w", "tools": ["ping"], "policy": {"steps": [], "answer": "a"}, "expect": {}}"#,
            "Suites/calendar/b.json": #"{"id": "calendar.b", "title": "t", "tags": ["ambiguity"], "prompt": "p", "world": "w", "tools": ["ping"], "policy": {"steps": [], "answer": "a"}, "expect": {}}"#,
        ]
        for (path, text) in files {
            let url = root.appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        return root
    }

    /// The coverage markers, as the bundled Suites/README.md has them.
    static func markers() throws -> (start: String, end: String) {
        let readme = try String(contentsOf: GauntletProcess.packageRoot.appendingPathComponent("Suites/README.md"), encoding: .utf8)
        let lines = readme.split(separator: "\n").map(String.init)
        let start = try #require(lines.first { $0.hasPrefix("<!-- coverage:start") })
        let end = try #require(lines.first { $0.hasPrefix("<!-- coverage:end") })
        return (start, end)
    }

    @Test("list prints each task with its failure modes and other tags, aligned, then a count; exit 0")
    func listTasks() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try GauntletProcess.run(["list"], in: root)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "calendar.b  ambiguity\nretail.a    multi_step  (smoke)\n2 tasks in 2 domains\n")
        #expect(output.stderr.isEmpty)
    }

    @Test("list --coverage prints the Markdown table (a column per domain) and the legend; exit 0")
    func coverage() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try GauntletProcess.run(["list", "--coverage"], in: root)
        #expect(output.status == 0, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "| failure mode | calendar | retail | total |")
        #expect(lines.contains("| `multi_step` | · | 1 | 1 |"))
        #expect(lines.contains("| `ambiguity` | 1 | · | 1 |"))
        #expect(lines.contains("| `pagination` | · | · | 0 |"))
        #expect(lines.contains("| **tasks** | 1 | 1 | 2 |"))
        #expect(lines.contains("- `pagination`: a paginated API or a large result."))
        // 18 rows + header, separator and totals; a blank line; 18 legend lines; the final newline.
        #expect(lines.count == 21 + 1 + 18 + 1)
        #expect(lines[21] == "")
    }

    @Test("list --coverage --update FILE rewrites only the section between the markers, then reports it up to date")
    func update() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        let (start, end) = try Self.markers()
        let readme = root.appendingPathComponent("README.md")
        try "# Suites\n\nIntro.\n\n\(start)\nold table\n\(end)\n\nAfter.\n".write(to: readme, atomically: true, encoding: .utf8)

        let first = try GauntletProcess.run(["list", "--coverage", "--update", "README.md"], in: root)
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stdout == "README.md: coverage table updated\n")
        let updated = try String(contentsOf: readme, encoding: .utf8)
        #expect(updated.hasPrefix("# Suites\n\nIntro.\n\n\(start)\n| failure mode | calendar | retail | total |\n"))
        #expect(updated.hasSuffix("- `approval_interrupt`: the reviewer decides hours later; the agent must park and resume, not hold on or give up.\n\(end)\n\nAfter.\n"))
        #expect(!updated.contains("old table"))

        let printed = try GauntletProcess.run(["list", "--coverage"], in: root)
        #expect(updated.contains(printed.stdout))

        let second = try GauntletProcess.run(["list", "--coverage", "--update", "README.md"], in: root)
        #expect(second.status == 0)
        #expect(second.stdout == "README.md: coverage table already up to date\n")
        #expect(try String(contentsOf: readme, encoding: .utf8) == updated)
    }

    @Test("--update on a file without the markers fails with exit 2 and leaves the file alone")
    func updateWithoutMarkers() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        let readme = root.appendingPathComponent("README.md")
        try "# No markers here\n".write(to: readme, atomically: true, encoding: .utf8)
        let output = try GauntletProcess.run(["list", "--coverage", "--update", "README.md"], in: root)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("gauntlet: error: README.md: expected the markers "))
        #expect(output.stderr.contains("found neither"))
        #expect(try String(contentsOf: readme, encoding: .utf8) == "# No markers here\n")

        let (start, _) = try Self.markers()
        try "\(start)\nno end\n".write(to: readme, atomically: true, encoding: .utf8)
        let startOnly = try GauntletProcess.run(["list", "--coverage", "--update", "README.md"], in: root)
        #expect(startOnly.status == 2)
        #expect(startOnly.stderr.contains("found the start marker only"))

        let (_, end) = try Self.markers()
        try "\(end)\n\(start)\n".write(to: readme, atomically: true, encoding: .utf8)
        let reversed = try GauntletProcess.run(["list", "--coverage", "--update", "README.md"], in: root)
        #expect(reversed.status == 2)
        #expect(reversed.stderr.contains("found both, in the wrong order"))
    }

    @Test("--update on a file that does not exist fails with exit 2")
    func updateMissingFile() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try GauntletProcess.run(["list", "--coverage", "--update", "NOPE.md"], in: root)
        #expect(output.status == 2)
        #expect(output.stderr == "gauntlet: error: NOPE.md: cannot read the file\n")
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("NOPE.md").path))
    }

    @Test("--update without --coverage is a usage error: exit 2, nothing printed on stdout")
    func updateNeedsCoverage() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        let output = try GauntletProcess.run(["list", "--update", "README.md"], in: root)
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr == "gauntlet: error: --update needs --coverage\nRun 'gauntlet help list' for usage.\n")
    }

    @Test("list on a suite with a problem says how many and exits 2")
    func invalidSuite() throws {
        let root = try Self.smallSuite()
        defer { try? FileManager.default.removeItem(at: root) }
        try #"{"id": "retail.c", "title": "t", "prompt": "p", "world": "nowhere", "tools": ["ping"], "policy": {"steps": [], "answer": "a"}, "expect": {}}"#
            .write(to: root.appendingPathComponent("Suites/retail/c.json"), atomically: true, encoding: .utf8)
        let output = try GauntletProcess.run(["list"], in: root)
        #expect(output.status == 2)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("Suites/retail/c.json:/world: unknown world \"nowhere\""))
        #expect(output.stderr.hasSuffix("gauntlet: error: the suite has 1 problem; run 'gauntlet validate' for the details.\n"))
    }

    @Test("on the bundled suite, list counts every task in its domains (the folders of Suites/) and --coverage has a column for each")
    func bundledSuite() throws {
        let suites = GauntletProcess.packageRoot.appendingPathComponent("Suites")
        let domains = try FileManager.default.contentsOfDirectory(atPath: suites.path).filter { name in
            var isDirectory: ObjCBool = false
            return name != "schema" && FileManager.default.fileExists(atPath: suites.appendingPathComponent(name).path, isDirectory: &isDirectory) && isDirectory.boolValue
        }.sorted()
        try #require(!domains.isEmpty)

        let listing = try GauntletProcess.run(["list"])
        #expect(listing.status == 0, "\(listing.stderr)")
        let lines = listing.stdout.split(separator: "\n").map(String.init)
        let last = try #require(lines.last)
        #expect(last.hasSuffix(" tasks in \(domains.count) domains"), "\(last)")
        let count = try #require(Int(last.split(separator: " ").first ?? ""))
        #expect(lines.count == count + 1)

        let coverage = try GauntletProcess.run(["list", "--coverage"])
        #expect(coverage.status == 0)
        #expect(coverage.stdout.hasPrefix("| failure mode | \(domains.joined(separator: " | ")) | total |\n"), "\(coverage.stdout.prefix(200))")
        #expect(coverage.stdout.contains(" | \(count) |\n\n- `multi_step`: "))
    }
}
