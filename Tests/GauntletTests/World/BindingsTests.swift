import Testing
import AgentCore
@testable import Gauntlet

@Suite struct BindingsTests {
    let bindings = Bindings([
        "order": ["id": "1042", "lines": [["sku": "K-1", "qty": 2]], "status": "shipped"],
        "count": 3,
    ])

    @Test("a bare name resolves to its value")
    func name() {
        #expect(bindings.resolve(TemplateExpression(name: "count", path: [])) == 3)
    }

    @Test("a path walks object keys and array indexes", arguments: [
        (["id"], JSONValue.string("1042")),
        (["lines", "0", "qty"], 2),
        (["lines", "0"], ["sku": "K-1", "qty": 2]),
    ] as [([String], JSONValue)])
    func path(path: [String], expected: JSONValue) {
        #expect(bindings.resolve(TemplateExpression(name: "order", path: path)) == expected)
    }

    @Test("a path that does not resolve gives nil", arguments: [
        ["missing"], ["lines", "1"], ["lines", "-1"], ["lines", "first"], ["status", "length"], ["id", "0"],
    ])
    func unresolved(path: [String]) {
        #expect(bindings.resolve(TemplateExpression(name: "order", path: path)) == nil)
    }

    @Test("an unbound name gives nil")
    func unbound() {
        #expect(bindings.resolve(TemplateExpression(name: "refund", path: [])) == nil)
    }

    @Test("the subscript binds and unbinds names")
    func subscriptSetsValues() {
        var copy = bindings
        copy["refund"] = ["amount": 5]
        #expect(copy.resolve(TemplateExpression(name: "refund", path: ["amount"])) == 5)
        copy["refund"] = nil
        #expect(copy["refund"] == nil)
        #expect(copy.values.keys.sorted() == ["count", "order"])
    }

    @Test("an expression describes itself as it is written")
    func expressionDescription() {
        #expect(TemplateExpression(name: "orders", path: ["0", "id"]).description == "${orders.0.id}")
        #expect(TemplateExpression(name: "args", path: []).description == "${args}")
    }
}
