import Testing
import AgentCore
@testable import Gauntlet

@Suite struct TemplateTests {
    static let bindings = Bindings([
        "order": [
            "id": "NW-20931", "total": 129.5, "count": 3,
            "customer": ["name": "Dana", "vip": true],
            "items": [["sku": "K-1"], ["sku": "M-2"]],
            "coupon": nil,
        ],
        "orders": [["id": "A-1"], ["id": "B-2"]],
        "name": "Dana",
    ])

    @Test("a string that is one whole reference renders to the value itself, keeping its type", arguments: [
        ("${order.total}", JSONValue.number(129.5)),
        ("${order.count}", 3),
        ("${order.customer}", ["name": "Dana", "vip": true]),
        ("${order.items}", [["sku": "K-1"], ["sku": "M-2"]]),
        ("${order.customer.vip}", true),
        ("${order.coupon}", nil),
        ("${name}", "Dana"),
    ] as [(String, JSONValue)])
    func wholeReferenceKeepsType(template: String, expected: JSONValue) throws {
        #expect(try Template.render(template, with: Self.bindings) == expected)
    }

    @Test("references inside text are written into the string", arguments: [
        ("Total: ${order.total}", "Total: 129.5"),
        ("Count ${order.count}", "Count 3"),
        ("Hi ${name}!", "Hi Dana!"),
        ("C=${order.customer}", #"C={"name":"Dana","vip":true}"#),
        ("Items ${order.items}", #"Items [{"sku":"K-1"},{"sku":"M-2"}]"#),
        ("VIP ${order.customer.vip}", "VIP true"),
        ("Coupon ${order.coupon}", "Coupon null"),
        ("${order.id}${name}", "NW-20931Dana"),
        ("no references here", "no references here"),
    ])
    func interpolation(template: String, expected: String) throws {
        #expect(try Template.render(template, with: Self.bindings) == .string(expected))
    }

    @Test("numbers are interpolated without a trailing .0", arguments: [
        (42.0, "42"), (129.5, "129.5"), (-3.0, "-3"), (0.25, "0.25"), (0.0, "0"),
    ])
    func numberInterpolation(number: Double, expected: String) {
        #expect(Template.interpolation(of: .number(number)) == expected)
    }

    @Test("paths index into arrays by number", arguments: [
        ("${orders.1.id}", JSONValue.string("B-2")),
        ("${order.items.0.sku}", "K-1"),
        ("${orders.0}", ["id": "A-1"]),
    ] as [(String, JSONValue)])
    func arrayIndexes(template: String, expected: JSONValue) throws {
        #expect(try Template.render(template, with: Self.bindings) == expected)
    }

    @Test("a name that is not bound and a path that does not resolve give different reasons")
    func unresolvedReasons() {
        #expect(throws: TemplateError(template: "${customer.id}", reason: #"${customer.id} names "customer", which is not bound"#)) {
            try Template.render("${customer.id}", with: Self.bindings)
        }
        #expect(throws: TemplateError(template: "Order ${order.missing.x}", reason: #"${order.missing.x} does not resolve: "order" has no missing.x"#)) {
            try Template.render("Order ${order.missing.x}", with: Self.bindings)
        }
        #expect(throws: TemplateError(template: "${orders.5.id}", reason: #"${orders.5.id} does not resolve: "orders" has no 5.id"#)) {
            try Template.render("${orders.5.id}", with: Self.bindings)
        }
    }

    @Test("a template error reads as the template followed by the reason")
    func errorDescription() {
        let error = TemplateError(template: "${x}", reason: #"${x} names "x", which is not bound"#)
        #expect(error.description == #"template "${x}" ${x} names "x", which is not bound"#)
    }

    @Test("an unclosed or empty ${ is an error", arguments: ["Total ${order.total", "${", "${}", "a ${order..id} b", "${.id}"])
    func malformed(template: String) {
        #expect(throws: TemplateError(template: template, reason: "has an unclosed or empty ${…}")) {
            try Template.render(template, with: Self.bindings)
        }
    }

    @Test("rendering walks objects and arrays and leaves non-strings alone")
    func rendersStructures() throws {
        let template: JSONValue = [
            "order_id": "${order.id}", "amount": "${order.total}", "note": "for ${name}",
            "lines": ["${orders.0.id}", 7, false, nil], "nested": ["first": "${order.items.0}"],
        ]
        let expected: JSONValue = [
            "order_id": "NW-20931", "amount": 129.5, "note": "for Dana",
            "lines": ["A-1", 7, false, nil], "nested": ["first": ["sku": "K-1"]],
        ]
        #expect(try Template.render(template, with: Self.bindings) == expected)
    }

    @Test("an unresolved reference deep inside a structure fails the whole render")
    func nestedFailure() {
        #expect(throws: TemplateError(template: "${ghost}", reason: #"${ghost} names "ghost", which is not bound"#)) {
            try Template.render(["a": ["b": ["ok", "${ghost}"]]], with: Self.bindings)
        }
    }

    @Test("references lists each reference with the pointer of its string, and malformed strings apart")
    func references() throws {
        let value: JSONValue = [
            "a": "${x.y}",
            "b": ["literal", "${z} and ${w.0}"],
            "c": "${bad",
            "d": 5,
            "e": ["f": "${}"],
        ]
        let base = try #require(JSONPointer("/policy"))
        let found = Template.references(in: value, at: base)
        #expect(found.references.map { "\($0.0) \($0.1)" } == ["/policy/a ${x.y}", "/policy/b/1 ${z}", "/policy/b/1 ${w.0}"])
        #expect(found.references.map(\.1.name) == ["x", "z", "w"])
        #expect(found.references.map(\.1.path) == [["y"], [], ["0"]])
        #expect(found.malformed.map(\.description) == ["/policy/c", "/policy/e/f"])
    }

    @Test("a template without references has none and nothing malformed")
    func noReferences() {
        let found = Template.references(in: ["a": "plain", "b": [1, "text"]])
        #expect(found.references.isEmpty)
        #expect(found.malformed.isEmpty)
    }
}
