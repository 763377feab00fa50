import AgentCore

extension SuiteLoader {
    func loadTask(_ file: String, suite: Suite, problems: inout [SuiteProblem]) -> SuiteTask? {
        guard let json = readChecked(file, as: .task, problems: &problems) else { return nil }
        var found = FileProblems(file: file)
        let toolNames = suite.tools.keys

        if let world = json["world"]?.stringValue {
            _ = found.checkName(world, at: JSONPointer(tokens: ["world"]), kind: "world", known: suite.worlds.keys)
        }
        var allowList: [String] = []
        for (index, name) in (json["tools"]?.arrayValue ?? []).enumerated() {
            guard let name = name.stringValue else { continue }
            let pointer = JSONPointer(tokens: ["tools", String(index)])
            if allowList.contains(name) {
                found.add(pointer, "\"\(name)\" is listed twice")
            } else if found.checkName(name, at: pointer, kind: "tool", known: toolNames) {
                allowList.append(name)
            }
        }

        var approvals: [ApprovalRule] = []
        for (index, rule) in (json["approvals"]?.arrayValue ?? []).enumerated() {
            let pointer = JSONPointer(tokens: ["approvals", String(index)])
            guard let tool = rule["tool"]?.stringValue,
                let decision = rule["decision"]?.stringValue.flatMap(ApprovalRule.Decision.init(rawValue:))
            else { continue }
            if !allowList.contains(tool) {
                found.add(pointer.appending("tool"), "\"\(tool)\" is not in the task's allow-list (/tools), so it is never called")
            }
            if decision == .edit, rule["args"] == nil { found.add(pointer, "decision \"edit\" needs \"args\"") }
            if decision != .edit, rule["args"] != nil { found.add(pointer.appending("args"), "\"args\" applies only to decision \"edit\"") }
            if let edits = rule["args"], let definition = suite.tools[tool] {
                let found1 = Template.references(in: edits, at: pointer.appending("args"))
                for (place, expression) in found1.references {
                    found.add(place, "the reviewer's edits are literal values; \(expression) would not be rendered")
                }
                found.checkArguments(edits, at: pointer.appending("args"), against: definition.spec, partial: true)
            }
            if let match = rule["match"], let definition = suite.tools[tool] {
                found.checkArguments(match, at: pointer.appending("match"), against: definition.spec, partial: true)
            }
            if decision == .noAnswer, rule["after_ms"] != nil {
                found.add(pointer.appending("after_ms"), "\"after_ms\" needs a decision that comes (approve, deny or edit); \"no_answer\" never does")
            }
            var approval = ApprovalRule(
                tool: tool, call: rule["call"]?.intValue, decision: decision, reason: rule["reason"]?.stringValue, arguments: rule["args"], match: rule["match"])
            approval.decidesAfter = rule["after_ms"]?.intValue.map { .milliseconds($0) }
            approvals.append(approval)
        }

        var scope: [String: JSONSchema] = [:]
        for (tool, schemaJSON) in json["scope"]?.objectValue ?? JSONObject() {
            let pointer = JSONPointer(tokens: ["scope", tool])
            guard allowList.contains(tool) else {
                if suite.tools[tool] != nil {
                    found.add(pointer, "the scope names \"\(tool)\", which is not in the task's allow-list (/tools), so it never applies")
                } else {
                    _ = found.checkName(tool, at: pointer, kind: "tool", known: allowList)
                }
                continue
            }
            var schemaProblems: [SchemaViolation] = []
            let schema = JSONSchema.compile(schemaJSON, at: .root, problems: &schemaProblems)
            found.add(schemaProblems, under: pointer)
            // A misspelt property would make the scope silently never apply.
            let parameters = suite.tools[tool]?.spec.parameters.declaredProperties ?? []
            if !parameters.isEmpty {
                for name in schema.declaredProperties where !parameters.contains(name) {
                    _ = found.checkName(name, at: pointer.appending("properties").appending(name), kind: "parameter", of: tool, known: parameters)
                }
                for (index, name) in schema.requiredProperties.enumerated() where !parameters.contains(name) {
                    _ = found.checkName(name, at: pointer.appending("required").appending(index), kind: "parameter", of: tool, known: parameters)
                }
            }
            scope[tool] = schema
        }

        var bound = Set<String>()
        let steps = decodeSteps(json["policy"]?["steps"], at: JSONPointer(tokens: ["policy", "steps"]), allowList: allowList, suite: suite, bound: &bound, problems: &found)
        found.checkTemplates(json["policy"]?["answer"], at: JSONPointer(tokens: ["policy", "answer"]), bound: bound)

        // The planted call may name any tool of the suite (one outside the allow-list is what a
        // privilege-escalation task is about), and may use any name the policy binds.
        var injections: [Injection] = []
        for (index, entry) in (json["injections"]?.arrayValue ?? []).enumerated() {
            let pointer = JSONPointer(tokens: ["injections", String(index)])
            guard let trigger = entry["trigger"]?.stringValue, let call = entry["call"]?.stringValue,
                found.checkName(call, at: pointer.appending("call"), kind: "tool", known: toolNames)
            else { continue }
            let arguments = entry["args"] ?? .object(JSONObject())
            found.checkTemplates(arguments, at: pointer.appending("args"), bound: bound)
            if let definition = suite.tools[call] {
                found.checkArguments(arguments, at: pointer.appending("args"), against: definition.spec)
            }
            // A trigger the world does not hold is never read, and the threat silently vanishes.
            if let world = json["world"]?.stringValue.flatMap({ suite.worlds[$0] }),
                !world.state.strings.contains(where: { $0.lowercased().contains(trigger.lowercased()) }) {
                found.add(pointer.appending("trigger"), "the trigger \(JSONValue.string(trigger).excerpt()) appears nowhere in world \"\(world.name)\", so the model never reads it")
            }
            injections.append(Injection(trigger: trigger, tool: call, arguments: arguments))
        }

        let expectations = decodeExpectations(json["expect"], toolNames: suite.tools, problems: &found)
        var gracefulOK: [String] = []
        for (index, name) in (json["graceful_ok"]?.arrayValue ?? []).enumerated() {
            guard let name = name.stringValue else { continue }
            if found.checkName(name, at: JSONPointer(tokens: ["graceful_ok", String(index)]), kind: "fault", known: Fault.signatures.map(\.name)) {
                gracefulOK.append(name)
            }
        }
        problems += found.problems
        guard let id = json["id"]?.stringValue else { return nil }
        return SuiteTask(
            id: id, title: json["title"]?.stringValue ?? "", tags: json["tags"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            prompt: json["prompt"]?.stringValue ?? "", world: json["world"]?.stringValue ?? "", tools: allowList, approvals: approvals,
            policy: ReferencePolicy(steps: steps, answer: json["policy"]?["answer"]?.stringValue ?? ""),
            expectations: expectations, domain: "", file: file, gracefulOK: gracefulOK, scope: scope, injections: injections)
    }

    private func decodeSteps(
        _ json: JSONValue?, at pointer: JSONPointer, allowList: [String], suite: Suite, bound: inout Set<String>, problems: inout FileProblems
    ) -> [PolicyStep] {
        var steps: [PolicyStep] = []
        for (index, stepJSON) in (json?.arrayValue ?? []).enumerated() {
            let stepPointer = pointer.appending(index)
            guard let tool = stepJSON["call"]?.stringValue else { continue }
            if !allowList.contains(tool) {
                if suite.tools[tool] != nil {
                    problems.add(stepPointer.appending("call"), "the policy calls \"\(tool)\", which is not in the task's allow-list (/tools)")
                } else {
                    _ = problems.checkName(tool, at: stepPointer.appending("call"), kind: "tool", known: allowList)
                }
            }
            let arguments = stepJSON["args"] ?? .object(JSONObject())
            problems.checkTemplates(arguments, at: stepPointer.appending("args"), bound: bound)
            if let definition = suite.tools[tool] {
                problems.checkArguments(arguments, at: stepPointer.appending("args"), against: definition.spec)
            }

            var handlers: [ErrorHandler] = []
            for (handlerIndex, handlerJSON) in (stepJSON["on_error"]?.arrayValue ?? []).enumerated() {
                let handlerPointer = stepPointer.appending("on_error").appending(handlerIndex)
                let actions = ["retry", "alternative", "give_up", "escalate"].filter { handlerJSON[$0] != nil }
                guard actions.count == 1, let key = actions.first, let value = handlerJSON[key] else {
                    problems.add(handlerPointer, "a handler does exactly one of retry, alternative, give_up, escalate; found \(actions.isEmpty ? "none" : actions.joined(separator: ", "))")
                    continue
                }
                var handlerBound = bound.union(["error"])
                let action: ErrorHandler.Action
                switch key {
                case "retry":
                    action = .retry(value.intValue ?? 1)
                case "alternative":
                    // Names bound inside an alternative exist only if it ran; after the step, only
                    // the step's own binding (which receives the alternative's last result) is sure.
                    let alternative = decodeSteps(value, at: handlerPointer.appending(key), allowList: allowList, suite: suite, bound: &handlerBound, problems: &problems)
                    action = .alternative(alternative)
                case "give_up":
                    problems.checkTemplates(value, at: handlerPointer.appending(key), bound: handlerBound)
                    action = .giveUp(value.stringValue ?? "")
                default:
                    problems.checkTemplates(value, at: handlerPointer.appending(key), bound: handlerBound)
                    action = .escalate(value.stringValue ?? "")
                }
                for (position, kind) in (handlerJSON["when"]?.arrayValue ?? []).enumerated() {
                    guard let kind = kind.stringValue else { continue }
                    _ = problems.checkName(kind, at: handlerPointer.appending("when").appending(position), kind: "error kind", known: ToolError.Kind.known.map(\.rawValue))
                }
                handlers.append(ErrorHandler(kinds: handlerJSON["when"]?.arrayValue?.compactMap(\.stringValue), action: action))
            }
            var pagination: Pagination?
            if let paginate = stepJSON["paginate"], let cursor = paginate["cursor"]?.stringValue,
                let argument = paginate["argument"]?.stringValue, let collect = paginate["collect"]?.stringValue {
                let declared = suite.tools[tool]?.spec.parameters.declaredProperties ?? []
                if !declared.isEmpty, !declared.contains(argument) {
                    _ = problems.checkName(argument, at: stepPointer.appending("paginate").appending("argument"), kind: "parameter", of: tool, known: declared)
                }
                pagination = Pagination(cursor: cursor, argument: argument, collect: collect, maxPages: paginate["max_pages"]?.intValue)
            }
            let binding = stepJSON["as"]?.stringValue
            if let binding {
                if binding == "error" { problems.add(stepPointer.appending("as"), "\"error\" is reserved for the failure inside on_error handlers") }
                bound.insert(binding)
            }
            steps.append(PolicyStep(tool: tool, arguments: arguments, binding: binding, errorHandlers: handlers, pagination: pagination))
        }
        return steps
    }

    private func decodeExpectations(_ json: JSONValue?, toolNames: [String: ToolDefinition], problems: inout FileProblems) -> Expectations {
        var expectations = Expectations()
        let base = JSONPointer(tokens: ["expect"])
        func exactlyOne(_ keys: [String], in entry: JSONValue, at pointer: JSONPointer) -> String? {
            let present = keys.filter { entry[$0] != nil }
            guard present.count == 1 else {
                problems.add(pointer, "expected exactly one of \(keys.joined(separator: ", ")); found \(present.isEmpty ? "none" : present.joined(separator: ", "))")
                return nil
            }
            return present[0]
        }

        for (index, entry) in (json?["world"]?.arrayValue ?? []).enumerated() {
            let pointer = base.appending("world").appending(index)
            guard let pathText = entry["path"]?.stringValue, let path = JSONPointer(pathText),
                let key = exactlyOne(["equals", "subset", "exists", "absent", "length"], in: entry, at: pointer)
            else { continue }
            let test: WorldExpectation.Test
            switch key {
            case "equals": test = .equals(entry["equals"]!)
            case "subset": test = .subset(entry["subset"]!)
            case "exists": test = .exists
            case "absent": test = .absent
            default: test = .length(entry["length"]?.intValue ?? 0)
            }
            expectations.world.append(WorldExpectation(path: path, test: test, safety: entry["safety"]?.boolValue ?? false))
        }

        for (index, entry) in (json?["answer"]?.arrayValue ?? []).enumerated() {
            let pointer = base.appending("answer").appending(index)
            guard let key = exactlyOne(["contains", "not_contains", "equals", "regex"], in: entry, at: pointer),
                let text = entry[key]?.stringValue
            else { continue }
            let test: AnswerExpectation.Test
            switch key {
            case "contains": test = .contains(text)
            case "not_contains": test = .notContains(text)
            case "equals": test = .equals(text)
            default:
                do {
                    _ = try Regex(text)
                } catch {
                    problems.add(pointer.appending("regex"), "invalid regular expression \(JSONValue.string(text).excerpt()): \(error)")
                    continue
                }
                test = .regex(text)
            }
            expectations.answer.append(AnswerExpectation(test: test, ignoreCase: entry["ignore_case"]?.boolValue ?? false))
        }

        for (index, entry) in (json?["tool_calls"]?.arrayValue ?? []).enumerated() {
            let pointer = base.appending("tool_calls").appending(index)
            if let order = entry["order"]?.arrayValue {
                if entry["tool"] != nil || entry["min"] != nil || entry["max"] != nil || entry["never"] != nil {
                    problems.add(pointer, "\"order\" stands alone; put tool, min, max and never in entries of their own")
                    continue
                }
                var names: [String] = []
                for (position, name) in order.enumerated() {
                    guard let name = name.stringValue else { continue }
                    if problems.checkName(name, at: pointer.appending("order").appending(position), kind: "tool", known: toolNames.keys) { names.append(name) }
                }
                expectations.toolCalls.append(.order(names))
                continue
            }
            guard let tool = entry["tool"]?.stringValue else {
                problems.add(pointer, "expected \"tool\" (with min, max or never) or \"order\"")
                continue
            }
            guard problems.checkName(tool, at: pointer.appending("tool"), kind: "tool", known: toolNames.keys) else { continue }
            let minimum = entry["min"]?.intValue, maximum = entry["max"]?.intValue
            if entry["never"] != nil {
                if minimum != nil || maximum != nil { problems.add(pointer, "\"never\" cannot be combined with min or max") }
                expectations.toolCalls.append(.never(tool: tool))
            } else if minimum == nil && maximum == nil {
                problems.add(pointer, "expected \"min\", \"max\" or \"never\" for \"\(tool)\"")
            } else if let minimum, let maximum, minimum > maximum {
                problems.add(pointer, "min \(minimum) is greater than max \(maximum)")
            } else {
                expectations.toolCalls.append(.count(tool: tool, min: minimum, max: maximum))
            }
        }

        if let path = json?["path"] {
            var keys: [String: [String]] = [:]
            for (tool, names) in path["keys"]?.objectValue ?? JSONObject() {
                let toolPointer = base.appending("path").appending("keys").appending(tool)
                if problems.checkName(tool, at: toolPointer, kind: "tool", known: toolNames.keys) {
                    let argumentNames = names.arrayValue?.compactMap(\.stringValue) ?? []
                    let declared = toolNames[tool]?.spec.parameters.declaredProperties ?? []
                    for (position, name) in argumentNames.enumerated() where !declared.isEmpty {
                        _ = problems.checkName(name, at: toolPointer.appending(position), kind: "parameter", of: tool, known: declared)
                    }
                    keys[tool] = argumentNames
                }
            }
            expectations.path = PathExpectation(
                mode: path["mode"]?.stringValue.flatMap(PathExpectation.Mode.init(rawValue:)) ?? .inOrder,
                arguments: path["args"]?.stringValue.flatMap(PathExpectation.ArgumentMatch.init(rawValue:)) ?? .exact,
                keys: keys)
        }

        if let budget = json?["budget"] {
            expectations.budget = BudgetExpectation(
                maxSteps: budget["max_steps"]?.intValue, maxToolCalls: budget["max_tool_calls"]?.intValue,
                maxTokens: budget["max_tokens"]?.intValue, maxDurationMs: budget["max_duration_ms"]?.intValue)
        }
        return expectations
    }
}
