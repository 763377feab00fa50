import AgentCore
import Testing
@testable import Gauntlet

/// The `page` effect op: a cursor-paginated listing over world data.
@Suite struct PageEffectTests {
    /// Five items, ids 1…5, in an array; colours alternate red and blue.
    static let world: JSONValue = [
        "items": [
            ["id": 1, "colour": "red", "name": "Kettle"], ["id": 2, "colour": "blue", "name": "Mug"],
            ["id": 3, "colour": "red", "name": "Teapot"], ["id": 4, "colour": "blue", "name": "Tray"],
            ["id": 5, "colour": "red", "name": "Kettle descaler"],
        ],
    ]

    static func listing(size: Int? = 2, endless: Bool = false, where filter: JSONObject? = nil, contains: JSONObject? = nil) throws -> ToolDefinition {
        try makeTool("list_items", effect: [
            EffectStep(operation: .page, path: "/items", binding: "page", filter: filter, contains: contains, cursor: "${args.cursor}", pageSize: size, endless: endless),
        ], result: "${page}")
    }

    /// The ids on a page.
    static func ids(_ page: JSONValue) -> [Int] {
        page["items"]?.arrayValue?.compactMap { $0["id"]?.intValue } ?? []
    }

    @Test("without a cursor argument, or with an empty or null one, the first page comes back with the next offset as a string", arguments: [
        JSONValue.object(JSONObject()), ["cursor": ""], ["cursor": nil],
    ])
    func firstPage(arguments: JSONValue) async throws {
        let page = try await WorldHarness(Self.world).call(try Self.listing(), arguments)
        #expect(Self.ids(page) == [1, 2])
        #expect(page["next_cursor"] == "2")
    }

    @Test("a cursor no listing gives out is invalid, however large: no offset overflows", arguments: ["9223372036854775807", "-1", "abc", "1000000001"])
    func madeUpCursor(cursor: String) async throws {
        let harness = WorldHarness(Self.world)
        for listing in [try Self.listing(), try Self.listing(endless: true)] {
            await #expect(throws: ToolError.self) { _ = try await harness.call(listing, ["cursor": .string(cursor)]) }
        }
    }

    @Test("following next_cursor walks every item once, and the last page's cursor is null")
    func walk() async throws {
        let harness = WorldHarness(Self.world)
        let tool = try Self.listing()
        var cursor: JSONValue = ""
        var pages: [[Int]] = []
        var cursors: [JSONValue] = []
        while pages.count < 10 {
            let page = try await harness.call(tool, ["cursor": cursor])
            pages.append(Self.ids(page))
            let next = try #require(page["next_cursor"])
            cursors.append(next)
            guard next != .null else { break }
            cursor = next
        }
        #expect(pages == [[1, 2], [3, 4], [5]])
        #expect(cursors == ["2", "4", nil])
    }

    @Test("a numeric cursor reads as its offset")
    func numericCursor() async throws {
        let page = try await WorldHarness(Self.world).call(try Self.listing(), ["cursor": 3])
        #expect(Self.ids(page) == [4, 5])
        #expect(page["next_cursor"] == nil as JSONValue)
    }

    @Test("the cursor at the very end gives an empty last page")
    func cursorAtEnd() async throws {
        let page = try await WorldHarness(Self.world).call(try Self.listing(), ["cursor": "5"])
        #expect(page == ["items": [], "next_cursor": nil])
    }

    @Test("a cursor the listing never gave out is an invalid error naming it", arguments: [
        ("abc", #"list_items: "abc" is not a cursor this listing gave out."#),
        ("-2", #"list_items: "-2" is not a cursor this listing gave out."#),
        ("1.5", #"list_items: "1.5" is not a cursor this listing gave out."#),
        ("6", "list_items: the cursor 6 is past the end of the listing (5 items)."),
    ])
    func invalidCursor(cursor: String, message: String) async throws {
        let harness = WorldHarness(Self.world)
        let tool = try Self.listing()
        await #expect(throws: ToolError(.invalid, message)) {
            try await harness.call(tool, ["cursor": .string(cursor)])
        }
        #expect(harness.state == Self.world)
    }

    @Test("without a size a page holds 10 items")
    func defaultSize() async throws {
        let many: JSONValue = ["items": .array((1...12).map { ["id": .number(Double($0))] })]
        let harness = WorldHarness(many)
        let first = try await harness.call(try Self.listing(size: nil))
        #expect(Self.ids(first) == Array(1...10))
        #expect(first["next_cursor"] == "10")
        let second = try await harness.call(try Self.listing(size: nil), ["cursor": "10"])
        #expect(Self.ids(second) == [11, 12])
        #expect(second["next_cursor"] == nil as JSONValue)
    }

    @Test("where and contains filter the items before they are paged")
    func filtered() async throws {
        let harness = WorldHarness(Self.world)
        let red = try Self.listing(where: jsonObject(["colour": "red"]))
        let first = try await harness.call(red)
        #expect(Self.ids(first) == [1, 3])
        #expect(first["next_cursor"] == "2")
        let second = try await harness.call(red, ["cursor": "2"])
        #expect(Self.ids(second) == [5])
        #expect(second["next_cursor"] == nil as JSONValue)
        let kettles = try await harness.call(try Self.listing(size: 5, contains: jsonObject(["name": "KETTLE"])))
        #expect(Self.ids(kettles) == [1, 5])
        #expect(kettles["next_cursor"] == nil as JSONValue)
    }

    @Test("an endless listing never returns a null cursor: its offsets keep growing and the items wrap around")
    func endless() async throws {
        let harness = WorldHarness(Self.world)
        let tool = try Self.listing(endless: true)
        var cursor: JSONValue = ""
        var cursors: [JSONValue] = []
        var seen: [Int] = []
        for _ in 0..<8 {
            let page = try await harness.call(tool, ["cursor": cursor])
            let next = try #require(page["next_cursor"])
            #expect(next != .null)
            cursors.append(next)
            seen += Self.ids(page)
            cursor = next
        }
        #expect(cursors == ["2", "4", "6", "8", "10", "12", "14", "16"])
        // After the fifth item it starts again from the first.
        #expect(Array(seen.prefix(6)) == [1, 2, 3, 4, 5, 2])
        #expect(Set(seen) == [1, 2, 3, 4, 5])
        #expect(seen.count > 5)
    }

    @Test("an endless listing over nothing returns empty pages, still with a cursor")
    func endlessEmpty() async throws {
        let page = try await WorldHarness(["items": []]).call(try Self.listing(endless: true), ["cursor": "4"])
        #expect(page == ["items": [], "next_cursor": "6"])
    }

    @Test("page over a path that is not there is not_found")
    func missingPath() async throws {
        let tool = try makeTool("list_items", effect: [EffectStep(operation: .page, path: "/nothing", binding: "page", cursor: "${args.cursor}", pageSize: 2)], result: "${page}")
        await #expect(throws: ToolError(.notFound, "Nothing found at /nothing.")) {
            try await WorldHarness(Self.world).call(tool)
        }
    }
}
