import Foundation

/// The first line of `journal.jsonl`: the run's arguments and the fingerprint of its plan.
///
/// `gauntlet run --resume DIR` takes the arguments from here, so resuming needs only the folder,
/// and refuses when the files the plan came from no longer give the same fingerprint.
public struct JournalHeader: Sendable, Codable, Hashable {
    /// Bumped whenever a journal line changes shape.
    public static let currentVersion = 1

    /// Always `header`: every journal line names its kind.
    public var kind = "header"
    public var journalVersion = JournalHeader.currentVersion
    /// `plan.digest` when the run started.
    public var fingerprint: String
    public var plan: PlanFingerprint
    public var arguments: Arguments
    /// The folder relative paths in `arguments` were given from.
    public var workingDirectory: String
    /// When the run first started (ISO 8601); a resumed run keeps it, and so its run id.
    public var startedAt: String
    public var gauntletVersion: String
    public var gitCommit: String?

    enum CodingKeys: String, CodingKey {
        case kind
        case journalVersion = "journal_version"
        case fingerprint, plan, arguments
        case workingDirectory = "working_directory"
        case startedAt = "started_at"
        case gauntletVersion = "gauntlet_version"
        case gitCommit = "git_commit"
    }

    public init(plan: PlanFingerprint, arguments: Arguments, workingDirectory: String, startedAt: String, provenance: Provenance) {
        fingerprint = plan.digest
        self.plan = plan
        self.arguments = arguments
        self.workingDirectory = workingDirectory
        self.startedAt = startedAt
        gauntletVersion = provenance.gauntletVersion
        gitCommit = provenance.gitCommit
    }

    /// The options of `gauntlet run` that decide what runs and how it is judged; not where it
    /// writes, nor how many trials run at once (the output is the same at any `--jobs`).
    public struct Arguments: Sendable, Codable, Hashable {
        public var root: String
        public var taskPaths: [String]
        public var agentFile: String?
        public var trials: Int
        public var seed: UInt64
        public var filters: [String]
        public var tags: [String]
        public var profiles: [String]
        public var minPassRate: Double?
        public var trialTimeoutSeconds: Double

        enum CodingKeys: String, CodingKey {
            case root
            case taskPaths = "task_paths"
            case agentFile = "agent_file"
            case trials, seed, filters, tags, profiles
            case minPassRate = "min_pass_rate"
            case trialTimeoutSeconds = "trial_timeout_seconds"
        }

        /// The arguments of `configuration`.
        public init(_ configuration: RunConfiguration) {
            root = configuration.root
            taskPaths = configuration.taskPaths
            agentFile = configuration.agentFile
            trials = configuration.trials
            seed = configuration.seed
            filters = configuration.filters
            tags = configuration.tags
            profiles = configuration.profiles
            minPassRate = configuration.minPassRate
            trialTimeoutSeconds = configuration.trialTimeoutSeconds
        }

        /// A configuration with these arguments that writes to `outputFolder` with `jobs` at once.
        ///
        /// Relative paths were given from `recordedFolder`; from another `currentFolder` they are
        /// made absolute, so a resume started elsewhere still reads the same files.
        public func configuration(outputFolder: String, jobs: Int, recordedFolder: String, currentFolder: String) -> RunConfiguration {
            func resolve(_ path: String) -> String {
                guard recordedFolder != currentFolder, !path.hasPrefix("/") else { return path }
                return (recordedFolder as NSString).appendingPathComponent(path)
            }
            var configuration = RunConfiguration()
            configuration.root = resolve(root)
            configuration.taskPaths = taskPaths.map(resolve)
            configuration.agentFile = agentFile.map(resolve)
            configuration.trials = trials
            configuration.seed = seed
            configuration.filters = filters
            configuration.tags = tags
            // Profiles given by name live under the root; only paths are resolved.
            configuration.profiles = profiles.map { $0.hasSuffix(".json") || $0.contains("/") ? resolve($0) : $0 }
            configuration.minPassRate = minPassRate
            configuration.trialTimeoutSeconds = trialTimeoutSeconds
            configuration.outputFolder = outputFolder
            configuration.jobs = jobs
            return configuration
        }
    }
}
