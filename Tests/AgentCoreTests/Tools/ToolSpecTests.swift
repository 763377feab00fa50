import AgentCore
import Testing

@Suite struct ToolSpecTests {
    @Test("Idempotent defaults to true for read tools only", arguments: [
        (ToolRisk.read, true), (.write, false), (.irreversible, false),
    ])
    func idempotentDefault(risk: ToolRisk, idempotent: Bool) throws {
        let spec = try makeSpec("t", risk: risk)
        #expect(spec.idempotent == idempotent)
        #expect(spec.needsApproval == false)
        #expect(spec.result == nil)
    }

    @Test("An explicit idempotent overrides the default")
    func explicitIdempotent() throws {
        let spec = ToolSpec(name: "put", description: "", parameters: try schema("{}"), risk: .write, idempotent: true)
        #expect(spec.idempotent)
    }

    @Test("Only read tools have no side effects", arguments: [
        (ToolRisk.read, false), (.write, true), (.irreversible, true),
    ])
    func sideEffects(risk: ToolRisk, hasSideEffects: Bool) {
        #expect(risk.hasSideEffects == hasSideEffects)
    }

    @Test("Risk raw values match the catalog format")
    func riskRawValues() {
        #expect(ToolRisk.allCases.map(\.rawValue) == ["read", "write", "irreversible"])
    }
}
