import AgentCore
import Foundation

/// Loads and validates a suite: every file, every problem, before anything runs.
///
/// The layout under `root` is the design card's: `Suites/<domain>/<task>.json`,
/// `Fixtures/tools/*.json`, `Fixtures/worlds/*.json`, `Fixtures/agents/*.json`, `Fixtures/chaos/*.json`.
public struct SuiteLoader: Sendable {
    /// The project folder holding `Suites/` and `Fixtures/`.
    public var root: String

    public init(root: String = ".") {
        self.root = root
    }

    /// Where tasks live by default.
    public var suitesFolder: String { join(root, "Suites") }
    /// Where catalogs, worlds, agent versions and fault profiles live.
    public var fixturesFolder: String { join(root, "Fixtures") }

    /// Loads the fixtures and the tasks found at `paths` (files or folders; all of `Suites/` when
    /// empty). A path that is missing is a problem, as is a folder without task files. A file in a
    /// folder named `tools`, `worlds`, `agents` or `chaos` is checked as a catalog, world, agent
    /// version or fault profile.
    public func load(taskPaths paths: [String] = []) -> SuiteLoadResult {
        var result = SuiteLoadResult()
        var suite = Suite()

        for file in jsonFiles(in: join(fixturesFolder, "tools")) {
            result.files += 1
            if let catalog = loadCatalog(file, problems: &result.problems) { suite.catalogs.append(catalog) }
        }
        var firstCatalogOfTool: [String: String] = [:]
        for catalog in suite.catalogs {
            for (index, tool) in catalog.tools.enumerated() {
                if let first = firstCatalogOfTool[tool.spec.name] {
                    result.problems.append(SuiteProblem(file: catalog.file, pointer: JSONPointer(tokens: ["tools", String(index), "name"]), message: "duplicate tool name \"\(tool.spec.name)\" (first defined in \(first))"))
                } else {
                    firstCatalogOfTool[tool.spec.name] = catalog.file
                    suite.tools[tool.spec.name] = tool
                }
            }
        }
        for file in jsonFiles(in: join(fixturesFolder, "worlds")) {
            result.files += 1
            if let world = loadWorld(file, problems: &result.problems) { suite.worlds[world.name] = world }
        }
        for file in jsonFiles(in: join(fixturesFolder, "agents")) {
            result.files += 1
            if let agent = loadAgent(file, suite: suite, problems: &result.problems) { suite.agents.append(agent) }
        }
        for file in jsonFiles(in: join(fixturesFolder, "chaos")) {
            result.files += 1
            if let profile = loadProfile(file, suite: suite, problems: &result.problems) { suite.profiles[profile.name] = profile }
        }

        var taskFiles: [String] = []
        for path in paths.isEmpty ? [suitesFolder] : paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                result.problems.append(SuiteProblem(file: path, location: .file, message: "no such file or folder"))
                continue
            }
            let found = isDirectory.boolValue ? jsonFiles(in: path, recursive: true) : [path]
            if found.isEmpty {
                result.problems.append(SuiteProblem(file: path, location: .file, message: "no task files (*.json) in this folder"))
            }
            taskFiles += found
        }
        // Fixture files named on the command line are checked as what their folder says they are;
        // the root's own fixtures were checked above already.
        var seenFiles = Set(["tools", "worlds", "agents", "chaos"].flatMap { jsonFiles(in: join(fixturesFolder, $0)) }.map(normalized))
        var firstFileOfTask: [String: String] = [:]
        for file in taskFiles where seenFiles.insert(normalized(file)).inserted {
            result.files += 1
            let underSuites = normalized(file).hasPrefix(normalized(suitesFolder) + "/")
            switch underSuites ? nil : file.split(separator: "/").dropLast().last {
            case "tools"?: _ = loadCatalog(file, problems: &result.problems); continue
            case "worlds"?: _ = loadWorld(file, problems: &result.problems); continue
            case "agents"?: _ = loadAgent(file, suite: suite, problems: &result.problems); continue
            case "chaos"?: _ = loadProfile(file, suite: suite, problems: &result.problems); continue
            default: break
            }
            guard var task = loadTask(file, suite: suite, problems: &result.problems) else { continue }
            if let first = firstFileOfTask[task.id] {
                result.problems.append(SuiteProblem(file: file, pointer: JSONPointer(tokens: ["id"]), message: "duplicate task id \"\(task.id)\" (also in \(first))"))
                continue
            }
            firstFileOfTask[task.id] = file
            task.domain = domain(of: file) ?? String(task.id.split(separator: ".").first ?? "default")
            suite.tasks.append(task)
        }
        suite.tasks.sort { $0.id < $1.id }
        result.suite = suite
        return result
    }

    /// Loads one agent version file on its own (for `run --agent FILE`).
    public func loadAgent(at path: String, suite: Suite? = nil) -> Result<AgentVersion, SuiteLoadError> {
        var problems: [SuiteProblem] = []
        guard let agent = loadAgent(path, suite: suite, problems: &problems), problems.isEmpty else {
            return .failure(SuiteLoadError(problems: problems))
        }
        return .success(agent)
    }

    /// The task's domain: its first folder under `Suites/`, or its parent folder elsewhere;
    /// `nil` for a file directly in `Suites/` (the id's first part is used then).
    func domain(of file: String) -> String? {
        let components = normalized(file).split(separator: "/").map(String.init)
        let suites = normalized(suitesFolder).split(separator: "/").map(String.init)
        if components.starts(with: suites) {
            return components.count > suites.count + 1 ? components[suites.count] : nil
        }
        return components.dropLast().last
    }

    /// JSON files in a folder, sorted; sub-folders too when `recursive` (except `schema/`).
    func jsonFiles(in folder: String, recursive: Bool = false) -> [String] {
        let manager = FileManager.default
        guard let names = try? manager.contentsOfDirectory(atPath: folder) else { return [] }
        var files: [String] = []
        for name in names.sorted() where !name.hasPrefix(".") {
            let path = join(folder, name)
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                if recursive && name != "schema" { files += jsonFiles(in: path, recursive: true) }
            } else if name.hasSuffix(".json") {
                files.append(path)
            }
        }
        return files
    }

    /// Reads a file and checks it against its kind's schema. The JSON comes back even when the
    /// schema finds problems, so the semantic checks can still report theirs.
    func readChecked(_ file: String, as kind: SuiteFileKind, problems: inout [SuiteProblem]) -> JSONValue? {
        switch SuiteFileReader.read(file) {
        case .failure(let problem):
            problems.append(problem)
            return nil
        case .success(let json):
            var collected = FileProblems(file: file)
            collected.add(kind.schema.validate(json))
            problems += collected.problems
            return json
        }
    }

    /// A world's or profile's name: its file name without the `.json` extension.
    func fixtureName(of file: String) -> String {
        let last = String(file.split(separator: "/").last ?? "")
        return last.hasSuffix(".json") ? String(last.dropLast(".json".count)) : last
    }

    func join(_ folder: String, _ name: String) -> String {
        folder == "." || folder.isEmpty ? name : (folder.hasSuffix("/") ? folder + name : folder + "/" + name)
    }

    private func normalized(_ path: String) -> String {
        var text = path
        while text.hasPrefix("./") { text.removeFirst(2) }
        return text
    }
}

/// What loading found: the suite (possibly partial) and every problem.
public struct SuiteLoadResult: Sendable {
    public var suite = Suite()
    public var problems: [SuiteProblem] = []
    /// How many files were read.
    public var files = 0
}

/// Problems that stop a suite or file from loading.
public struct SuiteLoadError: Error, Sendable, CustomStringConvertible {
    public var problems: [SuiteProblem]
    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
