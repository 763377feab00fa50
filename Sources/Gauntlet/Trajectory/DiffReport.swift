import AgentCore

/// How `gauntlet diff` prints: a terminal text and a versioned JSON object.
public enum DiffReport {
    /// The JSON output's `schema_version`.
    public static let schemaVersion = 1
    /// Events shown from the divergence on, per side.
    public static let nextEvents = 8
    /// How far (in events, either way) from the divergence injected faults are listed.
    public static let faultWindow = 6
    /// Width of each side's column in the side-by-side table.
    public static let columnWidth = 46

    // MARK: - Tool paths

    /// The tasks whose tool paths changed, most changed first.
    public static func text(_ changes: ToolPathChanges) -> String {
        var out = "Tool paths: baseline → candidate\n"
        out += runLine("baseline", file: changes.baselineFile, report: changes.baseline)
        out += runLine("candidate", file: changes.candidateFile, report: changes.candidate)
        out += "\n"
        let all = changes.changed + changes.unchanged
        let paired = all.reduce(0) { $0 + $1.pairedTrials }
        let differing = all.reduce(0) { $0 + $1.differingTrials }
        let noun = all.count == 1 ? "task" : "tasks"
        if changes.changed.isEmpty {
            out += "No tool path changed: \(all.count) \(noun), \(paired) paired trial\(paired == 1 ? "" : "s"), every pair took the same path.\n"
        } else {
            out += "\(changes.changed.count) of \(all.count) \(noun) changed their tool path (\(differing) of \(paired) paired trials differ):\n"
            out += "([…] marks a call the other side's most common path does not make at that point)\n\n"
            for change in changes.changed {
                let first = change.firstDifferingTrial.map { "  first differing trial: \($0)" } ?? ""
                out += "  \(change.differingTrials)/\(change.pairedTrials) trials differ  \(RunTrials.label(change.task, change.profile))\(first)\n"
                let (before, after) = markedPaths(change)
                out += "      baseline   \(before)   (\(change.baselinePathTrials) of \(change.baselineTrials))\n"
                out += "      candidate  \(after)   (\(change.candidatePathTrials) of \(change.candidateTrials))\n"
            }
            if !changes.unchanged.isEmpty {
                out += "\nUnchanged: \(changes.unchanged.count) \(changes.unchanged.count == 1 ? "task" : "tasks").\n"
            }
        }
        for note in changes.notes { out += "Note: \(note)\n" }
        if let top = changes.changed.first {
            let profile = top.profile == "none" ? "" : " --profile \(top.profile)"
            out += "\nEvent by event: gauntlet diff \(folder(of: changes.baselineFile)) \(folder(of: changes.candidateFile)) --task \(top.task)\(profile) --trial \(top.firstDifferingTrial ?? 0)\n"
        }
        return out
    }

    public static func json(_ changes: ToolPathChanges) -> String {
        func task(_ change: ToolPathChanges.Change) -> JSONValue {
            var object = JSONObject([
                ("task", .string(change.task)), ("profile", .string(change.profile)),
                ("paired_trials", .number(Double(change.pairedTrials))), ("differing_trials", .number(Double(change.differingTrials))),
            ])
            if let first = change.firstDifferingTrial { object["first_differing_trial"] = .number(Double(first)) }
            object["baseline"] = ["path": .array(change.baselinePath.map(JSONValue.string)), "trials": .number(Double(change.baselinePathTrials)), "of": .number(Double(change.baselineTrials))]
            object["candidate"] = ["path": .array(change.candidatePath.map(JSONValue.string)), "trials": .number(Double(change.candidatePathTrials)), "of": .number(Double(change.candidateTrials))]
            object["edits"] = .array(change.edits.map { step in
                var edit = JSONObject([("kind", .string(step.kind.rawValue))])
                if let index = step.baseline { edit["baseline"] = .string(change.baselinePath[index]) }
                if let index = step.candidate { edit["candidate"] = .string(change.candidatePath[index]) }
                return .object(edit)
            })
            return .object(object)
        }
        let object = JSONObject([
            ("schema_version", .number(Double(schemaVersion))), ("mode", "tasks"),
            ("baseline", run(file: changes.baselineFile, report: changes.baseline)),
            ("candidate", run(file: changes.candidateFile, report: changes.candidate)),
            ("notes", .array(changes.notes.map(JSONValue.string))),
            ("changed", .array(changes.changed.map(task))),
            ("unchanged", .array(changes.unchanged.map { .string(RunTrials.label($0.task, $0.profile)) })),
        ])
        return JSONWriter.pretty(.object(object)) + "\n"
    }

