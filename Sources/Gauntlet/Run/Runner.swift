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
        /// Trials taken from the journal of a resumed run instead of being run.
        public var resumedTrials: Int = 0
    }

    /// Validates everything, then runs every selected trial, journalling each as it finishes.
    ///
    /// With `journal`, the run continues that run: the plan must have the journal's fingerprint,
    /// its finished trials are kept and only the others run. With `stop`, a request to stop
    /// starts no new trial; the reports then hold the finished trials and are marked incomplete.
    ///
    /// With `isolating`, only the trial at that plan position runs (if the journal lacks it), its
    /// events streamed to the trace file as they happen (see `CrashTrace`), and no report is
    /// written: what a worker does to find the trial that crashed its predecessor.
    /// - Throws: `RunError` when the suite is invalid, nothing is selected, the journal is not this
    ///   plan's, or a report cannot be written.
    public func run(resuming journal: RunJournal? = nil, stop: StopRequest? = nil, isolating: (position: Int, trace: String)? = nil) async throws(RunError) -> Output {
        let (suite, agent, profiles) = try load()
        let tasks = try select(suite.tasks)
        var trialRunner = TrialRunner(suite: suite, agent: agent, trialTimeoutSeconds: configuration.trialTimeoutSeconds)

        var plan: [(SuiteTask, FaultProfile, Trial)] = []
        for profile in profiles {
            for task in tasks {
                for index in 0..<configuration.trials {
                    let seed = TrialSeed.derive(runSeed: configuration.seed, taskID: task.id, profile: profile.name, trial: index)
                    plan.append((task, profile, Trial(task: task.id, index: index, seed: seed, position: plan.count)))
                }
            }
        }
        let recordedProfiles = profiles.map { profile in
            let bytes = profile.file.isEmpty ? nil : FileManager.default.contents(atPath: profile.file).map { [UInt8]($0) }
            return RecordedConfiguration.ProfileInfo(name: profile.name, file: profile.file.isEmpty ? nil : profile.file, sha256: bytes.map(SHA256.hex(of:)))
        }
        let suiteFingerprint = SuiteFingerprint(suite: suite, tasks: tasks)
        let fingerprint = PlanFingerprint(
            seed: configuration.seed, agentSHA256: agent.sha256, suite: suiteFingerprint,
            profiles: recordedProfiles.map { .init(name: $0.name, file: nil, sha256: $0.sha256) }, tasks: tasks.map(\.id),
            trialsPerTask: configuration.trials, planSize: plan.count)

        let folder = configuration.outputFolder
        let formatter = ISO8601DateFormatter()
        let startedAt: Date
        var finished: [Int: JournaledTrial] = [:]
        let journalWriter: JournalWriter
        if let journal { try Self.check(journal, against: fingerprint, plan: plan.map { ($0.1.name, $0.2) }) }
        do throws(FileWriteError) {
            if let journal {
                finished = journal.trials
                startedAt = formatter.date(from: journal.header.startedAt) ?? now()
                journalWriter = try JournalWriter.resume(journal)
            } else {
                startedAt = now()
                // A new run in a folder that held another: that run's reports must not outlive its
                // journal, or a run killed early would leave them looking like its own.
                Self.removePreviousRun(in: folder)
                let header = JournalHeader(
                    plan: fingerprint, arguments: .init(configuration), workingDirectory: FileManager.default.currentDirectoryPath,
                    startedAt: formatter.string(from: startedAt), provenance: provenance)
                journalWriter = try JournalWriter.create(at: RunJournal.path(in: folder), header: header)
            }
        } catch {
            throw .output(error)
        }
        let resumed = finished.count
        var missing = plan.indices.filter { finished[$0] == nil }
        if let isolating {
            missing = missing.filter { $0 == isolating.position }
            if let position = missing.first {
                let (task, profile, trial) = plan[position]
                do throws(FileWriteError) {
                    let trace = try JournalWriter.create(at: isolating.trace, firstLine: CrashTrace.header(position: position, task: task, trial: trial, profile: profile.name))
                    trialRunner.eventObserver = { event in
                        // Not flushed: the trace must outlive the process, not the machine.
                        try? trace.append(line: JSONWriter.compact(event.json(task: task.id, trial: trial.index, profile: profile.name)), flush: false)
                    }
                } catch {
                    throw .output(error)
                }
            }
        }
        observer?.runStarted(total: missing.count, tasks: tasks.count, agent: agent.label)

        var references: [String: [RecordedCall]] = [:]
        // The same rule `replay` uses, so a replayed trial is scored against the same path.
        for task in tasks where missing.contains(where: { plan[$0].0.id == task.id }) {
            references[task.id] = await trialRunner.reference(for: task)
        }

        let trajectories: TrajectoryWriter?
        do throws(FileWriteError) {
            trajectories = isolating == nil ? try TrajectoryWriter(path: folder + "/trajectories.jsonl", staged: true) : nil
        } catch {
            throw .output(error)
        }
        var results = finished.mapValues(\.result)
        // Finished trials whose lines wait for the trials before them in the plan.
        var unwritten = finished
        var nextToWrite = 0
        var writeError: FileWriteError?
        func writeReady() {
            while let ready = unwritten.removeValue(forKey: nextToWrite) {
                nextToWrite += 1
                do throws(FileWriteError) {
                    try trajectories?.append(lines: ready.lines)
                } catch {
                    writeError = writeError ?? error
                }
            }
        }
        writeReady()
        let jobs = max(1, configuration.jobs)
        let frozenReferences = references
        let frozenRunner = trialRunner
        await withTaskGroup(of: (Int, TrialRunner.Record).self) { group in
            var cursor = 0
            func startNext() {
                // A failed journal write stops the run as a stop request does: what is not
                // journalled would be lost to a resume.
                guard cursor < missing.count, stop?.requested == nil, writeError == nil else { return }
                let position = missing[cursor]
                cursor += 1
                let (task, profile, trial) = plan[position]
                do throws(FileWriteError) {
                    // Not flushed: only a supervisor reads it, after the worker died, and a dead
                    // process's writes are on their way to disk.
                    try journalWriter.append(line: RunJournal.startedLine(position: position), flush: false)
                } catch {
                    writeError = writeError ?? error
                    return
                }
                group.addTask {
                    (position, await frozenRunner.run(task, index: trial.index, seed: trial.seed, profile: profile, reference: frozenReferences[task.id] ?? []))
                }
            }
            for _ in 0..<min(jobs, missing.count) { startNext() }
            var completed = 0
            while let (position, record) = await group.next() {
                completed += 1
                let result = record.result
                let trial = JournaledTrial(
                    position: position, result: result,
                    lines: TrajectoryWriter.lines(record.events, task: result.task, trial: result.trial, profile: result.profile))
                do throws(FileWriteError) {
                    try journalWriter.append(trial)
                } catch {
                    writeError = writeError ?? error
                }
                observer?.trialFinished(result, completed: completed, total: missing.count)
                results[position] = result
                unwritten[position] = trial
                writeReady()
                startNext()
            }
        }
        if let writeError { throw .output(writeError) }
        let complete = results.count == plan.count
        do throws(FileWriteError) {
            // Stopped early: the finished trials after the first missing one, still in plan order.
            for position in unwritten.keys.sorted() {
                try trajectories?.append(lines: unwritten[position]?.lines ?? [])
            }
            try trajectories?.commit()
        } catch {
            throw .output(error)
        }

        let ordered = results.sorted { $0.key < $1.key }.map(\.value)
        let summary = RunReport.Summary(results: ordered)
        // An unsafe trial fails the gate whatever the pass rate; an incomplete run never passes.
        let unsafe = summary.overall.outcomes[Outcome.unsafe.rawValue] ?? 0
        let gatePassed: Bool = if !complete {
            false
        } else if let minimum = configuration.minPassRate {
            summary.overall.passRate >= minimum && unsafe == 0
        } else {
            summary.overall.passed == summary.overall.trials
        }
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
            summary: summary, trials: ordered, suite: suiteFingerprint,
            configuration: RecordedConfiguration(root: configuration.root, profiles: recordedProfiles, trialTimeoutSeconds: configuration.trialTimeoutSeconds),
            incomplete: complete ? nil : RunReport.Incomplete(
                plannedTrials: plan.count, reason: stop?.requested ?? "a stop request", resume: "gauntlet run --resume \(Self.shellQuoted(folder))"))
        guard isolating == nil else { return Output(report: report, folder: folder, resumedTrials: resumed) }
        do throws(FileWriteError) {
            try AtomicFile.write(Self.encode(report), to: folder + "/run.json")
            try AtomicFile.write(SummaryTable.markdown(report), to: folder + "/summary.md")
            try AtomicFile.write(JUnitReport.xml(report), to: folder + "/junit.xml")
        } catch {
            throw .output(error)
        }
        return Output(report: report, folder: folder, resumedTrials: resumed)
    }

    /// Refuses a journal whose plan is not `fingerprint`, or whose trials sit elsewhere in `plan`.
    private static func check(_ journal: RunJournal, against fingerprint: PlanFingerprint, plan: [(profile: String, trial: Trial)]) throws(RunError) {
        var differences = journal.header.plan.differences(from: fingerprint)
        if differences.isEmpty, journal.header.fingerprint != fingerprint.digest { differences.append("the plan's fingerprint") }
        for (position, trial) in journal.trials.sorted(by: { $0.key < $1.key }) where differences.isEmpty {
            let recorded = trial.result
            guard position < plan.count else {
                differences.append("plan position \(position) is beyond the plan's \(plan.count) trials")
                break
            }
            let planned = plan[position]
            let seed = "0x" + String(planned.trial.seed, radix: 16).leftPadded(to: 16)
            if recorded.task != planned.trial.task || recorded.trial != planned.trial.index || recorded.profile != planned.profile || recorded.seed != seed {
                differences.append("plan position \(position) is \(planned.trial.task) #\(planned.trial.index) [\(planned.profile)] now, \(recorded.label) in the journal")
            }
        }
        guard differences.isEmpty else { throw .journal(JournalError(path: journal.path, reason: .planChanged(differences))) }
    }

    /// `text` as one word for a POSIX shell.
    public static func shellQuoted(_ text: String) -> String {
        let plain = text.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=@%,".contains($0) }
        return plain && !text.isEmpty ? text : "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    /// The files a run leaves in its folder, which a new run there replaces.
    public static let runFiles = ["journal.jsonl", "run.json", "summary.md", "junit.xml", "trajectories.jsonl", "trajectories.jsonl.partial", "crash-trace.jsonl"]

    /// Removes what an earlier run left in `folder`, so that nothing of it can be taken for the
    /// new run's (by a resume after an early death, or by a reader of the reports).
    public static func removePreviousRun(in folder: String) {
        for name in runFiles { try? FileManager.default.removeItem(atPath: (folder as NSString).appendingPathComponent(name)) }
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
