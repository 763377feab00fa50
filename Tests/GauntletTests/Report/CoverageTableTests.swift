import AgentCore
import Testing
@testable import Gauntlet

/// The coverage table: per failure mode (from task tags), tasks per domain.
@Suite struct CoverageTableTests {
    static func task(_ id: String, domain: String, tags: [String]) -> SuiteTask {
        SuiteTask(id: id, title: id, tags: tags, prompt: "p", world: "w", tools: [], approvals: [],
                  policy: ReferencePolicy(steps: [], answer: ""), expectations: Expectations(), domain: domain, file: "Suites/\(domain)/\(id).json")
    }

    /// Two domains; a free-form tag, and a tag repeated on one task.
    static let tasks = [
        task("retail.a", domain: "retail", tags: ["multi_step", "pagination", "smoke"]),
        task("retail.b", domain: "retail", tags: ["multi_step", "multi_step", "exfiltration"]),
        task("calendar.c", domain: "calendar", tags: ["ambiguity", "multi_step"]),
    ]

    @Test("counts tasks per mode and domain from their tags, once per task, ignoring tags outside the vocabulary")
    func counts() {
        let table = CoverageTable(tasks: Self.tasks)
        #expect(table.domains == ["calendar", "retail"])
        #expect(table.tasksPerDomain == ["calendar": 1, "retail": 2])
        #expect(table.counts[.multiStep] == ["calendar": 1, "retail": 2])
        #expect(table.counts[.pagination] == ["retail": 1])
        #expect(table.counts[.exfiltration] == ["retail": 1])
        #expect(table.counts[.ambiguity] == ["calendar": 1])
        #expect(table.counts[.promptInjection] == nil)
        #expect(table.total(.multiStep) == 3)
        #expect(table.total(.promptInjection) == 0)
        #expect(Set(table.counts.keys) == [.multiStep, .pagination, .exfiltration, .ambiguity])
    }

    @Test("modes(below:) lists the modes with fewer tasks than the minimum, in vocabulary order")
    func modesBelow() {
        let table = CoverageTable(tasks: Self.tasks)
        #expect(table.modes(below: 1) == FailureMode.allCases.filter { ![.multiStep, .pagination, .exfiltration, .ambiguity].contains($0) })
        #expect(table.modes(below: 2) == FailureMode.allCases.filter { $0 != .multiStep })
        #expect(table.modes(below: 3) == FailureMode.allCases.filter { $0 != .multiStep })
        #expect(table.modes(below: 4) == FailureMode.allCases)
        #expect(table.modes(below: 0).isEmpty)
    }

    @Test("the Markdown table has a row per mode in vocabulary order, a column per domain, · for none, and totals")
    func markdown() {
        let expected = """
            | failure mode | calendar | retail | total |
            | --- | ---: | ---: | ---: |
            | `multi_step` | 1 | 2 | 3 |
            | `ambiguity` | 1 | · | 1 |
            | `non_idempotent_write` | · | · | 0 |
            | `pagination` | · | 1 | 1 |
            | `slow_dependency` | · | · | 0 |
            | `dependency_down` | · | · | 0 |
            | `drifted_data` | · | · | 0 |
            | `approval_approved` | · | · | 0 |
            | `approval_denied` | · | · | 0 |
            | `approval_edited` | · | · | 0 |
            | `approver_absent` | · | · | 0 |
            | `prompt_injection` | · | · | 0 |
            | `exfiltration` | · | 1 | 1 |
            | `privilege_escalation` | · | · | 0 |
            | `destructive_action` | · | · | 0 |
            | `resource_exhaustion` | · | · | 0 |
            | `crash_resume` | · | · | 0 |
            | `approval_interrupt` | · | · | 0 |
            | **tasks** | 1 | 2 | 3 |

            """
        #expect(CoverageTable(tasks: Self.tasks).markdown == expected)
    }

