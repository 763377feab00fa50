import Foundation
import AgentCore
import Gauntlet

/// The entry point: picks the command, runs it, and turns its result into an exit code.
@main
enum GauntletCLI {
    static func main() async {
        let code = await run(Array(CommandLine.arguments.dropFirst()))
        exit(code.rawValue)
    }

    static func run(_ arguments: [String]) async -> ExitCode {
        guard let command = arguments.first else {
            Console.out(Usage.overview)
            return .inputError
        }
        let rest = Array(arguments.dropFirst())
        do throws(UsageError) {
            switch command {
            case "run": return try await RunCommand.execute(rest)
            case "validate": return try ValidateCommand.execute(rest)
            case "list": return try ListCommand.execute(rest)
            case "compare": return try CompareCommand.execute(rest)
            case "diff": return try DiffCommand.execute(rest)
            case "replay": return try await ReplayCommand.execute(rest)
            case "schema": return try SchemaCommand.execute(rest)
            case "bench": return try await BenchCommand.execute(rest)
            case "help", "--help", "-h":
                if let topic = rest.first {
                    guard let text = Usage.text(for: topic) else { throw UsageError("no command named '\(topic)'") }
                    Console.out(text)
                } else {
                    Console.out(Usage.overview)
                }
                return .success
            case "--version":
                Console.out("gauntlet \(Usage.version)\n")
                return .success
            default:
                let suggestion = Spelling.closest(to: command, among: ["run", "validate", "list", "compare", "diff", "replay", "schema", "bench", "help"]).map { " (did you mean '\($0)'?)" } ?? ""
                throw UsageError("unknown command '\(command)'\(suggestion)")
            }
        } catch {
            Console.error("gauntlet: error: \(error.message)\n")
            Console.error("Run 'gauntlet help\(error.command.map { " \($0)" } ?? "")' for usage.\n")
            return .inputError
        }
    }
}
