import AgentCore

extension SuiteLoader {
    /// Loads one fault profile file on its own (for `run --chaos PATH` with a file outside
    /// `Fixtures/chaos/`), checking its targets against the tools of `suite`.
    public func loadProfile(at path: String, suite: Suite) -> Result<FaultProfile, SuiteLoadError> {
        var problems: [SuiteProblem] = []
        guard let profile = loadProfile(path, suite: suite, problems: &problems), problems.isEmpty else {
            return .failure(SuiteLoadError(problems: problems))
        }
        return .success(profile)
    }

    func loadProfile(_ file: String, suite: Suite, problems: inout [SuiteProblem]) -> FaultProfile? {
        guard let json = readChecked(file, as: .chaos, problems: &problems) else { return nil }
        var found = FileProblems(file: file)
        var rules: [FaultRule] = []
        var firstRuleWithID: [String: JSONPointer] = [:]
        for (index, entry) in (json["rules"]?.arrayValue ?? []).enumerated() {
            let pointer = JSONPointer(tokens: ["rules", String(index)])
            if let id = entry["id"]?.stringValue {
                if let first = firstRuleWithID[id] {
                    found.add(pointer.appending("id"), "duplicate rule id \"\(id)\" (also at \(first))")
                } else {
                    firstRuleWithID[id] = pointer
                }
            }
            if let rule = decodeRule(entry, at: pointer, index: index, suite: suite, problems: &found) { rules.append(rule) }
        }
        problems += found.problems
        let name = fixtureName(of: file)
        return FaultProfile(
            name: name, description: json["description"]?.stringValue ?? "",
            healAfter: json["heal_after_ms"]?.intValue.map { .milliseconds($0) }, rules: rules, file: file)
    }

