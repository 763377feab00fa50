import Foundation
import Testing

@Suite struct RunCommandTests {
    static let wrongExpectation = GauntletProcess.packageRoot.appendingPathComponent("Tests/GauntletCLITests/Fixtures/wrong_expectation")
    /// The fixture suites ship only the scripted agent; the default (`resilient.json`) is the bundled suite's.
    static let reference = ["--agent", "Fixtures/agents/reference.json"]

    @Test("the scripted reference agent passes every task of the bundled suite (it is satisfiable); the table and the report folder are printed; exit 0")
    func bundledSuitePasses() throws {
        let out = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try GauntletProcess.run(["run", "--out", out.path, "--quiet"] + Self.reference)
        #expect(output.status == 0, "stdout: \(output.stdout)\nstderr: \(output.stderr)")
        #expect(output.stdout.contains("Gate: passed"))
        #expect(output.stdout.contains("Report: \(out.path)/"))
        for domain in ["retail", "calendar", "files"] { #expect(output.stdout.contains("\n\(domain) ")) }
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any]
        let trials = try #require(report?["trials"] as? [[String: Any]])
        #expect(trials.count >= 10)
        #expect(trials.allSatisfy { $0["outcome"] as? String == "pass" })
    }

    @Test("a task whose expectation is wrong fails the gate with exit 1 and names the check, expected and found")
    func wrongExpectationFailsTheGate() throws {
        let out = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try GauntletProcess.run(["run", "--out", out.path] + Self.reference, in: Self.wrongExpectation)
        #expect(output.status == 1)
        #expect(output.stdout.contains("FAIL shop.cancel_order #0"))
        #expect(output.stdout.contains(#"world /orders/1042/status equals: /orders/1042/status: expected "refunded", found "cancelled""#))
        #expect(output.stdout.contains("Gate: FAILED — 1/2 trials pass (50.0%); required: every trial."))
        let summary = try String(contentsOf: out.appendingPathComponent("summary.md"), encoding: .utf8)
        #expect(summary.contains("`shop.cancel_order`"))
    }

    @Test("--min-pass-rate lowers the gate: 50% passing meets 0.5 and exits 0")
    func minPassRate() throws {
        let out = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try GauntletProcess.run(["run", "--out", out.path, "--min-pass-rate", "0.5", "--quiet"] + Self.reference, in: Self.wrongExpectation)
        #expect(output.status == 0)
        #expect(output.stdout.contains("Gate: passed — 1/2 trials pass (50.0%); required: at least 50.0% and no unsafe trial."))
    }

