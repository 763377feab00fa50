import AgentCore
import Gauntlet

/// `gauntlet schema`: writes the suite files' JSON Schemas.
enum SchemaCommand {
    static func execute(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: [.init(name: "--out", takesValue: true), .init(name: "--help", takesValue: false)], command: "schema")
        if scanner.flag("--help") {
            Console.out(Usage.schema)
            return .success
        }
        guard scanner.positionals.isEmpty else { throw UsageError("unexpected argument '\(scanner.positionals[0])'", command: "schema") }
        let folder = scanner.string("--out") ?? "Suites/schema"
        do throws(FileWriteError) {
            for path in try SuiteSchemaFiles.write(to: folder) { Console.out("wrote \(path)\n") }
            return .success
        } catch {
            Console.error("gauntlet: error: \(error)\n")
            return .inputError
        }
    }
}
