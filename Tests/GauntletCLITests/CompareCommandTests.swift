import Foundation
import Testing

@Suite(.serialized) struct CompareCommandTests {
    /// Runs of the retail domain under `flaky` by three agent versions, made once per test process into a
    /// temporary folder named after the process (so test runs of other checkouts cannot clobber it).
    final class Runs: Sendable {
        let folder: URL
        init() throws {
            folder = GauntletProcess.processFolder(prefix: "gauntlet-compare-test-runs")
            for agent in ["reference", "baseline", "resilient"] {
                let output = try GauntletProcess.run([
                    "run", "--agent", "Fixtures/agents/\(agent).json", "--filter", "retail.*", "--chaos", "flaky", "--trials", "3", "--seed", "5",
                    "--out", folder.appendingPathComponent(agent).path, "--quiet", "--min-pass-rate", "0",
                ])
                if output.status == 2 { throw SetupRunFailed(stderr: output.stderr) }
            }
        }
        func path(_ agent: String) -> String { folder.appendingPathComponent(agent).path }
    }

    static let runs = Result { try Runs() }

    @Test("a run compared with itself shows no difference and exits 0")
    func itself() throws {
        let runs = try Self.runs.get()
        let output = try GauntletProcess.run(["compare", runs.path("reference"), runs.path("reference")])
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        #expect(output.stdout.contains("0.0 pt (0.0 pt to 0.0 pt)"))
        #expect(output.stdout.contains("Gate: passed"))
    }

    @Test("resilient against baseline: a significant improvement, tasks fixed, exit 0; the other way round the gate fails on the drop")
    func improvementAndRegression() throws {
        let runs = try Self.runs.get()
        let better = try GauntletProcess.run(["compare", runs.path("baseline"), runs.path("resilient"), "--allow-unsafe"])
        #expect(better.status == 0, "\(better.stdout)\(better.stderr)")
        #expect(better.stdout.contains("  FIXED retail."))
        let worse = try GauntletProcess.run(["compare", runs.path("resilient"), runs.path("baseline"), "--allow-unsafe"])
        #expect(worse.status == 1)
        #expect(worse.stdout.contains("✗ max-drop: difference -"))
        #expect(worse.stdout.contains("  REGRESSED retail."))
    }

    @Test("--format markdown and --format json")
    func formats() throws {
        let runs = try Self.runs.get()
        let markdown = try GauntletProcess.run(["compare", runs.path("reference"), runs.path("reference"), "--format", "markdown"])
        #expect(markdown.stdout.hasPrefix("## Gauntlet compare: ✅ passed\n"))
        #expect(markdown.stdout.contains("<details><summary>Tasks and tool paths</summary>"))
        let json = try GauntletProcess.run(["compare", runs.path("baseline"), runs.path("resilient"), "--format", "json", "--allow-unsafe"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["schema_version"] as? Int == 1)
        #expect((object?["tasks"] as? [Any])?.count == 11)
    }

    @Test("usage errors and runs that cannot be compared exit 2 with a message", arguments: [
        (["compare", "only-one"], "expected two runs"),
        (["compare", "/nonexistent/a", "/nonexistent/b"], "/nonexistent/a: no such run"),
        (["compare", "A", "A", "--format", "xml"], "option '--format' expects text, markdown or json, found 'xml'"),
        (["compare", "A", "A", "--must-pass", "nothing.*"], "--must-pass nothing.* names no task of the candidate run"),
        (["compare", "A", "A", "--max-drop", "2"], "option '--max-drop' expects a number from 0.0 to 1.0"),
    ])
    func errors(arguments: [String], message: String) throws {
        let runs = try Self.runs.get()
        let resolved = arguments.map { $0 == "A" ? runs.path("reference") : $0 }
        let output = try GauntletProcess.run(resolved)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "\(output.stderr)")
    }
}
