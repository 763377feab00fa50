/// The result of `gauntlet validate`: every problem, then a count.
public struct SuiteValidation: Sendable {
    public var problems: [SuiteProblem]
    public var suite: Suite
    public var files: Int

    /// Validates the fixtures under `root` and the tasks at `paths` (all of `Suites/` when empty).
    public static func validate(root: String, paths: [String]) -> SuiteValidation {
        let result = SuiteLoader(root: root).load(taskPaths: paths)
        return SuiteValidation(problems: result.problems, suite: result.suite, files: result.files)
    }

    /// One line per problem, then a count; or a one-line confirmation.
    public var text: String {
        let counts = "\(suite.tasks.count) task\(suite.tasks.count == 1 ? "" : "s"), \(suite.catalogs.count) tool catalog\(suite.catalogs.count == 1 ? "" : "s") (\(suite.tools.count) tools), \(suite.worlds.count) world\(suite.worlds.count == 1 ? "" : "s"), \(suite.agents.count) agent version\(suite.agents.count == 1 ? "" : "s"), \(suite.profiles.count) fault profile\(suite.profiles.count == 1 ? "" : "s")"
        guard !problems.isEmpty else { return "ok: \(files) files valid — \(counts)\n" }
        let failing = Set(problems.map(\.file)).count
        return problems.map { $0.description + "\n" }.joined()
            + "\(problems.count) problem\(problems.count == 1 ? "" : "s") in \(failing) of \(files) file\(files == 1 ? "" : "s")\n"
    }
}