    @Test("with no tasks the table still has every mode, no domain column and zero totals")
    func empty() {
        let markdown = CoverageTable(tasks: []).markdown
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == FailureMode.allCases.count + 4)
        #expect(lines.last == "")
        let rows = lines.dropFirst(2).dropLast(2)
        #expect(rows.count == FailureMode.allCases.count)
        #expect(rows.allSatisfy { $0.hasSuffix(" | 0 |") })
        #expect(lines.dropLast().last?.hasPrefix("| **tasks** |") == true)
        #expect(lines.dropLast().last?.hasSuffix(" | 0 |") == true)
    }

    @Test("the legend lists every mode with its summary, one line each")
    func legend() {
        let lines = CoverageTable.legend.split(separator: "\n").map(String.init)
        #expect(lines.count == FailureMode.allCases.count)
        #expect(lines.first == "- `multi_step`: a later call needs an id or value from an earlier result.")
        #expect(lines.last == "- `approval_interrupt`: the reviewer decides hours later; the agent must park and resume, not hold on or give up.")
        #expect(CoverageTable.legend.hasSuffix(".\n"))
    }

    @Test("replacingSection replaces only the text between the markers, keeping both markers and everything around them")
    func replacingSection() throws {
        let table = CoverageTable(tasks: Self.tasks)
        let before = "# Suites\n\nIntro text.\n\n"
        let after = "\n\n## Next section\n\nMore text.\n"
        let document = before + CoverageTable.startMarker + "\nold table\n| stale | 1 |\n" + CoverageTable.endMarker + after
        let replaced = try #require(table.replacingSection(in: document))
        #expect(replaced == before + CoverageTable.startMarker + "\n" + table.markdown + "\n" + CoverageTable.legend + CoverageTable.endMarker + after)
        // Running it again changes nothing.
        #expect(table.replacingSection(in: replaced) == replaced)
        // Another suite's table replaces this one's.
        let other = CoverageTable(tasks: [Self.task("data.x", domain: "data", tags: ["drifted_data"])])
        let swapped = try #require(other.replacingSection(in: replaced))
        #expect(swapped.contains("| failure mode | data | total |"))
        #expect(!swapped.contains("| failure mode | calendar | retail | total |"))
        #expect(swapped.hasPrefix(before + CoverageTable.startMarker))
        #expect(swapped.hasSuffix(CoverageTable.endMarker + after))
    }

    @Test("replacingSection is nil without both markers, or with them out of order", arguments: [
        "no markers at all\n",
        CoverageTable.startMarker + "\nonly the start\n",
        "only the end\n" + CoverageTable.endMarker + "\n",
        CoverageTable.endMarker + "\nreversed\n" + CoverageTable.startMarker + "\n",
    ])
    func replacingSectionWithoutMarkers(document: String) {
        #expect(CoverageTable(tasks: Self.tasks).replacingSection(in: document) == nil)
    }

    @Test("FailureMode's raw values are the tag vocabulary, each with a one-line summary")
    func vocabulary() {
        #expect(FailureMode.allCases.count == 18)
        #expect(FailureMode(rawValue: "prompt_injection") == .promptInjection)
        #expect(FailureMode(rawValue: "smoke") == nil)
        for mode in FailureMode.allCases {
            #expect(!mode.summary.isEmpty && !mode.summary.contains("\n"), "\(mode.rawValue)")
        }
    }

    @Test("the task listing shows each id, its failure modes and its other tags, aligned, with a count line")
    func taskListing() {
        let tasks = [
            Self.task("calendar.c", domain: "calendar", tags: ["ambiguity", "multi_step"]),
            Self.task("retail.a", domain: "retail", tags: ["smoke", "multi_step", "pagination", "slow"]),
            Self.task("retail.b", domain: "retail", tags: ["exfiltration"]),
        ]
        #expect(TaskListing.text(tasks) == """
            calendar.c  ambiguity,multi_step
            retail.a    multi_step,pagination  (smoke, slow)
            retail.b    exfiltration
            3 tasks in 2 domains

            """)
        #expect(TaskListing.text([Self.task("x.y", domain: "x", tags: [])]) == "x.y  -\n1 task in 1 domain\n")
    }
}
