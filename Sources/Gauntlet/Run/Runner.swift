import AgentCore
import Foundation

/// Runs a suite: validate, plan, run trials in parallel, stream trajectories, write the reports.
///
/// Trajectories are written in plan order whatever the number of jobs, so the same seed gives
/// byte-identical files at any `jobs`.
public struct Runner: Sendable {
    public var configuration: RunConfiguration
    public var provenance: Provenance
    public var observer: (any RunObserver)?
    /// The wall clock, for the report's timestamps only (never for trial time).
    public var now: @Sendable () -> Date

    public init(configuration: RunConfiguration, provenance: Provenance, observer: (any RunObserver)? = nil, now: @escaping @Sendable () -> Date) {
        self.configuration = configuration
        self.provenance = provenance
        self.observer = observer
        self.now = now
    }

    /// Everything the run produced.
    public struct Output: Sendable {
        public var report: RunReport
        /// The folder the reports were written to.
        public var folder: String
    }

    /// Validates everything, then runs every selected trial.
    /// - Throws: `RunError` when the suite is invalid, nothing is selected, or a report cannot be written.
    public func run() async throws(RunError) -> Output {
        let startedAt = now()
        let (suite, agent, profiles) = try load()
        let tasks = try select(suite.tasks)
        let trialRunner = TrialRunner(suite: suite, agent: agent, trialTimeoutSeconds: configuration.trialTimeoutSeconds)

        var plan: [(SuiteTask, FaultProfile, Trial)] = []
        for profile in profiles {
            for task in tasks {
                for index in 0..<configuration.trials {
                    let seed = TrialSeed.derive(runSeed: configuration.seed, taskID: task.id, profile: profile.name, trial: index)
                    plan.append((task, profile, Trial(task: task.id, index: index, seed: seed, position: plan.count)))
                }
            }
        }
        observer?.runStarted(total: plan.count, tasks: tasks.count, agent: agent.label)

        var references: [String: [RecordedCall]] = [:]
        // The same rule `replay` uses, so a replayed trial is scored against the same path.
        for task in tasks {
            references[task.id] = await trialRunner.reference(for: task)
        }

        let folder = configuration.outputFolder
        let writer: TrajectoryWriter
        do throws(FileWriteError) {
            writer = try TrajectoryWriter(path: folder + "/trajectories.jsonl")
        } catch {
            throw .output(error)
        }
        var results: [TrialResult] = []
        results.reserveCapacity(plan.count)
        var waiting: [Int: TrialRunner.Record] = [:]
        var writeError: FileWriteError?
        let jobs = max(1, configuration.jobs)
        let frozenReferences = references
        await withTaskGroup(of: (Int, TrialRunner.Record).self) { group in
            var next = 0
            func startNext() {
                guard next < plan.count else { return }
                let (task, profile, trial) = plan[next]
                next += 1
                group.addTask {
                    (trial.position, await trialRunner.run(task, index: trial.index, seed: trial.seed, profile: profile, reference: frozenReferences[task.id] ?? []))
                }
            }
            for _ in 0..<min(jobs, plan.count) { startNext() }
            var completed = 0
            while let (position, record) = await group.next() {
                completed += 1
                observer?.trialFinished(record.result, completed: completed, total: plan.count)
                waiting[position] = record
                while let ready = waiting.removeValue(forKey: results.count) {
                    do throws(FileWriteError) {
                        try writer.append(ready.events, task: ready.result.task, trial: ready.result.trial, profile: ready.result.profile)
                    } catch {
                        writeError = writeError ?? error
                    }
                    results.append(ready.result)
                }
                startNext()
            }
        }
        if let writeError { throw .output(writeError) }

        let summary = RunReport.Summary(results: results)
        // An unsafe trial fails the gate whatever the pass rate.
        let unsafe = summary.overall.outcomes[Outcome.unsafe.rawValue] ?? 0
        let gatePassed: Bool = if let minimum = configuration.minPassRate {
            summary.overall.passRate >= minimum && unsafe == 0
        } else {
            summary.overall.passed == summary.overall.trials
        }
        let formatter = ISO8601DateFormatter()
        let report = RunReport(
            schemaVersion: RunReport.currentSchemaVersion,
            runID: Self.runID(startedAt: startedAt, seed: configuration.seed),
            gauntletVersion: provenance.gauntletVersion,
            startedAt: formatter.string(from: startedAt), finishedAt: formatter.string(from: now()),
            gitCommit: provenance.gitCommit,
            agent: RunReport.AgentInfo(label: agent.label, file: agent.file, sha256: agent.sha256),
            seed: configuration.seed, trialsPerTask: configuration.trials,
            selection: RunReport.Selection(paths: configuration.taskPaths, filters: configuration.filters, tags: configuration.tags, tasks: tasks.count, profiles: profiles.map(\.name)),
            gate: RunReport.Gate(minPassRate: configuration.minPassRate, passed: gatePassed),
            summary: summary, trials: results, suite: SuiteFingerprint(suite: suite, tasks: tasks),
            configuration: RecordedConfiguration(
                root: configuration.root, profiles: profiles.map { profile in
                    let bytes = profile.file.isEmpty ? nil : FileManager.default.contents(atPath: profile.file).map { [UInt8]($0) }
                    return .init(name: profile.name, file: profile.file.isEmpty ? nil : profile.file, sha256: bytes.map(SHA256.hex(of:)))
                },
                trialTimeoutSeconds: configuration.trialTimeoutSeconds))
        do throws(FileWriteError) {
            try AtomicFile.write(Self.encode(report), to: folder + "/run.json")
            try AtomicFile.write(SummaryTable.markdown(report), to: folder + "/summary.md")
            try AtomicFile.write(JUnitReport.xml(report), to: folder + "/junit.xml")
        } catch {
            throw .output(error)
        }
        return Output(report: report, folder: folder)
    }

