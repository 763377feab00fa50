import AgentCore
import Foundation

extension TrialRunner {
    /// The reference path `Runner` scores `task` against: the reference policy's calls when the
    /// task checks its path, none otherwise.
    public func reference(for task: SuiteTask) async -> [RecordedCall] {
        task.expectations.path != nil ? await referencePath(for: task) : []
    }
}

/// `gauntlet replay`: one trial of a run, run again from its recorded seed and configuration with
/// the runner's own code (`TrialRunner.run` with the reference path and the seed `Runner` would
/// use), and compared with what the run recorded: the outcome in `run.json` and the trial's lines
/// in `trajectories.jsonl`, byte for byte.
public struct TrialReplay: Sendable {
    /// The run replayed from.
    public var run: RunTrials
    /// The trial as `run.json` recorded it.
    public var recorded: TrialResult
    /// The trial's lines in `trajectories.jsonl`.
    public var recordedLines: [TrajectoryLine]
    /// The trial run again.
    public var replayed: TrialRunner.Record
    /// The lines the replay writes, as `TrajectoryWriter` would.
    public var replayedLines: [String]
    /// What is not as the run recorded it (changed files, a missing configuration): a replay that
    /// does not reproduce is explained by these first.
    public var warnings: [String]
    /// The files replayed with.
    public var agentFile: String
    public var profileFile: String?
    public var seed: UInt64
    public var trialTimeoutSeconds: Double

    /// Whether the replay's outcome is the recorded one.
    public var outcomeReproduced: Bool { replayed.result.outcome == recorded.outcome }

    /// The index of the first line that differs (or that one side lacks); nil when every line is
    /// the same, byte for byte.
    public var firstDifferentLine: Int? {
        let recordedTexts = recordedLines.map(\.text)
        let shared = min(recordedTexts.count, replayedLines.count)
        if let index = (0..<shared).first(where: { !recordedTexts[$0].utf8.elementsEqual(replayedLines[$0].utf8) }) { return index }
        return recordedTexts.count == replayedLines.count ? nil : min(recordedTexts.count, replayedLines.count)
    }

    public var trajectoryReproduced: Bool { firstDifferentLine == nil }

    /// Both the outcome and the trajectory bytes.
    public var reproduced: Bool { outcomeReproduced && trajectoryReproduced }

