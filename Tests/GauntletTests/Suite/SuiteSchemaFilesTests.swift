import AgentCore
import Foundation
import Testing
@testable import Gauntlet

@Suite struct SuiteSchemaFilesTests {
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test("the shipped schema files are exactly the schemas validate checks against", arguments: SuiteFileKind.allCases)
    func shippedSchemaMatches(kind: SuiteFileKind) throws {
        let file = Self.packageRoot.appendingPathComponent("Suites/schema/\(kind.schemaFileName)")
        let shipped = try String(contentsOf: file, encoding: .utf8)
        #expect(shipped == SuiteSchemaFiles.content(of: kind), "run `swift run gauntlet schema` to regenerate Suites/schema/")
    }

    @Test("every schema compiles in Gauntlet's JSON Schema subset", arguments: SuiteFileKind.allCases)
    func schemaCompiles(kind: SuiteFileKind) throws {
        _ = try JSONSchema(kind.schemaDocument)
    }
}
