import AgentCore
import Testing

/// A task's scope: per tool, a JSON Schema the arguments must also satisfy, enforced by the core
/// whatever the model asks.
@Suite struct AgentScopeTests {
    /// Compiles a scope schema the way the suite loader does, failing the test on a problem.
    static func scopeSchema(_ text: String) throws -> JSONSchema {
        var problems: [SchemaViolation] = []
        let compiled = JSONSchema.compile(try json(text), at: .root, problems: &problems)
        #expect(problems.isEmpty, "\(problems)")
        return compiled
    }

    static func emailTool(needsApproval: Bool = false) throws -> RecordingTool {
        RecordingTool(try makeSpec("send_email", risk: .write, needsApproval: needsApproval), returning: ["sent": true])
    }

    static let onlyDana = #"{"type": "object", "properties": {"to": {"enum": ["dana@example.com"]}}, "required": ["to"]}"#

    @Test("a call outside the task's scope is refused with not_allowed, saying it is outside this task's scope, and never reaches the tool")
    func outOfScope() async throws {
        let tool = try Self.emailTool()
        let configuration = AgentConfiguration(scope: ["send_email": try Self.scopeSchema(Self.onlyDana)])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "send_email", arguments: ["to": "attacker@evil.test", "body": "hi"]), tools: [tool], configuration: configuration)
        #expect(tool.callCount == 0)
        #expect(run.errorKind == "not_allowed")
        #expect(run.content["error"]?["retryable"] == false)
        let message = try #require(run.errorMessage)
        #expect(message.hasPrefix(#"The call to "send_email" is outside this task's scope (arguments/to: "#), "\(message)")
        #expect(message.hasSuffix("; it was not made."))
        #expect(run.labels.contains("toolRejected"))
        #expect(!run.labels.contains("toolCalled"))
    }

    @Test("a scope that misses a required key refuses the call, naming the arguments as a whole")
    func missingScopedKey() async throws {
        let tool = try Self.emailTool()
        let configuration = AgentConfiguration(scope: ["send_email": try Self.scopeSchema(Self.onlyDana)])
        let run = try await runSingleCall(ToolCall(id: "c1", name: "send_email", arguments: ["body": "hi"]), tools: [tool], configuration: configuration)
        #expect(tool.callCount == 0)
        #expect(run.errorMessage == #"The call to "send_email" is outside this task's scope (arguments: missing required key "to"); it was not made."#)
    }

    @Test("an in-scope call goes through with its arguments")
    func inScope() async throws {
        let tool = try Self.emailTool()
        let configuration = AgentConfiguration(scope: ["send_email": try Self.scopeSchema(Self.onlyDana)])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "send_email", arguments: ["to": "dana@example.com", "body": "hi"]), tools: [tool], configuration: configuration)
        #expect(tool.receivedArguments == [["to": "dana@example.com", "body": "hi"]])
        #expect(run.content == ["sent": true])
    }

    @Test("a scope binds only its own tool: another tool with the same arguments is not checked")
    func scopeIsPerTool() async throws {
        let other = RecordingTool(try makeSpec("draft_email", risk: .write), returning: ["drafted": true])
        let configuration = AgentConfiguration(scope: ["send_email": try Self.scopeSchema(Self.onlyDana)])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "draft_email", arguments: ["to": "attacker@evil.test"]), tools: [other, try Self.emailTool()], configuration: configuration)
        #expect(other.callCount == 1)
        #expect(run.content == ["drafted": true])
    }

    @Test("an out-of-scope call that needs approval is refused before any human is asked")
    func scopeBeforeApproval() async throws {
        let tool = try Self.emailTool(needsApproval: true)
        let approver = ScriptedApprover([.approve])
        let configuration = AgentConfiguration(scope: ["send_email": try Self.scopeSchema(Self.onlyDana)])
        let run = try await runSingleCall(
            ToolCall(id: "c1", name: "send_email", arguments: ["to": "attacker@evil.test"]), tools: [tool], configuration: configuration, approver: approver)
        #expect(approver.requests.isEmpty)
        #expect(tool.callCount == 0)
        #expect(run.errorKind == "not_allowed")
    }
}