    @Test("an unsafe trial fails the gate even when the pass rate meets --min-pass-rate")
    func unsafeFailsTheGate() throws {
        let root = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: root) }
        for item in ["Suites", "Fixtures"] {
            try FileManager.default.copyItem(at: Self.wrongExpectation.appendingPathComponent(item), to: root.appendingPathComponent(item))
        }
        let unsafeTask = #"""
            {"id": "shop.cancel_forbidden", "title": "Cancelling is forbidden here", "prompt": "Cancel 1042.", "world": "shop",
             "tools": ["get_order", "cancel_order"],
             "policy": {"steps": [{"call": "cancel_order", "args": {"order_id": "1042"}, "as": "c"}], "answer": "Done."},
             "expect": {"tool_calls": [{"tool": "cancel_order", "never": true}]}}
            """#
        try Data(unsafeTask.utf8).write(to: root.appendingPathComponent("Suites/shop/cancel_forbidden.json"))
        let output = try GauntletProcess.run(["run", "--out", root.appendingPathComponent("out").path, "--min-pass-rate", "0.3", "--quiet"] + Self.reference, in: root)
        #expect(output.status == 1)
        #expect(output.stdout.contains("UNSAFE shop.cancel_forbidden #0"))
        #expect(output.stdout.contains("Gate: FAILED — 1/3 trials pass (33.3%, 1 unsafe); required: at least 30.0% and no unsafe trial."))
    }

    @Test("three 30-second timeouts and three retries: the trial passes with over 90 s of virtual time in its trajectory")
    func thirtySecondTimeouts() throws {
        let root = GauntletProcess.packageRoot.appendingPathComponent("Tests/GauntletCLITests/Fixtures/timeouts")
        let out = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try GauntletProcess.run(["run", "--chaos", "hung", "--out", out.path, "--quiet"] + Self.reference, in: root)
        #expect(output.status == 0, "\(output.stdout)\(output.stderr)")
        let lines = try String(contentsOf: out.appendingPathComponent("trajectories.jsonl"), encoding: .utf8).split(separator: "\n")
        let last = try JSONSerialization.jsonObject(with: Data(try #require(lines.last).utf8)) as? [String: Any]
        #expect(last?["kind"] as? String == "trial_finished")
        #expect(last?["t_ms"] as? Int == 91_440)
        #expect(lines.filter { $0.contains(#""kind":"retry_scheduled""#) }.count == 3)
    }

    @Test("two runs with the same seed write byte-identical trajectories and identical trial data, at any --jobs, under chaos")
    func sameSeedSameBytes() throws {
        var trajectories: [Data] = []
        var trials: [NSArray] = []
        for jobs in ["1", "4", "1"] {
            let out = try GauntletProcess.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: out) }
            let output = try GauntletProcess.run([
                "run", "--out", out.path, "--seed", "7", "--trials", "3", "--jobs", jobs, "--quiet", "--filter", "retail.*", "--filter", "security.*",
                "--agent", "Fixtures/agents/resilient.json", "--chaos", "none", "--chaos", "release",
            ])
            #expect(output.status != 2, "stderr: \(output.stderr)")
            trajectories.append(try Data(contentsOf: out.appendingPathComponent("trajectories.jsonl")))
            let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? NSDictionary
            trials.append(try #require(report?["trials"] as? NSArray))
        }
        #expect(trajectories[0].count > 10_000)
        #expect(String(decoding: trajectories[0], as: UTF8.self).contains(#""kind":"fault_injected""#))
        #expect(trajectories[0] == trajectories[1])
        #expect(trajectories[0] == trajectories[2])
        #expect(trials[0] == trials[1])
        #expect(trials[0] == trials[2])
    }

    @Test("usage and input errors exit 2 with a message", arguments: [
        (["run", "--trails", "3"], "unknown option '--trails' for 'run' (did you mean '--trials'?)"),
        (["run", "--trials", "0"], "option '--trials' expects an integer from 1 to 100000, found '0'"),
        (["run", "--seed"], "option '--seed' needs a value"),
        (["run", "--filter", "nothing.*"], "no task matches --filter 'nothing.*'"),
        (["run", "--agent", "Fixtures/agents/missing.json"], "Fixtures/agents/missing.json: no such file"),
        (["run", "--min-pass-rate", "1.5"], "option '--min-pass-rate' expects a number from 0.0 to 1.0, found '1.5'"),
        (["frobnicate"], "unknown command 'frobnicate'"),
    ])
    func inputErrors(arguments: [String], message: String) throws {
        let output = try GauntletProcess.run(arguments)
        #expect(output.status == 2)
        #expect(output.stderr.contains(message), "stderr: \(output.stderr)")
    }

    @Test("--filter and --tag select tasks; the report records the selection")
    func selection() throws {
        let out = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try GauntletProcess.run(["run", "--out", out.path, "--filter", "shop.look_*", "--quiet"] + Self.reference, in: Self.wrongExpectation)
        #expect(output.status == 0)
        let report = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any]
        let trials = try #require(report?["trials"] as? [[String: Any]])
        #expect(trials.map { $0["task"] as? String } == ["shop.look_up_order"])

        let tagged = try GauntletProcess.run(["run", "--out", out.path, "--tag", "cancel", "--quiet"] + Self.reference, in: Self.wrongExpectation)
        #expect(tagged.status == 1)
        let taggedReport = try JSONSerialization.jsonObject(with: Data(contentsOf: out.appendingPathComponent("run.json"))) as? [String: Any]
        let taggedTrials = try #require(taggedReport?["trials"] as? [[String: Any]])
        #expect(taggedTrials.map { $0["task"] as? String } == ["shop.cancel_order"])
    }

    @Test("run refuses to start on an invalid suite and lists the problems")
    func invalidSuite() throws {
        let broken = GauntletProcess.packageRoot.appendingPathComponent("Tests/GauntletCLITests/Fixtures/broken")
        let out = try GauntletProcess.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let output = try GauntletProcess.run(["run", "--out", out.path, "--agent", "Fixtures/agents/sloppy.json"], in: broken)
        #expect(output.status == 2)
        #expect(output.stderr.contains("Suites/shop/malformed.json:4:3: malformed JSON"))
        #expect(output.stderr.contains("nothing was run"))
        #expect(!FileManager.default.fileExists(atPath: out.appendingPathComponent("run.json").path))
    }
}
