import AgentCore
import Foundation

extension SuiteLoader {
    func loadCatalog(_ file: String, problems: inout [SuiteProblem]) -> ToolCatalog? {
        guard let json = readChecked(file, as: .tools, problems: &problems) else { return nil }
        var found = FileProblems(file: file)
        var tools: [ToolDefinition] = []
        var names = Set<String>()
        for (index, entry) in (json["tools"]?.arrayValue ?? []).enumerated() {
            let pointer = JSONPointer(tokens: ["tools", String(index)])
            guard let tool = decodeTool(entry, at: pointer, problems: &found) else { continue }
            if !names.insert(tool.spec.name).inserted {
                found.add(pointer.appending("name"), "duplicate tool name \"\(tool.spec.name)\" in this catalog")
                continue
            }
            tools.append(tool)
        }
        problems += found.problems
        return ToolCatalog(domain: json["domain"]?.stringValue ?? "", description: json["description"]?.stringValue ?? "", tools: tools, file: file)
    }

    private func decodeTool(_ entry: JSONValue, at pointer: JSONPointer, problems: inout FileProblems) -> ToolDefinition? {
        guard let name = entry["name"]?.stringValue else { return nil }
        var schemaProblems: [SchemaViolation] = []
        let parameters = JSONSchema.compile(entry["parameters"] ?? .object(JSONObject()), at: .root, problems: &schemaProblems)
        problems.add(schemaProblems, under: pointer.appending("parameters"))
        if let type = entry["parameters"]?["type"], type != .string("object") {
            problems.add(pointer.appending("parameters").appending("type"), "tool parameters must be an object schema, found \(type.excerpt())")
        }
        var resultSchema: JSONSchema?
        if let source = entry["result_schema"] {
            schemaProblems = []
            resultSchema = JSONSchema.compile(source, at: .root, problems: &schemaProblems)
            problems.add(schemaProblems, under: pointer.appending("result_schema"))
        }
        let risk = entry["risk"]?.stringValue.flatMap(ToolRisk.init(rawValue:)) ?? .read
        let spec = ToolSpec(
            name: name, description: entry["description"]?.stringValue ?? "", parameters: parameters, result: resultSchema,
            risk: risk, idempotent: entry["idempotent"]?.boolValue, needsApproval: entry["needs_approval"]?.boolValue ?? false,
            isExternal: entry["external"]?.boolValue ?? false, sensitiveFields: Set(entry["sensitive_fields"]?.arrayValue?.compactMap(\.stringValue) ?? []))

        var bound: Set<String> = ["args"]
        let parameterNames = spec.parameters.declaredProperties
        func checkArgumentReferences(_ value: JSONValue?, at place: JSONPointer) {
            guard let value, !parameterNames.isEmpty || !spec.parameters.allowsAdditionalProperties else { return }
            for (where_, expression) in Template.references(in: value, at: place).references where expression.name == "args" {
                guard let parameter = expression.path.first else { continue }
                if !parameterNames.contains(parameter) {
                    let suggestion = Spelling.closest(to: parameter, among: parameterNames).map { " (did you mean \"\($0)\"?)" } ?? ""
                    problems.add(where_, "\(expression) names \"\(parameter)\", which is not a parameter of \"\(name)\"\(suggestion)")
                }
            }
        }
        var steps: [EffectStep] = []
        for (index, stepJSON) in (entry["effect"]?.arrayValue ?? []).enumerated() {
            let stepPointer = pointer.appending("effect").appending(index)
            for (key, value) in stepJSON.objectValue ?? JSONObject() { checkArgumentReferences(value, at: stepPointer.appending(key)) }
            if let step = decodeEffectStep(stepJSON, at: stepPointer, bound: bound, problems: &problems) {
                steps.append(step)
                if let binding = step.binding {
                    if bound.contains(binding) { problems.add(stepPointer.appending("as"), "\"\(binding)\" is already bound; choose another name") }
                    bound.insert(binding)
                }
            }
        }
        problems.checkTemplates(entry["result"], at: pointer.appending("result"), bound: bound)
        checkArgumentReferences(entry["result"], at: pointer.appending("result"))
        return ToolDefinition(spec: spec, latency: .milliseconds(entry["latency_ms"]?.intValue ?? 0), effect: steps, result: entry["result"])
    }

