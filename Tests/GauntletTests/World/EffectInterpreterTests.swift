import Testing
import AgentCore
@testable import Gauntlet

/// The effect steps of `Suites/README.md`, run through `MockTool` on a `MockWorld`.
@Suite struct EffectInterpreterTests {
    // MARK: get

    @Test("get reads a value at a templated path and binds it")
    func getReads() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("get_order", effect: [.get("/orders/${args.order_id}", as: "order")], result: "${order}")
        let result = try await harness.call(tool, ["order_id": "1042"])
        #expect(result == ["id": "1042", "customer": "C-1", "status": "shipped", "total": 129.5])
    }

    @Test("get reads array items by index")
    func getArrayItem() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("get_note", effect: [.get("/notes/${args.index}/text", as: "text")], result: "${text}")
        #expect(try await harness.call(tool, ["index": 1]) == "Second note")
    }

    @Test("get of an absent value fails with not_found naming the pointer")
    func getAbsent() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("get_order", effect: [.get("/orders/${args.order_id}", as: "order")])
        await #expect(throws: ToolError(.notFound, "Nothing found at /orders/9.")) {
            try await harness.call(tool, ["order_id": "9"])
        }
    }

    @Test("get uses its own message, rendered, for not_found")
    func getCustomMessage() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("get_order", effect: [.get("/orders/${args.order_id}", as: "order", message: "No order ${args.order_id} exists.")])
        await #expect(throws: ToolError(.notFound, "No order 9 exists.")) {
            try await harness.call(tool, ["order_id": "9"])
        }
    }

    // MARK: find

    @Test("find filters object members with where (all fields equal) and keeps their order")
    func findWhere() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("find_customers", effect: [.find("/customers", where: jsonObject(["tier": "${args.tier}"]), as: "found")], result: "${found}")
        let result = try await harness.call(tool, ["tier": "gold"])
        #expect(result.arrayValue?.compactMap { $0["id"] } == ["C-1", "C-3"])
    }

    @Test("find with several where fields requires all of them")
    func findWhereAll() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("find_customers", effect: [
            .find("/customers", where: jsonObject(["tier": "gold", "email": "${args.email}"]), as: "found"),
        ], result: "${found}")
        let result = try await harness.call(tool, ["email": "scully@example.com"])
        #expect(result.arrayValue?.compactMap { $0["id"] } == ["C-3"])
    }

    @Test("find's where keeps a whole-reference value's type (a number matches a number)")
    func findWhereNumber() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("find_notes", effect: [.find("/notes", where: jsonObject(["id": "${args.id}"]), as: "found")], result: "${found}")
        #expect(try await harness.call(tool, ["id": 2]) == [["id": 2, "text": "Second note"]])
        #expect(try await harness.call(tool, ["id": "2"]) == [])
    }

    @Test("find's contains is a case-insensitive substring test")
    func findContains() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("search_customers", effect: [.find("/customers", contains: jsonObject(["name": "${args.q}"]), as: "found")], result: "${found}")
        #expect(try await harness.call(tool, ["q": "DANA"]).arrayValue?.compactMap { $0["id"] } == ["C-1", "C-3"])
        #expect(try await harness.call(tool, ["q": "patel"]).arrayValue?.compactMap { $0["id"] } == ["C-2"])
        #expect(try await harness.call(tool, ["q": "nobody"]) == [])
    }

    @Test("find's contains fails a member that lacks the field")
    func findContainsMissingField() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("search", effect: [.find("/customers", contains: jsonObject(["nickname": "d"]), as: "found")], result: "${found}")
        #expect(try await harness.call(tool) == [])
    }

    @Test("find's limit stops after that many matches")
    func findLimit() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("search", effect: [
            .find("/customers", where: jsonObject(["tier": "gold"]), contains: jsonObject(["name": "dana"]), limit: 1, as: "found"),
        ], result: "${found}")
        #expect(try await harness.call(tool).arrayValue?.compactMap { $0["id"] } == ["C-1"])
    }

    @Test("find filters the items of an array, and contains reads numbers as text")
    func findOverArray() async throws {
        let harness = WorldHarness(shopState)
        let byText = try makeTool("search_notes", effect: [.find("/notes", contains: jsonObject(["text": "SEC"]), as: "found")], result: "${found}")
        #expect(try await harness.call(byText) == [["id": 2, "text": "Second note"]])
        let byNumber = try makeTool("search_ids", effect: [.find("/notes", contains: jsonObject(["id": "1"]), as: "found")], result: "${found}")
        #expect(try await harness.call(byNumber) == [["id": 1, "text": "First note"]])
    }

    @Test("find of an absent path fails with not_found")
    func findAbsent() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("find_tickets", effect: [.find("/tickets", as: "found")])
        await #expect(throws: ToolError(.notFound, "Nothing found at /tickets.")) {
            try await harness.call(tool)
        }
    }

    // MARK: insert

    @Test("insert adds a member under a templated key and binds the value")
    func insertWithKey() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("create_customer", risk: .write, effect: [
            .insert("/customers", value: ["name": "${args.name}"], key: "${args.id}", as: "created"),
        ], result: "${created}")
        let result = try await harness.call(tool, ["id": "C-9", "name": "Mo"])
        #expect(result == ["name": "Mo"])
        #expect(harness.state[pointer: JSONPointer(tokens: ["customers", "C-9"])] == ["name": "Mo"])
        #expect(harness.state["customers"]?.objectValue?.count == 4)
    }

    @Test("insert without a key uses value.id, written as text")
    func insertDefaultKey() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("create_order", risk: .write, effect: [
            .insert("/orders", value: ["id": "${args.id}", "status": "new"]),
        ])
        #expect(try await harness.call(tool, ["id": "2001"]) == ["ok": true])
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "2001"])] == ["id": "2001", "status": "new"])
        try await harness.call(tool, ["id": 7])
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "7"])] == ["id": 7, "status": "new"])
    }

    @Test("insert of an existing key fails with conflict and changes nothing")
    func insertConflict() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("create_customer", risk: .write, effect: [.insert("/customers", value: ["id": "${args.id}", "name": "Impostor"])])
        await #expect(throws: ToolError(.conflict, "C-1 already exists.")) {
            try await harness.call(tool, ["id": "C-1"])
        }
        #expect(harness.state == shopState)
    }

    @Test("insert without a key or value.id fails with invalid")
    func insertWithoutKey() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("create_customer", risk: .write, effect: [.insert("/customers", value: ["name": "${args.name}"])])
        await #expect(throws: ToolError(.invalid, "create_customer: the new record has no id.")) {
            try await harness.call(tool, ["name": "Mo"])
        }
        #expect(harness.state == shopState)
    }

    // MARK: append

    @Test("append adds an item to an array, keeping number types from templates")
    func appendItem() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("log_refund", risk: .write, effect: [
            .append("/refunds", value: ["order_id": "${args.order_id}", "amount": "${args.amount}"], as: "entry"),
        ], result: "${entry}")
        #expect(try await harness.call(tool, ["order_id": "1042", "amount": 12.5]) == ["order_id": "1042", "amount": 12.5])
        try await harness.call(tool, ["order_id": "1043", "amount": 3])
        #expect(harness.state["refunds"] == [["order_id": "1042", "amount": 12.5], ["order_id": "1043", "amount": 3]])
    }

    @Test("append to an absent array fails with not_found")
    func appendAbsent() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("log", risk: .write, effect: [.append("/ledger", value: "x")])
        await #expect(throws: ToolError(.notFound, "Nothing found at /ledger.")) {
            try await harness.call(tool)
        }
    }

    // MARK: update

    @Test("update changes the given fields, keeps the others, and binds the record after the change")
    func updateRecord() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("cancel_order", risk: .write, effect: [
            .update("/orders/${args.order_id}", set: jsonObject(["status": "cancelled", "reason": "${args.reason}"]), as: "updated"),
        ], result: "${updated}")
        let expected: JSONValue = ["id": "1042", "customer": "C-1", "status": "cancelled", "total": 129.5, "reason": "duplicate"]
        #expect(try await harness.call(tool, ["order_id": "1042", "reason": "duplicate"]) == expected)
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "1042"])] == expected)
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "1043", "status"])] == "delivered")
    }

    @Test("update of an absent record fails with not_found, or with its own message")
    func updateAbsent() async throws {
        let harness = WorldHarness(shopState)
        let plain = try makeTool("cancel_order", risk: .write, effect: [.update("/orders/${args.order_id}", set: jsonObject(["status": "cancelled"]))])
        await #expect(throws: ToolError(.notFound, "Nothing found at /orders/9.")) {
            try await harness.call(plain, ["order_id": "9"])
        }
        let custom = try makeTool("cancel_order", risk: .write, effect: [
            .update("/orders/${args.order_id}", set: jsonObject(["status": "cancelled"]), message: "Order ${args.order_id} is unknown."),
        ])
        await #expect(throws: ToolError(.notFound, "Order 9 is unknown.")) {
            try await harness.call(custom, ["order_id": "9"])
        }
    }

    // MARK: set

    @Test("set replaces one value and binds nothing; the default result is {\"ok\": true}")
    func setValue() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("set_status", risk: .write, effect: [.set("/orders/${args.order_id}/status", value: "${args.status}")])
        #expect(try await harness.call(tool, ["order_id": "1042", "status": "delivered"]) == ["ok": true])
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "1042", "status"])] == "delivered")
    }

    @Test("set creates a new member when the parent exists, and replaces array items")
    func setCreatesMember() async throws {
        let harness = WorldHarness(shopState)
        let note = try makeTool("set_note", risk: .write, effect: [.set("/orders/1042/note", value: "${args.note}")])
        try await harness.call(note, ["note": "leave at door"])
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "1042", "note"])] == "leave at door")
        let item = try makeTool("replace_note", risk: .write, effect: [.set("/notes/0", value: ["id": 1, "text": "${args.text}"])])
        try await harness.call(item, ["text": "Rewritten"])
        #expect(harness.state["notes"] == [["id": 1, "text": "Rewritten"], ["id": 2, "text": "Second note"]])
    }

    @Test("set under an absent parent fails with not_found naming the parent")
    func setMissingParent() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("set_status", risk: .write, effect: [.set("/orders/${args.order_id}/status", value: "x")])
        await #expect(throws: ToolError(.notFound, "Nothing found at /orders/9.")) {
            try await harness.call(tool, ["order_id": "9"])
        }
        #expect(harness.state == shopState)
    }

    // MARK: delete

    @Test("delete removes an object member and binds the removed value")
    func deleteMember() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("delete_customer", risk: .irreversible, effect: [.delete("/customers/${args.id}", as: "removed")], result: "Removed ${removed.name}.")
        #expect(try await harness.call(tool, ["id": "C-2"]) == "Removed Ravi Patel.")
        #expect(harness.state["customers"]?.objectValue?.keys == ["C-1", "C-3"])
    }

    @Test("delete removes an array item by index")
    func deleteArrayItem() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("delete_note", risk: .write, effect: [.delete("/notes/${args.index}", as: "removed")], result: "${removed}")
        #expect(try await harness.call(tool, ["index": 0]) == ["id": 1, "text": "First note"])
        #expect(harness.state["notes"] == [["id": 2, "text": "Second note"]])
    }

    @Test("delete of an absent member or item fails with not_found, or with its own message")
    func deleteAbsent() async throws {
        let harness = WorldHarness(shopState)
        let member = try makeTool("delete_customer", risk: .write, effect: [.delete("/customers/${args.id}")])
        await #expect(throws: ToolError(.notFound, "Nothing found at /customers/C-9.")) {
            try await harness.call(member, ["id": "C-9"])
        }
        let item = try makeTool("delete_note", risk: .write, effect: [.delete("/notes/${args.index}", message: "No note number ${args.index}.")])
        await #expect(throws: ToolError(.notFound, "No note number 5.")) {
            try await harness.call(item, ["index": 5])
        }
        #expect(harness.state == shopState)
    }

    // MARK: require

    struct RequireCase: Sendable, CustomTestStringConvertible {
        var condition: EffectStep.Condition
        var value: JSONValue
        var amount: JSONValue
        var holds: Bool
        var testDescription: String { "\(condition) on \(value) (amount \(amount)) holds: \(holds)" }
    }

    static let requireCases: [RequireCase] = [
        .init(condition: .equals("shipped"), value: "${order.status}", amount: 1, holds: true),
        .init(condition: .equals("delivered"), value: "${order.status}", amount: 1, holds: false),
        .init(condition: .equals("${args.expected}"), value: "${order.status}", amount: 1, holds: true),
        .init(condition: .equals(129.5), value: "${order.total}", amount: 1, holds: true),
        .init(condition: .notEquals("cancelled"), value: "${order.status}", amount: 1, holds: true),
        .init(condition: .notEquals("shipped"), value: "${order.status}", amount: 1, holds: false),
        .init(condition: .isIn(["shipped", "delivered"]), value: "${order.status}", amount: 1, holds: true),
        .init(condition: .isIn(["delivered"]), value: "${order.status}", amount: 1, holds: false),
        .init(condition: .notIn(["cancelled", "refunded"]), value: "${order.status}", amount: 1, holds: true),
        .init(condition: .notIn(["shipped"]), value: "${order.status}", amount: 1, holds: false),
        .init(condition: .exists(true), value: "${order.status}", amount: 1, holds: true),
        .init(condition: .exists(true), value: "${order.coupon}", amount: 1, holds: false),
        .init(condition: .exists(false), value: "${order.coupon}", amount: 1, holds: true),
        .init(condition: .exists(false), value: "${order.status}", amount: 1, holds: false),
        .init(condition: .min(0.01), value: "${args.amount}", amount: 5, holds: true),
        .init(condition: .min(0.01), value: "${args.amount}", amount: 0.01, holds: true),
        .init(condition: .min(0.01), value: "${args.amount}", amount: 0, holds: false),
        .init(condition: .max("${order.total}"), value: "${args.amount}", amount: 129.5, holds: true),
        .init(condition: .max("${order.total}"), value: "${args.amount}", amount: 130, holds: false),
        .init(condition: .max(100), value: "${args.amount}", amount: "50", holds: false),
    ]

    @Test("require passes when its condition holds and stops the call with its error otherwise", arguments: requireCases)
    func require(_ testCase: RequireCase) async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("check_order", effect: [
            .get("/orders/${args.order_id}", as: "order"),
            .require(testCase.value, testCase.condition, error: "conflict", message: "Order ${args.order_id} is ${order.status}; amount ${args.amount}."),
        ], result: "passed")
        let arguments: JSONValue = ["order_id": "1042", "amount": testCase.amount, "expected": "shipped"]
        if testCase.holds {
            #expect(try await harness.call(tool, arguments) == "passed")
        } else {
            await #expect(throws: ToolError(.conflict, "Order 1042 is shipped; amount \(Template.interpolation(of: testCase.amount)).")) {
                try await harness.call(tool, arguments)
            }
        }
    }

    @Test("require throws the error kind it names, with its message rendered", arguments: [
        ("not_found", ToolError.Kind.notFound), ("conflict", .conflict), ("invalid", .invalid),
    ])
    func requireErrorKind(name: String, kind: ToolError.Kind) async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("refund_order", risk: .irreversible, effect: [
            .get("/orders/${args.order_id}", as: "order"),
            .require("${args.amount}", .max("${order.total}"), error: name, message: "Refund of ${args.amount} exceeds the order total ${order.total}."),
        ])
        let error = await #expect(throws: ToolError.self) {
            try await harness.call(tool, ["order_id": "1042", "amount": 500])
        }
        #expect(error?.kind == kind)
        #expect(error?.message == "Refund of 500 exceeds the order total 129.5.")
        #expect(error?.retryable == false)
    }

    // MARK: transactions, results, paths

    @Test("a failing later step leaves the world unchanged")
    func rollback() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("refund_order", risk: .irreversible, effect: [
            .get("/orders/${args.order_id}", as: "order"),
            .update("/orders/${args.order_id}", set: jsonObject(["status": "refunded"]), as: "updated"),
            .append("/refunds", value: ["order_id": "${args.order_id}", "amount": "${args.amount}"]),
            .require("${args.amount}", .max("${order.total}"), error: "invalid", message: "too much"),
        ])
        await #expect(throws: ToolError(.invalid, "too much")) {
            try await harness.call(tool, ["order_id": "1042", "amount": 1000])
        }
        #expect(harness.state == shopState)
        try await harness.call(tool, ["order_id": "1042", "amount": 100])
        #expect(harness.state[pointer: JSONPointer(tokens: ["orders", "1042", "status"])] == "refunded")
        #expect(harness.state["refunds"] == [["order_id": "1042", "amount": 100]])
    }

    @Test("the result template sees args and every binding, keeping whole-reference types")
    func resultRendering() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("refund_order", risk: .irreversible, effect: [
            .get("/orders/${args.order_id}", as: "order"),
            .update("/orders/${args.order_id}", set: jsonObject(["status": "refunded"]), as: "updated"),
        ], result: ["order_id": "${args.order_id}", "refunded": "${order.total}", "status": "${updated.status}", "summary": "Order ${order.id}: ${order.total} back"])
        let result = try await harness.call(tool, ["order_id": "1042"])
        #expect(result == ["order_id": "1042", "refunded": 129.5, "status": "refunded", "summary": "Order 1042: 129.5 back"])
    }

    @Test("a tool with no effect and no result returns {\"ok\": true} and changes nothing")
    func defaultResult() async throws {
        let harness = WorldHarness(shopState)
        #expect(try await harness.call(try makeTool("noop"), ["anything": 1]) == ["ok": true])
        #expect(harness.state == shopState)
    }

    @Test("a result that does not render fails the call as internal and changes nothing")
    func resultFailure() async throws {
        let harness = WorldHarness(shopState)
        let tool = try makeTool("set_status", risk: .write, effect: [.set("/orders/1042/status", value: "x")], result: "${missing}")
        await #expect(throws: ToolError(.internal, #"set_status: template "${missing}" ${missing} names "missing", which is not bound"#)) {
            try await harness.call(tool)
        }
        #expect(harness.state == shopState)
    }

    @Test("the tool's latency advances the virtual clock by exactly latency_ms per call")
    func latency() async throws {
        let harness = WorldHarness(shopState)
        let slow = try makeTool("get_order", latencyMs: 450, effect: [.get("/orders/${args.order_id}", as: "order")])
        try await harness.call(slow, ["order_id": "1042"])
        #expect(harness.clock.now == .milliseconds(450))
        try await harness.call(slow, ["order_id": "1043"])
        #expect(harness.clock.now == .milliseconds(900))
        try await harness.call(try makeTool("instant"))
        #expect(harness.clock.now == .milliseconds(900))
    }

    @Test("a path value containing \"/\" stays one token and cannot reach into another record")
    func pathTokensAreSubstitutedOneByOne() async throws {
        let harness = WorldHarness(shopState)
        let get = try makeTool("get_order", effect: [.get("/orders/${args.order_id}", as: "order")], result: "${order}")
        await #expect(throws: ToolError(.notFound, "Nothing found at /orders/1042~1status.")) {
            try await harness.call(get, ["order_id": "1042/status"])
        }
        let delete = try makeTool("delete_order", risk: .irreversible, effect: [.delete("/orders/${args.order_id}")])
        await #expect(throws: ToolError.self) {
            try await harness.call(delete, ["order_id": "1042/status"])
        }
        let update = try makeTool("close_customer", risk: .write, effect: [.update("/customers/${args.id}", set: jsonObject(["closed": true]))])
        await #expect(throws: ToolError.self) {
            try await harness.call(update, ["id": "C-1/../C-2"])
        }
        #expect(harness.state == shopState)
    }

    @Test("a record whose key contains \"/\" is reachable through a templated token")
    func slashInKey() async throws {
        let harness = WorldHarness(["files": ["a/b": ["size": 3]]])
        let tool = try makeTool("get_file", effect: [.get("/files/${args.name}", as: "file")], result: "${file.size}")
        #expect(try await harness.call(tool, ["name": "a/b"]) == 3)
    }

    @Test("a token may mix literal text and references")
    func mixedToken() async throws {
        let harness = WorldHarness(["orders": ["NW-20931": ["status": "shipped"]]])
        let tool = try makeTool("get_order", effect: [.get("/orders/NW-${args.number}/status", as: "status")], result: "${status}")
        #expect(try await harness.call(tool, ["number": 20931]) == "shipped")
    }

    @Test("a pointer without templates unescapes ~1 and ~0")
    func escapedLiteralPath() async throws {
        let harness = WorldHarness(["files": ["a/b": ["size": 3], "c~d": ["size": 4]]])
        let slash = try makeTool("get_ab", effect: [.get("/files/a~1b/size", as: "size")], result: "${size}")
        #expect(try await harness.call(slash) == 3)
        let tilde = try makeTool("get_cd", effect: [.get("/files/c~0d/size", as: "size")], result: "${size}")
        #expect(try await harness.call(tilde) == 4)
    }

    @Test("a templated pointer unescapes ~1 and ~0 in its literal tokens, as RFC 6901 asks")
    func escapedTemplatedPath() async throws {
        let harness = WorldHarness(["files": ["a/b": ["size": 3]]])
        let tool = try makeTool("get_field", effect: [.get("/files/a~1b/${args.field}", as: "value")], result: "${value}")
        let value = try await harness.call(tool, ["field": "size"])
        #expect(value == 3)
    }
}