    /// Replays trial `trial` of `task` (under `profile`, or the task's only or `none` profile) of
    /// the run at `path` (a folder or its `run.json`). Paths recorded in the run (root, agent and
    /// profile files, task paths) are read relative to the current folder, as the run read them.
    /// - Throws: when the trial, its recorded lines or the files it needs cannot be found or read.
    public static func replay(_ path: String, task: String, trial: Int, profile: String? = nil) async throws(TrajectoryInputError) -> TrialReplay {
        let run = try RunTrials.load(path)
        try run.requireTask(task)
        let chosen: String
        if let profile {
            try run.requireProfile(profile, of: task)
            chosen = profile
        } else {
            chosen = try RunTrials.defaultProfile(of: task, in: [run])
        }
        let recorded = try run.trial(trial, of: task, profile: chosen)
        let linesPath = TrajectoryReader.path(besideRunFile: run.file)
        let recordedLines: [TrajectoryLine]
        do throws(TrajectoryReadError) {
            recordedLines = try TrajectoryReader.lines(in: linesPath, task: task, profile: chosen, trial: trial)
        } catch {
            throw TrajectoryInputError("\(error); replay compares the trial with its recorded lines")
        }

        let report = run.report
        var warnings: [String] = []
        let configuration: RecordedConfiguration
        if let recordedConfiguration = report.configuration {
            configuration = recordedConfiguration
        } else {
            configuration = RecordedConfiguration(root: ".", profiles: [], trialTimeoutSeconds: 60)
            warnings.append("run.json (schema_version \(report.schemaVersion)) does not record the configuration: assuming root \".\", profiles from Fixtures/chaos and a 60 s trial timeout")
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: configuration.root, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw TrajectoryInputError("the run's root folder \"\(configuration.root)\" does not exist here; replay from the folder the run was made in")
        }

        // The suite, as the run loaded it.
        let loader = SuiteLoader(root: configuration.root)
        let loaded = loader.load(taskPaths: report.selection.paths)
        guard let suiteTask = loaded.suite.tasks.first(where: { $0.id == task }) else {
            let problems = loaded.problems.prefix(3).map { "\n  \($0)" }.joined()
            throw TrajectoryInputError("task \"\(task)\" is no longer in the suite under \"\(configuration.root)\" (task paths: \(report.selection.paths.isEmpty ? "all of Suites/" : report.selection.paths.joined(separator: ", ")))\(problems)")
        }
        if !loaded.problems.isEmpty {
            warnings.append("the suite has \(loaded.problems.count) problem\(loaded.problems.count == 1 ? "" : "s") now (run 'gauntlet validate'), replaying anyway; the first: \(loaded.problems[0])")
        }
        if let fingerprint = report.suite {
            let now = SHA256.hex(of: [UInt8](FileManager.default.contents(atPath: suiteTask.file) ?? Data()))
            if let recordedDigest = fingerprint.tasks[task], recordedDigest != now {
                warnings.append("the task file \(suiteTask.file) changed since the run (SHA-256 \(recordedDigest.prefix(12))… recorded, \(now.prefix(12))… now)")
            }
            if SuiteFingerprint(suite: loaded.suite, tasks: []).fixtures != fingerprint.fixtures {
                warnings.append("the tool catalogs or worlds under \(loader.fixturesFolder) changed since the run (their digest differs from run.json's suite fingerprint)")
            }
        } else {
            warnings.append("run.json (schema_version \(report.schemaVersion)) has no suite fingerprint: whether the task or its fixtures changed cannot be checked")
        }

        // The agent version.
        let agent: AgentVersion
        switch loader.loadAgent(at: report.agent.file, suite: loaded.suite) {
        case .success(let version): agent = version
        case .failure(let error):
            throw TrajectoryInputError("cannot load the run's agent file \(report.agent.file):\n\(error.problems.prefix(5).map { "  \($0)" }.joined(separator: "\n"))")
        }
        if agent.sha256 != report.agent.sha256 {
            warnings.append("the agent file \(report.agent.file) changed since the run (SHA-256 \(report.agent.sha256.prefix(12))… recorded, \(agent.sha256.prefix(12))… now)")
        }

        // The fault profile.
        let faultProfile: FaultProfile
        let recordedProfile = configuration.profiles.first { $0.name == chosen }
        if let file = recordedProfile?.file {
            if let known = loaded.suite.profiles[chosen], known.file == file {
                faultProfile = known
            } else {
                switch loader.loadProfile(at: file, suite: loaded.suite) {
                case .success(let profile): faultProfile = profile
                case .failure(let error):
                    throw TrajectoryInputError("cannot load the run's fault profile file \(file):\n\(error.problems.prefix(5).map { "  \($0)" }.joined(separator: "\n"))")
                }
            }
            let now = SHA256.hex(of: [UInt8](FileManager.default.contents(atPath: file) ?? Data()))
            if let digest = recordedProfile?.sha256, digest != now {
                warnings.append("the fault profile file \(file) changed since the run (SHA-256 \(digest.prefix(12))… recorded, \(now.prefix(12))… now)")
            }
        } else if chosen == "none" && (recordedProfile != nil || loaded.suite.profiles["none"] == nil) {
            faultProfile = FaultProfile(name: "none", description: "No faults.")
        } else if let known = loaded.suite.profiles[chosen] {
            faultProfile = known
            if report.configuration != nil {
                warnings.append("run.json does not record the file of profile \"\(chosen)\"; using \(known.file)")
            }
        } else {
            throw TrajectoryInputError("profile \"\(chosen)\" is not recorded in run.json and there is no \(loader.fixturesFolder)/chaos/\(chosen).json")
        }

        // The seed: the recorded one, which is the one Runner derives.
        guard recorded.seed.hasPrefix("0x"), let seed = UInt64(recorded.seed.dropFirst(2), radix: 16) else {
            throw TrajectoryInputError("\(run.file): trial \(recorded.label) has seed \"\(recorded.seed)\", expected 0x and 16 hex digits")
        }
        let derived = TrialSeed.derive(runSeed: report.seed, taskID: task, profile: chosen, trial: trial)
        if derived != seed {
            warnings.append("the recorded trial seed \(recorded.seed) is not the one run seed \(report.seed) gives this trial (0x\(String(derived, radix: 16).leftPadded(to: 16))); replaying with the recorded seed")
        }

        let runner = TrialRunner(suite: loaded.suite, agent: agent, trialTimeoutSeconds: configuration.trialTimeoutSeconds)
        let record = await runner.run(suiteTask, index: trial, seed: seed, profile: faultProfile, reference: await runner.reference(for: suiteTask))
        let lines = TrajectoryWriter.lines(record.events, task: task, trial: trial, profile: faultProfile.name)
        return TrialReplay(
            run: run, recorded: recorded, recordedLines: recordedLines, replayed: record, replayedLines: lines, warnings: warnings,
            agentFile: report.agent.file, profileFile: recordedProfile?.file ?? (faultProfile.file.isEmpty ? nil : faultProfile.file),
            seed: seed, trialTimeoutSeconds: configuration.trialTimeoutSeconds)
    }
}

