import AgentCore
@testable import Gauntlet

/// One trial's world and virtual clock, with mock tools acting on them.
struct WorldHarness {
    let world: MockWorld
    let clock = VirtualClock()

    init(_ state: JSONValue) {
        world = MockWorld(state: state)
    }

    func tool(_ definition: ToolDefinition) -> MockTool {
        MockTool(definition: definition, world: world, clock: clock)
    }

    /// Calls the tool declared by `definition` with `arguments`.
    @discardableResult
    func call(_ definition: ToolDefinition, _ arguments: JSONValue = [:]) async throws -> JSONValue {
        try await tool(definition).call(arguments: arguments)
    }

    var state: JSONValue { world.snapshot }
}

/// A small web shop: customers and orders keyed by id, a refunds log, an array of notes.
let shopState: JSONValue = [
    "customers": [
        "C-1": ["id": "C-1", "name": "Dana Whitfield", "email": "dana@example.com", "tier": "gold"],
        "C-2": ["id": "C-2", "name": "Ravi Patel", "email": "ravi@example.com", "tier": "silver"],
        "C-3": ["id": "C-3", "name": "Dana Scully", "email": "scully@example.com", "tier": "gold"],
    ],
    "orders": [
        "1042": ["id": "1042", "customer": "C-1", "status": "shipped", "total": 129.5],
        "1043": ["id": "1043", "customer": "C-2", "status": "delivered", "total": 20],
    ],
    "refunds": [],
    "notes": [["id": 1, "text": "First note"], ["id": 2, "text": "Second note"]],
]
