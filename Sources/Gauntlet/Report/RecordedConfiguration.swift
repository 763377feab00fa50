/// How a run was configured, beyond the agent and the seed: what `replay` needs to re-run a trial.
public struct RecordedConfiguration: Sendable, Codable, Hashable {
    /// The project folder, as given.
    public var root: String
    /// The fault profiles, with the files they came from (`none` has no file).
    public var profiles: [ProfileInfo]
    public var trialTimeoutSeconds: Double

    /// A fault profile as the run used it.
    public struct ProfileInfo: Sendable, Codable, Hashable {
        public var name: String
        public var file: String?
        public var sha256: String?

        public init(name: String, file: String?, sha256: String?) {
            self.name = name
            self.file = file
            self.sha256 = sha256
        }
    }

    enum CodingKeys: String, CodingKey {
        case root, profiles
        case trialTimeoutSeconds = "trial_timeout_seconds"
    }

    public init(root: String, profiles: [ProfileInfo], trialTimeoutSeconds: Double) {
        self.root = root
        self.profiles = profiles
        self.trialTimeoutSeconds = trialTimeoutSeconds
    }
}
