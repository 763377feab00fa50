import AgentCore

/// Collects the problems of one file while it is decoded and checked.
struct FileProblems {
    let file: String
    private(set) var problems: [SuiteProblem] = []

    init(file: String) {
        self.file = file
    }

    mutating func add(_ pointer: JSONPointer, _ message: String) {
        problems.append(SuiteProblem(file: file, pointer: pointer, message: message))
    }

    mutating func add(_ violations: [SchemaViolation], under base: JSONPointer = .root) {
        for violation in violations {
            add(JSONPointer(tokens: base.tokens + violation.pointer.tokens), violation.message)
        }
    }

    /// Reports references to names not in `bound`, and malformed `${…}`.
    mutating func checkTemplates(_ value: JSONValue?, at pointer: JSONPointer, bound: Set<String>) {
        guard let value else { return }
        let found = Template.references(in: value, at: pointer)
        for place in found.malformed {
            add(place, "a template has an unclosed or empty ${…}")
        }
        for (place, expression) in found.references where !bound.contains(expression.name) {
            let known = bound.isEmpty ? "nothing is bound here" : "bound here: \(bound.sorted().joined(separator: ", "))"
            add(place, "\(expression) refers to \"\(expression.name)\", which nothing earlier binds (\(known))")
        }
    }

    /// Checks arguments written in a suite file against a tool's parameter schema. Values that are
    /// templates are only known at run time, so violations at or under them are not reported.
    /// `partial` arguments (a reviewer's edits) are merged over others, so missing keys are fine.
    mutating func checkArguments(_ arguments: JSONValue, at pointer: JSONPointer, against spec: ToolSpec, partial: Bool = false) {
        let templated = Template.references(in: arguments).references.map(\.0)
        for violation in spec.parameters.validate(arguments) {
            if templated.contains(where: { violation.pointer.tokens.starts(with: $0.tokens) }) { continue }
            if partial, violation.message.hasPrefix("missing required key") { continue }
            add(JSONPointer(tokens: pointer.tokens + violation.pointer.tokens), "arguments of \"\(spec.name)\": \(violation.message)")
        }
    }

    /// Reports `name` unless it is one of `known`, suggesting the likely intended one.
    mutating func checkName(_ name: String, at pointer: JSONPointer, kind: String, of owner: String? = nil, known: some Collection<String>) -> Bool {
        if known.contains(name) { return true }
        let suggestion = Spelling.closest(to: name, among: known).map { " (did you mean \"\($0)\"?)" } ?? ""
        add(pointer, "unknown \(kind) \"\(name)\"\(owner.map { " of \"\($0)\"" } ?? "")\(suggestion)")
        return false
    }
}