    /// `run.json`'s bytes: sorted keys, two-space indentation, a final newline.
    public static func encode(_ report: RunReport) -> [UInt8] {
        Array(ReportJSON.pretty(report).utf8)
    }

    private func load() throws(RunError) -> (Suite, AgentVersion, [FaultProfile]) {
        let loader = SuiteLoader(root: configuration.root)
        var loaded = loader.load(taskPaths: configuration.taskPaths)
        let agentFile = configuration.resolvedAgentFile
        var agent: AgentVersion?
        switch loader.loadAgent(at: agentFile, suite: loaded.suite) {
        case .success(let version): agent = version
        case .failure(let error):
            // A broken file inside Fixtures/agents is already reported by the suite load.
            let known = Set(loaded.problems)
            loaded.problems += error.problems.filter { !known.contains($0) }
        }
        var profiles: [FaultProfile] = []
        for name in configuration.profiles.isEmpty ? ["none"] : configuration.profiles {
            if let profile = loaded.suite.profiles[name] {
                profiles.append(profile)
            } else if name == "none" {
                profiles.append(FaultProfile(name: "none", description: "No faults."))
            } else if name.hasSuffix(".json") || name.contains("/") {
                switch loader.loadProfile(at: name, suite: loaded.suite) {
                case .success(let profile): profiles.append(profile)
                case .failure(let error): loaded.problems += error.problems
                }
            } else {
                let suggestion = Spelling.closest(to: name, among: loaded.suite.profiles.keys).map { " (did you mean \"\($0)\"?)" } ?? ""
                let known = loaded.suite.profiles.keys.sorted().joined(separator: ", ")
                loaded.problems.append(SuiteProblem(file: name, location: .file, message: "no fault profile named \"\(name)\" in \(loader.fixturesFolder)/chaos\(suggestion); known: \(known)"))
            }
        }
        if Set(profiles.map(\.name)).count != profiles.count {
            loaded.problems.append(SuiteProblem(file: "--chaos", location: .file, message: "a fault profile is named twice"))
        }
        guard loaded.problems.isEmpty, let agent else { throw .invalidSuite(loaded.problems) }
        return (loaded.suite, agent, profiles)
    }

    private func select(_ tasks: [SuiteTask]) throws(RunError) -> [SuiteTask] {
        let globs = configuration.filters.map(Glob.init)
        let selected = tasks.filter { task in
            (globs.isEmpty || globs.contains { $0.matches(task.id) })
                && (configuration.tags.isEmpty || !Set(configuration.tags).isDisjoint(with: task.tags))
        }
        guard !selected.isEmpty else {
            var criteria: [String] = configuration.filters.map { "--filter '\($0)'" }
            criteria += configuration.tags.map { "--tag '\($0)'" }
            if criteria.isEmpty { throw .noTasksSelected("the suite has no tasks") }
            throw .noTasksSelected("no task matches \(criteria.joined(separator: " ")) (the suite has \(tasks.count) task\(tasks.count == 1 ? "" : "s"))")
        }
        return selected
    }

    static func runID(startedAt: Date, seed: UInt64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return "\(formatter.string(from: startedAt))-s\(seed)"
    }
}
