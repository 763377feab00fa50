import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct SuiteLoaderTests {
    static let root = SuiteSchemaFilesTests.packageRoot.path

    @Test("the bundled suite loads without problems: at least 10 tasks in at least 3 domains")
    func bundledSuite() throws {
        let result = SuiteLoader(root: Self.root).load()
        #expect(result.problems.isEmpty, "\(result.problems)")
        #expect(result.suite.tasks.count >= 10)
        #expect(Set(result.suite.tasks.map(\.domain)).count >= 3)
        #expect(result.suite.tasks.map(\.id) == result.suite.tasks.map(\.id).sorted())
    }

    @Test("a task's domain is its folder under Suites/")
    func domains() throws {
        let result = SuiteLoader(root: Self.root).load()
        for task in result.suite.tasks {
            #expect(task.file.contains("/Suites/\(task.domain)/"))
        }
    }

    @Test("names bound inside an alternative are not visible after the step (it may not have run), and error only inside handlers")
    func bindingScopes() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("loader-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Suites/shop"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Fixtures/tools"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("Fixtures/worlds"), withIntermediateDirectories: true)
        try #"{"domain":"shop","tools":[{"name":"ping","description":"Ping.","risk":"read","parameters":{"type":"object"}}]}"#
            .write(to: folder.appendingPathComponent("Fixtures/tools/shop.json"), atomically: true, encoding: .utf8)
        try #"{"state":{}}"#.write(to: folder.appendingPathComponent("Fixtures/worlds/w.json"), atomically: true, encoding: .utf8)
        try #"""
        {"id":"shop.scopes","title":"t","prompt":"p","world":"w","tools":["ping"],
         "policy":{"steps":[
            {"call":"ping","as":"first","on_error":[{"alternative":[{"call":"ping","as":"fallback"}]}]},
            {"call":"ping","args":{"x":"${fallback.ok}","y":"${error.kind}"}}],
          "answer":"${first.ok}"},
         "expect":{}}
        """#.write(to: folder.appendingPathComponent("Suites/shop/scopes.json"), atomically: true, encoding: .utf8)

        let result = SuiteLoader(root: folder.path).load()
        #expect(result.problems.map(\.description) == [
            "\(folder.path)/Suites/shop/scopes.json:/policy/steps/1/args/x: ${fallback.ok} refers to \"fallback\", which nothing earlier binds (bound here: first)",
            "\(folder.path)/Suites/shop/scopes.json:/policy/steps/1/args/y: ${error.kind} refers to \"error\", which nothing earlier binds (bound here: first)",
        ])
    }
}