    /// The two most common paths, each call the other path lacks at that point in brackets.
    static func markedPaths(_ change: ToolPathChanges.Change) -> (String, String) {
        var before: [String] = [], after: [String] = []
        for step in change.edits {
            let marked = step.kind != .same
            if let index = step.baseline { before.append(marked ? "[\(change.baselinePath[index])]" : change.baselinePath[index]) }
            if let index = step.candidate { after.append(marked ? "[\(change.candidatePath[index])]" : change.candidatePath[index]) }
        }
        return (before.isEmpty ? "(no calls)" : before.joined(separator: " → "), after.isEmpty ? "(no calls)" : after.joined(separator: " → "))
    }

    // MARK: - One trial

    /// One trial's two trajectories side by side, the first divergence, what each side did from
    /// there and the faults around it. `full` shows every row; otherwise long identical stretches
    /// are folded.
    public static func text(_ report: TrialDiffReport, full: Bool = false) -> String {
        let diff = report.diff
        var out = "\(RunTrials.label(report.task, report.profile)) trial \(report.trial): baseline → candidate\n"
        for (name, side, events) in [("baseline", report.baseline, diff.baseline), ("candidate", report.candidate, diff.candidate)] {
            out += "  \(TrajectoryText.pad(name, to: 10)) \(side.file)  agent \(side.report.agent.label)  seed \(side.result.seed)  "
                + "\(side.result.outcome.rawValue)  \(events.count) events  \(TrajectoryText.seconds(side.result.durationMs)) s\n"
        }
        if report.baseline.result.seed != report.candidate.result.seed {
            out += "Note: the trials' seeds differ, so they met different faults and model draws.\n"
        }
        out += "\n"
        guard let first = diff.firstDivergence else {
            out += "Identical: both trajectories have the same \(diff.baseline.count) events, compared by kind, tool, key arguments, errors, faults and outcome (seq, times, call ids and free text aside).\n"
            let before = diff.baseline.last?.tMs ?? 0, after = diff.candidate.last?.tMs ?? 0
            out += before == after
                ? "Virtual time is the same too: \(TrajectoryText.seconds(before)) s.\n"
                : "Virtual time differs: \(TrajectoryText.seconds(before)) s and \(TrajectoryText.seconds(after)) s.\n"
            return out
        }
        out += "First divergence at event \(first) (\(describe(diff.rows[first].kind))):\n"
        // Every row before it is the same, so both sides are at event `first`.
        for side in TrialDiff.Side.allCases {
            let events = diff.events(side)
            out += "  \(TrajectoryText.pad(side.rawValue, to: 10)) " + (first < events.count ? line(events[first], limit: 110) : "(its trajectory ends here)") + "\n"
        }
        let outcomes = (report.baseline.result.outcome, report.candidate.result.outcome)
        out += outcomes.0 == outcomes.1 ? "Outcome: \(outcomes.0.rawValue) on both sides.\n" : "Outcome: \(outcomes.0.rawValue) → \(outcomes.1.rawValue).\n"
        out += "\n" + table(diff, full: full) + "\n"
        for side in TrialDiff.Side.allCases {
            let next = diff.next(side, limit: nextEvents)
            let total = diff.events(side).count - (diff.divergenceIndex ?? 0)
            out += "From there, the \(side.rawValue) (\(next.isEmpty ? "no more events" : "\(next.count) of \(total) events")):\n"
            for event in next { out += "  " + line(event, limit: 118) + "\n" }
        }
        out += "\nFaults injected within \(faultWindow) events of the divergence:\n"
        for side in TrialDiff.Side.allCases {
            let faults = diff.faults(side, within: faultWindow)
            if faults.isEmpty { out += "  \(TrajectoryText.pad(side.rawValue, to: 10)) none\n" }
            for fault in faults { out += "  \(TrajectoryText.pad(side.rawValue, to: 10)) " + line(fault, limit: 108) + "\n" }
        }
        return out
    }