    private func decodeEffectStep(_ json: JSONValue, at pointer: JSONPointer, bound: Set<String>, problems: inout FileProblems) -> EffectStep? {
        guard let object = json.objectValue, let operation = json["op"]?.stringValue.flatMap(EffectStep.Operation.init(rawValue:)) else { return nil }
        let (required, optional) = EffectStep.fields(for: operation)
        for key in required where object[key] == nil {
            problems.add(pointer, "op \"\(operation.rawValue)\" needs \"\(key)\"")
        }
        let allowed = Set(["op"] + required + optional)
        for key in object.keys where !allowed.contains(key) {
            problems.add(pointer.appending(key), "\"\(key)\" does not apply to op \"\(operation.rawValue)\" (it takes \((required + optional).joined(separator: ", ")))")
        }
        var condition: EffectStep.Condition?
        if operation == .require {
            let present = EffectStep.conditionKeys.filter { object[$0] != nil }
            if present.count != 1 {
                problems.add(pointer, "op \"require\" needs exactly one condition of \(EffectStep.conditionKeys.joined(separator: ", ")), found \(present.isEmpty ? "none" : present.joined(separator: ", "))")
            }
            if let key = present.first, let value = object[key] {
                switch key {
                case "equals": condition = .equals(value)
                case "not_equals": condition = .notEquals(value)
                case "in": condition = .isIn(value.arrayValue ?? [])
                case "not_in": condition = .notIn(value.arrayValue ?? [])
                case "exists": condition = .exists(value.boolValue ?? true)
                case "min", "max":
                    if let text = value.stringValue, !text.contains("${") {
                        problems.add(pointer.appending(key), "expected a number or a template such as \"${order.total}\", found \(value.excerpt())")
                    }
                    condition = key == "min" ? .min(value) : .max(value)
                default: break
                }
            }
        }
        // A page's cursor is not checked here: it may name an argument the caller leaves out.
        for key in ["path", "value", "key", "where", "contains", "set", "message"] + EffectStep.conditionKeys {
            problems.checkTemplates(object[key], at: pointer.appending(key), bound: bound)
        }
        return EffectStep(
            operation: operation, path: object["path"]?.stringValue, binding: object["as"]?.stringValue,
            filter: object["where"]?.objectValue, contains: object["contains"]?.objectValue, limit: object["limit"]?.intValue,
            key: object["key"]?.stringValue, value: object["value"],
            fields: object["set"]?.objectValue, message: object["message"]?.stringValue, condition: condition,
            errorKind: object["error"]?.stringValue, cursor: object["cursor"]?.stringValue, pageSize: object["size"]?.intValue,
            endless: object["endless"]?.boolValue ?? false)
    }