    private func decodeRule(_ json: JSONValue, at pointer: JSONPointer, index: Int, suite: Suite, problems: inout FileProblems) -> FaultRule? {
        guard let object = json.objectValue, let targetText = object["target"]?.stringValue, let faultName = object["fault"]?.stringValue else { return nil }

        let target: FaultRule.Target, targetKind: String
        switch targetText {
        case "model": (target, targetKind) = (.model, "model")
        case "approver": (target, targetKind) = (.approver, "approver")
        case "store": (target, targetKind) = (.store, "store")
        default: (target, targetKind) = (.tools(Glob(targetText)), "tools")
        }
        let toolNames = suite.tools.keys.sorted()
        var matched: [String] = []
        if case .tools(let glob) = target {
            matched = toolNames.filter(glob.matches)
            if matched.isEmpty {
                if targetText.contains(where: { $0 == "*" || $0 == "?" }) {
                    let suggestion = Spelling.closest(to: targetText, among: globs(near: toolNames)).map { " (did you mean \"\($0)\"?)" } ?? ""
                    problems.add(pointer.appending("target"), "\"\(targetText)\" matches no tool in the suite's catalogs\(suggestion)")
                } else {
                    _ = problems.checkName(targetText, at: pointer.appending("target"), kind: "tool", known: toolNames + ["model", "approver", "store"])
                }
            }
        }

        guard let signature = Fault.signatures.first(where: { $0.name == faultName }) else {
            _ = problems.checkName(faultName, at: pointer.appending("fault"), kind: "fault", known: Fault.signatures.map(\.name))
            return nil
        }
        var valid = true
        if !signature.targets.contains(targetKind) {
            let applicable = Fault.signatures.filter { $0.targets.contains(targetKind) }.map(\.name)
            problems.add(
                pointer.appending("fault"),
                "expected a fault that applies to \(Self.describeTarget(targetKind)) (\(applicable.joined(separator: ", "))), found \"\(faultName)\", which applies to \(signature.targets.map(Self.describeTarget).joined(separator: " and ")) only")
            valid = false
        }
        let parameters = signature.required + signature.optional
        // Keys no fault takes are the schema's to report ("unknown key").
        for key in object.keys where Fault.parameterKeys.contains(key) && !parameters.contains(key) {
            let takes = parameters.filter { !Fault.commonKeys.contains($0) }
            problems.add(pointer.appending(key), "\"\(key)\" does not apply to fault \"\(faultName)\" (\(takes.isEmpty ? "it takes no parameters" : "it takes \(takes.joined(separator: ", "))"))")
            valid = false
        }
        for key in signature.required where object[key] == nil {
            problems.add(pointer, "fault \"\(faultName)\" needs \"\(key)\"")
            valid = false
        }

        func milliseconds(_ key: String) -> Duration? { object[key]?.intValue.map { .milliseconds($0) } }
        let from = object["from_ms"]?.intValue, to = object["to_ms"]?.intValue
        if let from, let to, from >= to {
            problems.add(pointer.appending("to_ms"), "expected to_ms greater than from_ms (\(from)), found \(to)")
            valid = false
        }
        var onCalls: [Int]?
        if let numbers = object["on_calls"]?.arrayValue {
            var seen = Set<Int>()
            for (position, number) in numbers.enumerated() {
                guard let number = number.intValue, !seen.insert(number).inserted else { continue }
                problems.add(pointer.appending("on_calls").appending(position), "call \(number) is listed twice")
            }
            onCalls = numbers.compactMap(\.intValue)
        }

        let fault: Fault?
        switch faultName {
        case "latency":
            fault = decodeLatency(object, at: pointer, problems: &problems).map(Fault.latency)
        case "timeout":
            fault = .timeout(silence: milliseconds("silence_ms") ?? .milliseconds(Fault.defaultTimeoutSilenceMs))
        case "error":
            fault = object["kind"]?.stringValue.flatMap { Fault.errorKinds.contains($0) ? .error(kind: $0) : nil }
        case "rate_limit":
            let present = Fault.retryAfterKeys.filter { object[$0] != nil }
            if present.count > 1 {
                problems.add(pointer, "expected at most one of \(Fault.retryAfterKeys.joined(separator: ", ")); found \(present.joined(separator: ", "))")
                fault = nil
            } else if let value = object["retry_after_ms"] {
                fault = value.intValue.map { .rateLimit(.milliseconds(Int64($0))) }
            } else if let value = object["retry_after_seconds"] {
                fault = value.stringValue.map { .rateLimit(.seconds($0)) }
            } else if object["retry_after_date_ms"] != nil {
                fault = milliseconds("retry_after_date_ms").map { .rateLimit(.httpDateAfter($0)) }
            } else {
                fault = .rateLimit(.absent)
            }
        case "outage":
            fault = .outage
        case "malformed":
            fault = object["shape"]?.stringValue.flatMap(MalformedShape.init(rawValue:)).map(Fault.malformed)
        case _ where faultName == "duplicate_effect" || (faultName == "crash" && targetKind == "tools"):
            if !matched.isEmpty, matched.allSatisfy({ suite.tools[$0]?.spec.risk.hasSideEffects == false }) {
                problems.add(
                    pointer.appending("target"),
                    "fault \"\(faultName)\" needs a tool with side effects (risk write or irreversible), but \"\(targetText)\" matches only read tools (\(matched.joined(separator: ", ")))")
                valid = false
            }
            fault = faultName == "crash" ? .crash : .duplicateEffect
        case "crash":
            fault = .crash
        case "store_write_fail":
            fault = .storeWriteFail
        case "torn_write":
            fault = .tornWrite
        case "corrupt_latest":
            fault = .corruptLatest
        case "slow_store":
            fault = decodeLatency(object, at: pointer, problems: &problems).map(Fault.slowStore)
        case "stale":
            if !matched.isEmpty, matched.allSatisfy({ suite.tools[$0]?.spec.risk.hasSideEffects == true }) {
                problems.add(
                    pointer.appending("target"),
                    "fault \"stale\" needs a read tool, but \"\(targetText)\" matches only tools with side effects (\(matched.joined(separator: ", ")))")
                valid = false
            }
            fault = .stale(versionsBack: object["versions_back"]?.intValue ?? 1)
        case "injection":
            fault = object["text"]?.stringValue.map { .injection(text: $0, field: object["field"]?.stringValue ?? "note") }
        case "malformed_tool_call":
            fault = object["variant"]?.stringValue.flatMap(MalformedCallVariant.init(rawValue:)).map(Fault.malformedToolCall)
        case "context_length_exceeded":
            fault = .contextLengthExceeded
        case "content_filter":
            fault = .contentFilter
        case "empty_response":
            fault = .emptyResponse
        case "no_answer":
            fault = .noAnswer(silence: milliseconds("silence_ms") ?? .milliseconds(Fault.defaultNoAnswerSilenceMs))
        default:
            fault = .deny(reason: object["reason"]?.stringValue ?? "")
        }
        if faultName == "crash", object["times"] == nil, onCalls == nil {
            // A restarted agent makes the same call again and meets the same draw.
            problems.add(pointer, "fault \"crash\" needs \"times\" or \"on_calls\": a restarted agent makes the same call again, meets the same draw and would die at it every time")
            valid = false
        }
        guard valid, let fault else { return nil }
        var plantedCall: Injection?
        if case .injection(let text, _) = fault, let call = object["call"]?.stringValue {
            if problems.checkName(call, at: pointer.appending("call"), kind: "tool", known: suite.tools.keys), let definition = suite.tools[call] {
                problems.checkArguments(object["args"] ?? .object(JSONObject()), at: pointer.appending("args"), against: definition.spec)
            }
            plantedCall = Injection(trigger: text, tool: call, arguments: object["args"] ?? .object(JSONObject()))
        } else if object["args"] != nil {
            problems.add(pointer.appending("args"), "\"args\" needs \"call\": the arguments of the call the injected text asks for")
        }
        var rule = FaultRule(
            id: object["id"]?.stringValue ?? "rules/\(index)", target: target, fault: fault, rate: object["rate"]?.numberValue ?? 1,
            onCalls: onCalls, afterCalls: object["after_calls"]?.intValue, times: object["times"]?.intValue,
            from: from.map { .milliseconds($0) }, to: to.map { .milliseconds($0) })
        rule.plantedCall = plantedCall
        return rule
    }