/// How `gauntlet replay` prints a replay: a header, the story, and the verdict.
public enum ReplayReport {
    public static func text(_ replay: TrialReplay) -> String {
        let recorded = replay.recorded
        var out = "Replay of \(RunTrials.label(recorded.task, recorded.profile)) trial \(recorded.trial) from \(replay.run.file)\n"
        out += "  agent \(replay.run.report.agent.label) (\(replay.agentFile)), seed \(recorded.seed), profile \(recorded.profile)"
            + (replay.profileFile.map { " (\($0))" } ?? "") + ", trial timeout \(JSONWriter.format(replay.trialTimeoutSeconds)) s\n\n"
        out += TrajectoryStory.text(replay.replayed.events)
        out += "\n" + verdict(replay)
        return out
    }

    /// Whether the outcome and the trajectory bytes came out as recorded, and where not.
    public static func verdict(_ replay: TrialReplay) -> String {
        let recorded = replay.recorded.outcome.rawValue, replayed = replay.replayed.result.outcome.rawValue
        var out = replay.outcomeReproduced
            ? "Outcome: \(replayed), as recorded.\n"
            : "Outcome: \(replayed), but run.json records \(recorded).\n"
        let count = replay.recordedLines.count
        if let index = replay.firstDifferentLine {
            if index >= replay.recordedLines.count {
                out += "Trajectory: differs: the replay has \(replay.replayedLines.count) lines, trajectories.jsonl \(count) for this trial; the first extra line:\n"
                out += "  replayed  \(TrajectoryText.clip(replay.replayedLines[index], to: 160))\n"
            } else if index >= replay.replayedLines.count {
                out += "Trajectory: differs: the replay has \(replay.replayedLines.count) lines, trajectories.jsonl \(count) for this trial; the first missing line (file line \(replay.recordedLines[index].number)):\n"
                out += "  recorded  \(TrajectoryText.clip(replay.recordedLines[index].text, to: 160))\n"
            } else {
                let (left, right) = excerpts(replay.recordedLines[index].text, replay.replayedLines[index], width: 150)
                out += "Trajectory: differs from line \(index + 1) of the trial's \(count) (trajectories.jsonl line \(replay.recordedLines[index].number)):\n"
                out += "  recorded  \(left)\n  replayed  \(right)\n"
            }
        } else {
            out += "Trajectory: \(count) lines, identical byte for byte to trajectories.jsonl.\n"
        }
        if replay.reproduced {
            out += "Reproduced.\n"
        } else {
            out += "NOT reproduced."
            out += replay.warnings.isEmpty ? "\n" : " The inputs changed since the run (see the warnings): \(replay.warnings.count) warning\(replay.warnings.count == 1 ? "" : "s").\n"
        }
        return out
    }

    /// The two lines around where they first differ, each at most `width` characters.
    static func excerpts(_ a: String, _ b: String, width: Int) -> (String, String) {
        let x = Array(a), y = Array(b)
        var common = 0
        while common < x.count, common < y.count, x[common] == y[common] { common += 1 }
        let start = max(0, common - width / 3)
        func cut(_ chars: [Character]) -> String {
            let end = min(chars.count, start + width)
            return (start > 0 ? "…" : "") + String(chars[start..<end]) + (end < chars.count ? "…" : "")
        }
        return (cut(x), cut(y))
    }
}
