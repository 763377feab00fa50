import AgentCore
import Foundation

/// The events of a trial run alone in a worker, streamed to a file as they happen, so that when
/// the worker dies the trial can still be recorded: outcome `crash`, the signal, and what the
/// agent did up to the moment it died.
///
/// The first line names the trial (`position`, `task`, `domain`, `trial`, `seed`, `profile`); each
/// further line is the event as `trajectories.jsonl` holds it.
public enum CrashTrace {
    /// The trace's first line for `trial` of `task`.
    static func header(position: Int, task: SuiteTask, trial: Trial, profile: String) -> String {
        JSONWriter.compact(.object(JSONObject([
            ("position", .number(Double(position))), ("task", .string(task.id)), ("domain", .string(task.domain)),
            ("trial", .number(Double(trial.index))), ("seed", .string("0x" + String(trial.seed, radix: 16).leftPadded(to: 16))),
            ("profile", .string(profile)),
        ])))
    }

    /// The journal entry of the trial traced in `path`, whose worker `signal` killed.
    /// - Throws: `JournalError` when the trace is missing or its first line does not name a trial.
    /// With `stalledFor`, the supervisor killed the worker because it made no progress for that
    /// long: the trial is a `hang`, not a crash.
    public static func crashedTrial(tracedIn path: String, signal: Int32, stalledFor stall: Duration? = nil) throws(JournalError) -> JournaledTrial {
        var lines: [[UInt8]] = []
        do throws(TrajectoryReadError) {
            try TrajectoryReader.forEachLine(in: path) { _, bytes in
                lines.append(Array(bytes))
                return true
            }
        } catch {
            throw JournalError(path: path, reason: error.reason == .missing ? .missing : .unreadable(error.description))
        }
        guard let first = lines.first, let identity = try? JSONParser.parse(bytes: first), let position = identity["position"]?.intValue,
            let task = identity["task"]?.stringValue, let domain = identity["domain"]?.stringValue, let index = identity["trial"]?.intValue,
            let seed = identity["seed"]?.stringValue, let profile = identity["profile"]?.stringValue
        else {
            throw JournalError(path: path, reason: .malformed(line: 1, expected: "the traced trial (position, task, domain, trial, seed, profile)", found: String(decoding: lines.first ?? [], as: UTF8.self)))
        }
        // A line the worker was writing when it died is left out; the others are whole.
        var events = lines.dropFirst().enumerated().compactMap { offset, bytes in
            try? TrajectoryReader.parse(bytes, number: offset + 2, path: path).event
        }
        let name = WorkerExit.name(ofSignal: signal)
        let end = events.last?.tMs ?? 0
        let last = events.last.map { "; its last event was \($0.kind) at \($0.tMs) ms" } ?? ""
        let outcome: Outcome = stall == nil ? .crash : .hang
        let check = if let stall {
            CheckResult(
                name: "agent process", passed: false,
                message: "expected the agent to return, found its worker still busy with no progress after \(stall.milliseconds / 1000) s of wall time, so it was killed, after \(events.count) events\(last)")
        } else {
            CheckResult(
                name: "agent process", passed: false,
                message: "expected the agent to return, found its process killed by \(name) (signal \(signal)) after \(events.count) events\(last)")
        }
        events.append(TrajectoryEvent(seq: events.count, tMs: end, kind: "trial_finished", data: JSONObject([
            ("outcome", .string(outcome.rawValue)), ("failed_checks", .array([.string(check.name)])), ("signal", .string(name)),
        ])))
        let result = TrialResult(
            task: task, domain: domain, trial: index, seed: seed, outcome: outcome, checks: [check],
            steps: events.filter { $0.kind == "model_request" }.count, toolCalls: events.filter { $0.kind == "tool_call" }.count, tokens: 0,
            durationMs: end, toolPath: ToolPath.calls(in: events).map(\.tool), answer: nil, stopReason: stall == nil ? "crashed: \(name)" : "no progress: killed",
            profile: profile, counters: ResilienceCounters(events: events))
        return JournaledTrial(position: position, result: result, lines: TrajectoryWriter.lines(events, task: task, trial: index, profile: profile))
    }
}