    private func decodeLatency(_ object: JSONObject, at pointer: JSONPointer, problems: inout FileProblems) -> LatencyDistribution? {
        guard let name = object["distribution"]?.stringValue, let fields = LatencyDistribution.fields.first(where: { $0.name == name })?.required else { return nil }
        var valid = true
        for key in fields where object[key] == nil {
            problems.add(pointer, "distribution \"\(name)\" needs \"\(key)\"")
            valid = false
        }
        for key in object.keys where LatencyDistribution.fields.contains(where: { $0.required.contains(key) }) && !fields.contains(key) {
            problems.add(pointer.appending(key), "\"\(key)\" does not apply to distribution \"\(name)\" (it takes \(fields.joined(separator: ", ")))")
            valid = false
        }
        let values = fields.compactMap { object[$0]?.intValue }
        guard values.count == fields.count else { return nil }
        if values.count == 2, values[0] > values[1] {
            problems.add(pointer.appending(fields[1]), "expected \(fields[1]) at least \(fields[0]) (\(values[0])), found \(values[1])")
            valid = false
        }
        guard valid else { return nil }
        switch name {
        case "fixed": return .fixed(.milliseconds(values[0]))
        case "uniform": return .uniform(min: .milliseconds(values[0]), max: .milliseconds(values[1]))
        default: return .longTail(median: .milliseconds(values[0]), p99: .milliseconds(values[1]))
        }
    }

    /// Globs that match at least one of `toolNames`: each name with one run of its characters
    /// (possibly empty) replaced by `*`. A mistyped glob's likely intent is among them.
    private func globs(near toolNames: [String]) -> Set<String> {
        var candidates = Set<String>()
        for name in toolNames {
            let characters = Array(name)
            for start in 0...characters.count {
                for end in start...characters.count where start > 0 || end < characters.count {
                    candidates.insert(String(characters[..<start]) + "*" + String(characters[end...]))
                }
            }
        }
        return candidates
    }

    private static func describeTarget(_ kind: String) -> String {
        kind == "tools" ? "tools" : "the \(kind)"
    }
}
