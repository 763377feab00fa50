import AgentCore

/// Runs a tool's effect steps against world state (see `Suites/README.md`, "Tool catalogs").
struct EffectInterpreter {
    let tool: String

    /// Runs `steps` on `state` with `args` bound, and renders `result`.
    func run(_ steps: [EffectStep], result: JSONValue?, arguments: JSONValue, on state: inout JSONValue) throws(ToolError) -> JSONValue {
        var bindings = Bindings(["args": arguments])
        for step in steps {
            if let value = try perform(step, bindings: bindings, state: &state), let name = step.binding {
                bindings[name] = value
            }
        }
        guard let result else { return ["ok": true] }
        return try render(result, bindings)
    }

    private func perform(_ step: EffectStep, bindings: Bindings, state: inout JSONValue) throws(ToolError) -> JSONValue? {
        let pointer = try step.path.map { text throws(ToolError) in try resolvePointer(text, bindings) }
        func notFound(_ pointer: JSONPointer) throws(ToolError) -> ToolError {
            if let message = step.message { return ToolError(.notFound, try renderText(message, bindings)) }
            return ToolError(.notFound, "Nothing found at \(pointer).")
        }
        switch step.operation {
        case .get:
            guard let pointer, let value = state[pointer: pointer] else { throw try notFound(pointer ?? .root) }
            return value
        case .find:
            guard let pointer, let container = state[pointer: pointer] else { throw try notFound(pointer ?? .root) }
            return .array(try matches(in: container, step, bindings, limit: step.limit))
        case .page:
            guard let pointer, let container = state[pointer: pointer] else { throw try notFound(pointer ?? .root) }
            return try page(of: try matches(in: container, step, bindings, limit: nil), step, bindings)
        case .insert:
            guard let pointer, state[pointer: pointer]?.objectValue != nil else { throw try notFound(pointer ?? .root) }
            let value = try render(step.value ?? .null, bindings)
            let key = try step.key.map { text throws(ToolError) in Template.interpolation(of: try render(.string(text), bindings)) }
                ?? value["id"].map(Template.interpolation(of:))
            guard let key else { throw ToolError(.invalid, "\(tool): the new record has no id.") }
            guard state[pointer: pointer.appending(key)] == nil else { throw ToolError(.conflict, "\(key) already exists.") }
            state.set(value, at: pointer.appending(key))
            return value
        case .append:
            guard let pointer, state[pointer: pointer]?.arrayValue != nil else { throw try notFound(pointer ?? .root) }
            let value = try render(step.value ?? .null, bindings)
            state.set(value, at: pointer.appending("-"))
            return value
        case .update:
            guard let pointer, var record = state[pointer: pointer]?.objectValue else { throw try notFound(pointer ?? .root) }
            let fields = try render(.object(step.fields ?? JSONObject()), bindings).objectValue ?? JSONObject()
            for (key, value) in fields { record[key] = value }
            state.set(.object(record), at: pointer)
            return .object(record)
        case .set:
            guard let pointer else { throw ToolError(.internal, "\(tool): set has no path.") }
            let value = try render(step.value ?? .null, bindings)
            guard state.set(value, at: pointer) else { throw try notFound(pointer.parent ?? .root) }
            return nil
        case .delete:
            guard let pointer, let removed = state.remove(at: pointer) else { throw try notFound(pointer ?? .root) }
            return removed
        case .require:
            // Only `exists` may meet a value that does not resolve; for any other condition that
            // is a mistake in the catalog, reported as an internal error, not the author's error.
            let value: JSONValue?
            if case .exists? = step.condition {
                value = try? Template.render(step.value ?? .null, with: bindings)
            } else {
                value = try render(step.value ?? .null, bindings)
            }
            guard let condition = step.condition, try holds(condition, value, bindings) else {
                let kind = ToolError.Kind(rawValue: step.errorKind ?? "invalid")
                throw ToolError(kind, try renderText(step.message ?? "A precondition failed.", bindings))
            }
            return nil
        }
    }

