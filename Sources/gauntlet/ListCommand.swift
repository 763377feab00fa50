import AgentCore
import Foundation
import Gauntlet

/// `gauntlet list`: the suite's tasks, or its coverage table.
enum ListCommand {
    static func execute(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: [
            .init(name: "--root", takesValue: true), .init(name: "--coverage", takesValue: false),
            .init(name: "--update", takesValue: true), .init(name: "--help", takesValue: false),
        ], command: "list")
        if scanner.flag("--help") {
            Console.out(Usage.list)
            return .success
        }
        let update = scanner.string("--update")
        if update != nil && !scanner.flag("--coverage") { throw UsageError("--update needs --coverage", command: "list") }
        let loaded = SuiteLoader(root: scanner.string("--root") ?? ".").load(taskPaths: scanner.positionals)
        guard loaded.problems.isEmpty else {
            Console.error(loaded.problems.map(\.description).joined(separator: "\n") + "\n")
            Console.error("gauntlet: error: the suite has \(loaded.problems.count) problem\(loaded.problems.count == 1 ? "" : "s"); run 'gauntlet validate' for the details.\n")
            return .inputError
        }
        let tasks = loaded.suite.tasks
        guard scanner.flag("--coverage") else {
            Console.out(TaskListing.text(tasks))
            return .success
        }
        let table = CoverageTable(tasks: tasks)
        guard let update else {
            Console.out(table.markdown + "\n" + CoverageTable.legend)
            return .success
        }
        guard let document = try? String(contentsOfFile: update, encoding: .utf8) else {
            Console.error("gauntlet: error: \(update): cannot read the file\n")
            return .inputError
        }
        guard let updated = table.replacingSection(in: document) else {
            let found = switch (document.contains(CoverageTable.startMarker), document.contains(CoverageTable.endMarker)) {
            case (true, true): "both, in the wrong order"
            case (true, false): "the start marker only"
            case (false, true): "the end marker only"
            case (false, false): "neither"
            }
            Console.error("gauntlet: error: \(update): expected the markers \(CoverageTable.startMarker) and \(CoverageTable.endMarker), in that order; found \(found)\n")
            return .inputError
        }
        if updated == document {
            Console.out("\(update): coverage table already up to date\n")
            return .success
        }
        do throws(FileWriteError) {
            try AtomicFile.write(updated, to: update)
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
        Console.out("\(update): coverage table updated\n")
        return .success
    }
}
