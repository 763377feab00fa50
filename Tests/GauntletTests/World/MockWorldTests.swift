import Testing
import AgentCore
@testable import Gauntlet

@Suite struct MockWorldTests {
    @Test("a transaction that succeeds keeps its changes and returns its value")
    func commit() throws {
        let world = MockWorld(state: ["count": 1])
        let value = try world.transaction { (state: inout JSONValue) throws(ToolError) -> Int in
            state.set(2, at: JSONPointer(tokens: ["count"]))
            return 7
        }
        #expect(value == 7)
        #expect(world.snapshot == ["count": 2])
    }

    @Test("a transaction that throws leaves the state as it was, even after partial changes")
    func rollback() {
        let world = MockWorld(state: ["count": 1, "log": []])
        #expect(throws: ToolError(.conflict, "stop")) {
            try world.transaction { (state: inout JSONValue) throws(ToolError) -> Void in
                state.set(2, at: JSONPointer(tokens: ["count"]))
                state.set("entry", at: JSONPointer(tokens: ["log", "-"]))
                throw ToolError(.conflict, "stop")
            }
        }
        #expect(world.snapshot == ["count": 1, "log": []])
    }

    @Test("two worlds built from the same fixture do not share state")
    func independentCopies() throws {
        let fixture: JSONValue = ["n": 0]
        let first = MockWorld(state: fixture)
        let second = MockWorld(state: fixture)
        _ = try first.transaction { (state: inout JSONValue) throws(ToolError) -> Bool in state.set(1, at: JSONPointer(tokens: ["n"])) }
        #expect(first.snapshot == ["n": 1])
        #expect(second.snapshot == ["n": 0])
    }
}
