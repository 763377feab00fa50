import AgentCore
import Testing

@Suite struct JSONPointerTests {
    static let document: JSONValue = [
        "orders": [
            "NW-1": ["status": "delivered", "total": 25],
        ],
        "refunds": [["id": "R-1"], ["id": "R-2"]],
        "a/b": "slash",
        "m~n": "tilde",
        "": "empty key",
        "count": 3,
    ]

    // MARK: Text

    @Test("Pointer text parses into unescaped tokens", arguments: [
        ("", [String]()),
        ("/orders/NW-1/status", ["orders", "NW-1", "status"]),
        ("/", [""]),
        ("//x", ["", "x"]),
        ("/a~1b", ["a/b"]),
        ("/m~0n", ["m~n"]),
        ("/~01", ["~1"]),
        ("/~10", ["/0"]),
        ("/refunds/0", ["refunds", "0"]),
    ])
    func parse(text: String, tokens: [String]) throws {
        let pointer = try #require(JSONPointer(text))
        #expect(pointer.tokens == tokens)
    }

    @Test("Text that does not start with / is not a pointer", arguments: ["a", "orders/NW-1", "#/a", " /a"])
    func rejectsRelativeText(text: String) {
        #expect(JSONPointer(text) == nil)
    }

    @Test("The description escapes ~ as ~0 and / as ~1", arguments: [
        (["a/b"], "/a~1b"),
        (["m~n"], "/m~0n"),
        (["~1"], "/~01"),
        (["orders", "NW-1", "status"], "/orders/NW-1/status"),
        (["", "x"], "//x"),
    ])
    func description(tokens: [String], text: String) {
        let pointer = JSONPointer(tokens: tokens)
        #expect(pointer.description == text)
        #expect(JSONPointer(text) == pointer)
    }

    @Test("The root is described as / so messages never show an empty path")
    func rootDescription() {
        #expect(JSONPointer.root.description == "/")
        #expect(JSONPointer.root.tokens.isEmpty)
        #expect(JSONPointer("") == .root)
    }

    @Test("appending and parent walk one level")
    func appendingAndParent() {
        let pointer = JSONPointer.root.appending("refunds").appending(1).appending("a/b")
        #expect(pointer.tokens == ["refunds", "1", "a/b"])
        #expect(pointer.description == "/refunds/1/a~1b")
        #expect(pointer.parent == JSONPointer(tokens: ["refunds", "1"]))
        #expect(JSONPointer(tokens: ["x"]).parent == .root)
        #expect(JSONPointer.root.parent == nil)
    }

    // MARK: Get

    @Test("Reading resolves object keys and array indexes", arguments: [
        ("", document),
        ("/orders/NW-1/status", "delivered"),
        ("/orders/NW-1/total", 25),
        ("/refunds/1/id", "R-2"),
        ("/a~1b", "slash"),
        ("/m~0n", "tilde"),
        ("/", "empty key"),
    ] as [(String, JSONValue)])
    func get(text: String, expected: JSONValue) throws {
        let pointer = try #require(JSONPointer(text))
        #expect(Self.document[pointer: pointer] == expected)
    }

    @Test("Reading a path that does not resolve gives nil", arguments: [
        "/missing", "/orders/NW-2/status", "/refunds/2", "/refunds/-", "/refunds/01", "/refunds/-1", "/refunds/+1",
        "/refunds/x", "/count/0", "/orders/NW-1/status/deeper",
    ])
    func getMissing(text: String) throws {
        let pointer = try #require(JSONPointer(text))
        #expect(Self.document[pointer: pointer] == nil)
    }

    // MARK: Set

    @Test("Setting replaces an existing member and keeps its position")
    func setReplaces() throws {
        var document = Self.document
        let replaced = document.set("refunded", at: try #require(JSONPointer("/orders/NW-1/status")))
        #expect(replaced)
        #expect(document[pointer: try #require(JSONPointer("/orders/NW-1/status"))] == "refunded")
        #expect(document["orders"]?["NW-1"]?.objectValue?.keys == ["status", "total"])
    }

    @Test("Setting a new key in an existing object adds it at the end")
    func setAdds() throws {
        var document = Self.document
        let added = document.set(["status": "new"], at: try #require(JSONPointer("/orders/NW-2")))
        #expect(added)
        #expect(document["orders"]?.objectValue?.keys == ["NW-1", "NW-2"])
        #expect(document[pointer: try #require(JSONPointer("/orders/NW-2/status"))] == "new")
    }

    @Test("Setting an array index replaces the item; - appends")
    func setArray() throws {
        var document = Self.document
        let replacedItem = document.set(["id": "R-0"], at: try #require(JSONPointer("/refunds/0")))
        #expect(replacedItem)
        let appended = document.set(["id": "R-3"], at: try #require(JSONPointer("/refunds/-")))
        #expect(appended)
        #expect(document["refunds"] == [["id": "R-0"], ["id": "R-2"], ["id": "R-3"]])
    }

    @Test("Setting the root replaces the whole document")
    func setRoot() {
        var document = Self.document
        let replacedRoot = document.set([1, 2], at: .root)
        #expect(replacedRoot)
        #expect(document == [1, 2])
    }

    @Test("Setting under a missing parent, a bad index or a scalar returns false and changes nothing", arguments: [
        "/missing/child", "/orders/NW-2/status", "/refunds/2", "/refunds/02", "/refunds/-/id", "/count/x",
        "/refunds/5/id",
    ])
    func setFails(text: String) throws {
        var document = Self.document
        let changed = document.set("x", at: try #require(JSONPointer(text)))
        #expect(!changed)
        #expect(document == Self.document)
    }

    // MARK: Remove

    @Test("Removing an object member returns it and keeps the other keys in order")
    func removeMember() throws {
        var document = Self.document
        let removed = document.remove(at: try #require(JSONPointer("/orders/NW-1")))
        #expect(removed == ["status": "delivered", "total": 25])
        #expect(document["orders"] == .object(JSONObject()))
        let removedSlash = document.remove(at: try #require(JSONPointer("/a~1b")))
        #expect(removedSlash == "slash")
        #expect(document.objectValue?.keys == ["orders", "refunds", "m~n", "", "count"])
    }

    @Test("Removing an array item returns it and shifts the rest")
    func removeItem() throws {
        var document = Self.document
        let removedItem = document.remove(at: try #require(JSONPointer("/refunds/0")))
        #expect(removedItem == ["id": "R-1"])
        #expect(document["refunds"] == [["id": "R-2"]])
    }

    @Test("Removing something that is not there returns nil and changes nothing", arguments: [
        "", "/missing", "/orders/NW-2", "/orders/NW-2/status", "/refunds/2", "/refunds/-", "/count/0",
    ])
    func removeMissing(text: String) throws {
        var document = Self.document
        let removed = document.remove(at: try #require(JSONPointer(text)))
        #expect(removed == nil)
        #expect(document == Self.document)
    }
}
