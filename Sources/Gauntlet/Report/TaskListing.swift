/// The suite's tasks as a plain-text list: id, domain, failure modes and other tags.
public enum TaskListing {
    public static func text(_ tasks: [SuiteTask]) -> String {
        let width = tasks.map(\.id.count).max() ?? 0
        var lines: [String] = []
        for task in tasks {
            let modes = task.tags.filter { FailureMode(rawValue: $0) != nil }
            let others = task.tags.filter { FailureMode(rawValue: $0) == nil }
            let padding = String(repeating: " ", count: width - task.id.count)
            var line = "\(task.id)\(padding)  \(modes.isEmpty ? "-" : modes.joined(separator: ","))"
            if !others.isEmpty { line += "  (\(others.joined(separator: ", ")))" }
            lines.append(line)
        }
        let domains = Set(tasks.map(\.domain)).count
        lines.append("\(tasks.count) task\(tasks.count == 1 ? "" : "s") in \(domains) domain\(domains == 1 ? "" : "s")")
        return lines.joined(separator: "\n") + "\n"
    }
}
