import AgentCore
import Gauntlet

/// Splits a command's arguments into options and positional values, strictly: an unknown option,
/// a missing value or a repeated single option is a usage error, never ignored.
struct ArgumentScanner {
    /// An option the command accepts.
    struct Option {
        var name: String
        var takesValue: Bool
        var repeatable = false
    }

    private(set) var values: [String: [String]] = [:]
    private(set) var flags: Set<String> = []
    private(set) var positionals: [String] = []

    init(_ arguments: [String], options: [Option], command: String) throws(UsageError) {
        let byName = Dictionary(uniqueKeysWithValues: options.map { ($0.name, $0) })
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionals.append(argument)
                continue
            }
            if argument == "--" {
                onlyPositionals = true
                continue
            }
            var name = argument
            var inlineValue: String?
            if let equals = argument.firstIndex(of: "=") {
                name = String(argument[..<equals])
                inlineValue = String(argument[argument.index(after: equals)...])
            }
            guard let option = byName[name] else {
                let suggestion = Spelling.closest(to: name, among: byName.keys).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError("unknown option '\(name)' for '\(command)'\(suggestion)", command: command)
            }
            if !option.takesValue {
                if inlineValue != nil { throw UsageError("option '\(name)' takes no value", command: command) }
                flags.insert(name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard index < arguments.count, !arguments[index].hasPrefix("--") else {
                    throw UsageError("option '\(name)' needs a value", command: command)
                }
                value = arguments[index]
                index += 1
            }
            if !option.repeatable, values[name] != nil {
                throw UsageError("option '\(name)' is given more than once", command: command)
            }
            values[name, default: []].append(value)
        }
        self.command = command
    }

    private var command = ""

    func string(_ name: String) -> String? {
        values[name]?.last
    }

    func strings(_ name: String) -> [String] {
        values[name] ?? []
    }

    func flag(_ name: String) -> Bool {
        flags.contains(name)
    }

    func integer(_ name: String, in range: ClosedRange<Int>) throws(UsageError) -> Int? {
        guard let text = string(name) else { return nil }
        guard let value = Int(text), range.contains(value) else {
            throw UsageError("option '\(name)' expects an integer from \(range.lowerBound) to \(range.upperBound), found '\(text)'", command: command)
        }
        return value
    }

    func number(_ name: String, in range: ClosedRange<Double>) throws(UsageError) -> Double? {
        guard let text = string(name) else { return nil }
        guard let value = Double(text), value.isFinite, range.contains(value) else {
            throw UsageError("option '\(name)' expects a number from \(range.lowerBound) to \(range.upperBound), found '\(text)'", command: command)
        }
        return value
    }
}

/// A mistake in how the command was called (exit code 2).
struct UsageError: Error {
    var message: String
    var command: String?

    init(_ message: String, command: String? = nil) {
        self.message = message
        self.command = command
    }
}