    func loadWorld(_ file: String, problems: inout [SuiteProblem]) -> WorldFixture? {
        guard let json = readChecked(file, as: .world, problems: &problems) else { return nil }
        let name = fixtureName(of: file)
        var found = FileProblems(file: file)
        let state = json["state"] ?? .object(JSONObject())
        let canaries = json["canaries"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let stateText = state.strings
        for (index, canary) in canaries.enumerated() where !stateText.contains(where: { $0.contains(canary) }) {
            found.add(JSONPointer(tokens: ["canaries", String(index)]), "the canary \(JSONValue.string(canary).excerpt()) appears nowhere in the state, so no tool can ever leak it")
        }
        problems += found.problems
        return WorldFixture(name: name, description: json["description"]?.stringValue ?? "", state: state, file: file, canaries: canaries)
    }

    func loadAgent(_ file: String, suite: Suite? = nil, problems: inout [SuiteProblem]) -> AgentVersion? {
        guard let json = readChecked(file, as: .agent, problems: &problems) else { return nil }
        let budgets = json["budgets"]
        let bytes = [UInt8](FileManager.default.contents(atPath: file) ?? Data())
        var found = FileProblems(file: file)
        let resilience = decodeResilience(json["resilience"], tools: suite?.tools, problems: &found)
        let model = json["model"]?["kind"]?.stringValue.flatMap(AgentVersion.ModelKind.init(rawValue:)) ?? .scripted
        var mistakes = ModelMistakes()
        for mistake in ModelMistake.allCases {
            if let probability = json["model"]?["mistakes"]?[mistake.rawValue]?.numberValue { mistakes[mistake] = probability }
        }
        if model == .scripted {
            for key in ["mistakes", "gullibility", "self_retries"] where json["model"]?[key] != nil {
                found.add(JSONPointer(tokens: ["model", key]), "\"\(key)\" applies only to kind \"simulated\"; the scripted model plays the policy exactly")
            }
        }
        problems += found.problems
        var agent = AgentVersion(
            label: json["label"]?.stringValue ?? "", description: json["description"]?.stringValue ?? "",
            model: model,
            systemPrompt: json["system_prompt"]?.stringValue ?? "",
            budgets: Budgets(
                maxSteps: budgets?["max_steps"]?.intValue, maxToolCalls: budgets?["max_tool_calls"]?.intValue,
                maxTokens: budgets?["max_tokens"]?.intValue, maxDuration: budgets?["max_duration_ms"]?.intValue.map { .milliseconds($0) },
                maxCallsPerTool: budgets?["max_calls_per_tool"]?.intValue),
            approval: json["approval"]?.stringValue.flatMap(ApprovalPolicy.init(rawValue:)) ?? .perTool,
            enforcesAllowList: json["allow_list"]?.stringValue != "off", dryRun: json["dry_run"]?.boolValue ?? false,
            file: file, sha256: SHA256.hex(of: bytes), resilience: resilience)
        agent.mistakes = mistakes
        agent.gullibility = json["model"]?["gullibility"]?.numberValue ?? 0
        agent.selfRetries = json["model"]?["self_retries"]?.intValue ?? 0
        agent.enforcesScope = json["scope"]?.stringValue != "off"
        agent.usesEgressGuard = json["egress_guard"]?.boolValue ?? true
        agent.checkpoints = json["checkpoints"]?.boolValue ?? false
        agent.trapIn = json["model"]?["trap_in"]?.arrayValue?.compactMap(\.stringValue) ?? []
        agent.spinIn = json["model"]?["spin_in"]?.arrayValue?.compactMap(\.stringValue) ?? []
        return agent
    }

    /// The `resilience` block; absent parts keep their (off) defaults.
    private func decodeResilience(_ json: JSONValue?, tools: [String: ToolDefinition]?, problems: inout FileProblems) -> ResilienceConfiguration {
        var resilience = ResilienceConfiguration()
        guard let json else { return resilience }
        func milliseconds(_ value: JSONValue?) -> Duration? { value?.intValue.map { .milliseconds($0) } }
        if let retry = json["retry"] {
            var policy = RetryPolicy()
            if let attempts = retry["max_attempts"]?.intValue { policy.maxAttempts = attempts }
            if let delay = milliseconds(retry["initial_delay_ms"]) { policy.initialDelay = delay }
            if let multiplier = retry["multiplier"]?.numberValue { policy.multiplier = multiplier }
            if let delay = milliseconds(retry["max_delay_ms"]) { policy.maxDelay = delay }
            if let jitter = retry["jitter"]?.stringValue.flatMap(RetryPolicy.Jitter.init(rawValue:)) { policy.jitter = jitter }
            if let delay = milliseconds(retry["max_retry_after_ms"]) { policy.maxRetryAfter = delay }
            resilience.retry = policy
        }
        if let breaker = json["breaker"] {
            let defaults = CircuitBreaker.Configuration()
            resilience.breaker = CircuitBreaker.Configuration(
                failureRateThreshold: breaker["failure_rate"]?.numberValue ?? defaults.failureRateThreshold,
                windowSize: breaker["window"]?.intValue ?? defaults.windowSize,
                minimumCalls: breaker["minimum_calls"]?.intValue ?? defaults.minimumCalls,
                openDuration: milliseconds(breaker["open_ms"]) ?? defaults.openDuration,
                halfOpenProbes: breaker["half_open_probes"]?.intValue ?? defaults.halfOpenProbes,
                probeTimeout: milliseconds(breaker["probe_timeout_ms"]))
        }
        resilience.toolTimeout = milliseconds(json["timeouts"]?["tool_ms"])
        resilience.modelTimeout = milliseconds(json["timeouts"]?["model_ms"])
        resilience.approvalTimeout = milliseconds(json["timeouts"]?["approval_ms"])
        let base = JSONPointer(tokens: ["resilience", "fallback_tools"])
        for (tool, fallback) in json["fallback_tools"]?.objectValue ?? JSONObject() {
            guard let fallback = fallback.stringValue else { continue }
            if let tools {
                guard problems.checkName(tool, at: base.appending(tool), kind: "tool", known: tools.keys),
                    problems.checkName(fallback, at: base.appending(tool), kind: "tool", known: tools.keys)
                else { continue }
            }
            if fallback == tool { problems.add(base.appending(tool), "a tool cannot be its own fallback") }
            // The fallback gets the same arguments, so it must accept every one the tool takes.
            if let original = tools?[tool]?.spec.parameters, let replacement = tools?[fallback]?.spec.parameters {
                let accepted = Set(replacement.declaredProperties)
                let refused = replacement.allowsAdditionalProperties ? [] : original.declaredProperties.filter { !accepted.contains($0) }
                let missing = replacement.requiredProperties.filter { !original.declaredProperties.contains($0) }
                if !refused.isEmpty || !missing.isEmpty {
                    let reasons = (refused.map { "does not accept \"\($0)\"" } + missing.map { "needs \"\($0)\", which \"\(tool)\" does not take" }).joined(separator: ", ")
                    problems.add(base.appending(tool), "\"\(fallback)\" cannot take the arguments of \"\(tool)\": it \(reasons)")
                }
            }
            resilience.fallbackTools[tool] = fallback
        }
        resilience.validateResults = json["validate_results"]?.boolValue ?? false
        resilience.trimContextOnOverflow = json["trim_context"]?.boolValue ?? false
        resilience.idempotencyKeys = json["idempotency_keys"]?.boolValue ?? false
        return resilience
    }
}