    public static func json(_ report: TrialDiffReport) -> String {
        let diff = report.diff
        func event(_ event: TrajectoryEvent, _ signature: EventSignature) -> JSONValue {
            .object(JSONObject([
                ("seq", .number(Double(event.seq))), ("t_ms", .number(Double(event.tMs))), ("kind", .string(event.kind)),
                ("signature", .string(signature.description)), ("summary", .string(TrajectoryText.summary(of: event, limit: 200))),
            ]))
        }
        func side(_ side: TrialDiffReport.Side, _ events: [TrajectoryEvent]) -> JSONValue {
            var object = run(file: side.file, report: side.report).objectValue ?? JSONObject()
            object["trial_seed"] = .string(side.result.seed)
            object["outcome"] = .string(side.result.outcome.rawValue)
            object["events"] = .number(Double(events.count))
            object["duration_ms"] = .number(Double(side.result.durationMs))
            return .object(object)
        }
        var object = JSONObject([
            ("schema_version", .number(Double(schemaVersion))), ("mode", "trial"), ("task", .string(report.task)),
            ("profile", .string(report.profile)), ("trial", .number(Double(report.trial))),
            ("baseline", side(report.baseline, diff.baseline)), ("candidate", side(report.candidate, diff.candidate)),
            ("identical", .bool(diff.identical)),
        ])
        if let first = diff.firstDivergence {
            object["first_divergence"] = .number(Double(first))
            var next = JSONObject(), faults = JSONObject()
            for which in TrialDiff.Side.allCases {
                let signatures = which == .baseline ? diff.baselineSignatures : diff.candidateSignatures
                let events = diff.events(which)
                next[which.rawValue] = .array(diff.next(which, limit: nextEvents).indices.map { event(events[$0], signatures[$0]) })
                faults[which.rawValue] = .array(diff.faults(which, within: faultWindow).map { event($0, EventSignature($0)) })
            }
            object["next"] = .object(next)
            object["faults_near_divergence"] = .object(faults)
        } else {
            object["first_divergence"] = .null
        }
        object["rows"] = .array(diff.rows.map { row in
            var item = JSONObject([("kind", .string(row.kind.rawValue))])
            if let index = row.baseline { item["baseline"] = event(diff.baseline[index], diff.baselineSignatures[index]) }
            if let index = row.candidate { item["candidate"] = event(diff.candidate[index], diff.candidateSignatures[index]) }
            return .object(item)
        })
        return JSONWriter.pretty(.object(object)) + "\n"
    }

