import Gauntlet

/// `gauntlet validate`: loads the suite and prints every problem.
enum ValidateCommand {
    static func execute(_ arguments: [String]) throws(UsageError) -> ExitCode {
        let scanner = try ArgumentScanner(arguments, options: [.init(name: "--root", takesValue: true), .init(name: "--help", takesValue: false)], command: "validate")
        if scanner.flag("--help") {
            Console.out(Usage.validate)
            return .success
        }
        let report = SuiteValidation.validate(root: scanner.string("--root") ?? ".", paths: scanner.positionals)
        Console.out(report.text)
        return report.problems.isEmpty ? .success : .inputError
    }
}
