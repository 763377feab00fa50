import Testing
import AgentCore
@testable import Gauntlet

@Suite struct MockWorldTests {
    @Test("a transaction that succeeds keeps its changes and returns its value")
    func commit() throws {
        let world = MockWorld(state: ["count": 1])
        let value = try world.transaction { (state: inout JSONValue) throws(ToolError) -> JSONValue in
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
            try world.transaction { (state: inout JSONValue) throws(ToolError) -> JSONValue in
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
        _ = try first.transaction { (state: inout JSONValue) throws(ToolError) -> JSONValue in .bool(state.set(1, at: JSONPointer(tokens: ["n"]))) }
        #expect(first.snapshot == ["n": 1])
        #expect(second.snapshot == ["n": 0])
    }

    @Test("a write with an idempotency key is applied once; a retry with the key gets the first result")
    func idempotencyKey() throws {
        let world = MockWorld(state: ["refunds": []])
        for _ in 0..<3 {
            let result = try world.transaction(tool: "refund", idempotencyKey: "refund-call_1") { (state: inout JSONValue) throws(ToolError) -> JSONValue in
                state.set(["amount": 5], at: JSONPointer(tokens: ["refunds", "-"]))
                return ["refunded": 5]
            }
            #expect(result == ["refunded": 5])
        }
        #expect(world.snapshot == ["refunds": [["amount": 5]]])
        #expect(world.appliedEffects == [MockWorld.AppliedEffect(tool: "refund", idempotencyKey: "refund-call_1")])
    }

    @Test("an older version of the state is kept for stale reads")
    func history() throws {
        let world = MockWorld(state: ["n": 0])
        for value in 1...3 {
            _ = try world.transaction { (state: inout JSONValue) throws(ToolError) -> JSONValue in
                state.set(.number(Double(value)), at: JSONPointer(tokens: ["n"]))
                return .null
            }
        }
        #expect(world.state(versionsBack: 0) == ["n": 3])
        #expect(world.state(versionsBack: 1) == ["n": 2])
        #expect(world.state(versionsBack: 3) == ["n": 0])
        #expect(world.state(versionsBack: 9) == ["n": 0])
    }
}