    /// The members of an object (in key order) or the items of an array that pass the step's
    /// `where` and `contains` filters.
    private func matches(in container: JSONValue, _ step: EffectStep, _ bindings: Bindings, limit: Int?) throws(ToolError) -> [JSONValue] {
        let members: [JSONValue] = container.objectValue.map { $0.map(\.value) } ?? container.arrayValue ?? []
        let filter = try step.filter.map { object throws(ToolError) in try render(.object(object), bindings).objectValue ?? JSONObject() }
        let contains = try step.contains.map { object throws(ToolError) in try render(.object(object), bindings).objectValue ?? JSONObject() }
        var matches: [JSONValue] = []
        for member in members {
            if let filter, !filter.allSatisfy({ member[$0.key] == $0.value }) { continue }
            if let contains, !contains.allSatisfy({ field in
                guard let haystack = member[field.key].map(Template.interpolation(of:)) else { return false }
                return haystack.lowercased().contains(Template.interpolation(of: field.value).lowercased())
            }) { continue }
            matches.append(member)
            if let limit, matches.count >= limit { break }
        }
        return matches
    }

    /// One page of `items` at the step's cursor: `{"items": [...], "next_cursor": "10"}`, with a
    /// `null` cursor on the last page (never, for an endless listing).
    private func page(of items: [JSONValue], _ step: EffectStep, _ bindings: Bindings) throws(ToolError) -> JSONValue {
        let size = min(max(1, step.pageSize ?? 10), Self.maximumOffset)
        // An argument the caller left out is the first page, as with real cursor APIs.
        let cursorValue = step.cursor.flatMap { try? Template.render(.string($0), with: bindings) }
        let cursorText = cursorValue == .null ? "" : cursorValue.map(Template.interpolation(of:)) ?? ""
        // Offsets are bounded so that no cursor a caller makes up can overflow the next one.
        guard let offset = cursorText.isEmpty ? 0 : Int(cursorText), (0...Self.maximumOffset).contains(offset) else {
            throw ToolError(.invalid, "\(tool): \(JSONValue.string(cursorText).excerpt()) is not a cursor this listing gave out.")
        }
        if step.endless {
            let start = items.isEmpty ? 0 : offset % items.count
            let slice = items.isEmpty ? [] : Array(items[start..<min(start + size, items.count)])
            return ["items": .array(slice), "next_cursor": .string(String(offset + size))]
        }
        guard offset <= items.count else {
            throw ToolError(.invalid, "\(tool): the cursor \(offset) is past the end of the listing (\(items.count) items).")
        }
        let end = min(offset + size, items.count)
        return ["items": .array(Array(items[offset..<end])), "next_cursor": end < items.count ? .string(String(end)) : .null]
    }

    /// The largest offset a page cursor may hold.
    static let maximumOffset = 1_000_000_000

    private func holds(_ condition: EffectStep.Condition, _ value: JSONValue?, _ bindings: Bindings) throws(ToolError) -> Bool {
        switch condition {
        case .exists(let expected):
            return (value != nil && value != .null) == expected
        case .equals(let expected):
            return try value == render(expected, bindings)
        case .notEquals(let expected):
            return try value != render(expected, bindings)
        case .isIn(let options):
            guard let value else { return false }
            for option in options where try render(option, bindings) == value { return true }
            return false
        case .notIn(let options):
            guard let value else { return true }
            for option in options where try render(option, bindings) == value { return false }
            return true
        case .min(let bound):
            guard let number = value?.numberValue, let limit = try render(bound, bindings).numberValue else { return false }
            return number >= limit
        case .max(let bound):
            guard let number = value?.numberValue, let limit = try render(bound, bindings).numberValue else { return false }
            return number <= limit
        }
    }

    private func resolvePointer(_ text: String, _ bindings: Bindings) throws(ToolError) -> JSONPointer {
        guard let pointer = JSONPointer(text) else { throw ToolError(.internal, "\(tool): \"\(text)\" is not a JSON Pointer.") }
        guard text.contains("${") else { return pointer }
        // Substitute token by token, after unescaping, so that a value containing "/" stays one
        // key and cannot reach another record.
        var tokens: [String] = []
        for token in pointer.tokens {
            tokens.append(Template.interpolation(of: try render(.string(token), bindings)))
        }
        return JSONPointer(tokens: tokens)
    }

    private func render(_ template: JSONValue, _ bindings: Bindings) throws(ToolError) -> JSONValue {
        do {
            return try Template.render(template, with: bindings)
        } catch {
            throw ToolError(.internal, "\(tool): \(error)")
        }
    }

    private func renderText(_ template: String, _ bindings: Bindings) throws(ToolError) -> String {
        Template.interpolation(of: try render(.string(template), bindings))
    }
}