    /// The side-by-side table: a marker (`=` same, `~` changed, `-` baseline only, `+` candidate
    /// only), then each side's seq, virtual seconds and event.
    static func table(_ diff: TrialDiff, full: Bool) -> String {
        let width = columnWidth
        func cell(_ event: TrajectoryEvent?) -> String {
            guard let event else { return TrajectoryText.pad("", to: 5 + 8 + width) }
            return TrajectoryText.padLeft(String(event.seq), to: 4) + " " + TrajectoryText.padLeft(TrajectoryText.seconds(event.tMs), to: 7) + " "
                + TrajectoryText.pad(TrajectoryText.summary(of: event, limit: width), to: width)
        }
        var out = "  " + TrajectoryText.padLeft("seq", to: 4) + " " + TrajectoryText.padLeft("t (s)", to: 7) + " " + TrajectoryText.pad("baseline", to: width)
            + " │ " + TrajectoryText.padLeft("seq", to: 4) + " " + TrajectoryText.padLeft("t (s)", to: 7) + " candidate\n"
        let rows = diff.rows
        let first = diff.firstDivergence ?? rows.count
        var index = 0
        while index < rows.count {
            // Fold identical stretches: before the divergence keep its last 3 rows, after it the
            // first and last 2 of any stretch longer than 7.
            var end = index
            while end < rows.count, rows[end].kind == .same { end += 1 }
            let stretch = end - index
            let keepHead = index == 0 && first > 0 ? 0 : 2
            let keepTail = end == rows.count ? 2 : 3
            if !full, stretch > keepHead + keepTail + 2 {
                for row in rows[index..<(index + keepHead)] { out += render(row, diff, cell) }
                let hidden = stretch - keepHead - keepTail
                let lo = rows[index + keepHead].baseline ?? 0, hi = rows[end - keepTail - 1].baseline ?? 0
                out += "  … \(hidden) identical event\(hidden == 1 ? "" : "s") (baseline seq \(diff.baseline[lo].seq)–\(diff.baseline[hi].seq)) …\n"
                for row in rows[(end - keepTail)..<end] { out += render(row, diff, cell) }
            } else {
                for row in rows[index..<end] { out += render(row, diff, cell) }
            }
            if end == first { out += "  ─── first divergence " + String(repeating: "─", count: 2 + 2 * (13 + width) + 3 - 23) + "\n" }
            index = end
            while index < rows.count, rows[index].kind != .same {
                out += render(rows[index], diff, cell)
                index += 1
            }
        }
        return out
    }

    private static func render(_ row: AlignedStep, _ diff: TrialDiff, _ cell: (TrajectoryEvent?) -> String) -> String {
        let marker = switch row.kind {
        case .same: "="
        case .substitute: "~"
        case .delete: "-"
        case .insert: "+"
        }
        let left = cell(row.baseline.map { diff.baseline[$0] })
        let right = cell(row.candidate.map { diff.candidate[$0] })
        let line = "\(marker) \(left) │ \(right)"
        return String(line.reversed().drop(while: { $0 == " " }).reversed()) + "\n"
    }

    private static func describe(_ kind: AlignedStep.Kind) -> String {
        switch kind {
        case .same: "the same"
        case .substitute: "each side did something different"
        case .delete: "the baseline did something the candidate did not"
        case .insert: "the candidate did something the baseline did not"
        }
    }

    /// `seq 17  1.322 s  tool_call refund_order {…}`.
    static func line(_ event: TrajectoryEvent, limit: Int) -> String {
        "seq \(TrajectoryText.padLeft(String(event.seq), to: 3))  \(TrajectoryText.padLeft(TrajectoryText.seconds(event.tMs), to: 7)) s  " + TrajectoryText.summary(of: event, limit: limit)
    }

    static func runLine(_ name: String, file: String, report: RunReport) -> String {
        "  \(TrajectoryText.pad(name, to: 10)) \(file)  agent \(report.agent.label)  seed \(report.seed)  \(report.trialsPerTask) trial\(report.trialsPerTask == 1 ? "" : "s") per task\n"
    }

    static func run(file: String, report: RunReport) -> JSONValue {
        .object(JSONObject([
            ("file", .string(file)), ("run_id", .string(report.runID)), ("agent", .string(report.agent.label)),
            ("agent_sha256", .string(report.agent.sha256)), ("seed", .number(Double(report.seed))),
        ]))
    }

    static func folder(of runFile: String) -> String {
        guard runFile.hasSuffix("/run.json") else { return runFile == "run.json" ? "." : runFile }
        return String(runFile.dropLast("/run.json".count))
    }
}
