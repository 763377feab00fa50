import AgentCore

/// Everything a run needs, loaded and validated: tool catalogs, worlds, tasks, agent versions and
/// fault profiles.
public struct Suite: Sendable {
    public var catalogs: [ToolCatalog] = []
    public var worlds: [String: WorldFixture] = [:]
    /// Sorted by id.
    public var tasks: [SuiteTask] = []
    public var agents: [AgentVersion] = []
    /// By name (the file name without `.json`).
    public var profiles: [String: FaultProfile] = [:]

    /// Every tool of every catalog, by name.
    public var tools: [String: ToolDefinition] = [:]
}
