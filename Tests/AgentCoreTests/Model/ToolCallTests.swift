import AgentCore
import Testing

@Suite struct ToolCallTests {
    @Test("A call built from a JSON value stores the compact JSON text")
    func argumentsFromJSON() {
        let call = ToolCall(id: "c1", name: "refund_order", arguments: ["order_id": "NW-1", "amount": 12.5])
        #expect(call.arguments == #"{"order_id":"NW-1","amount":12.5}"#)
        #expect(call == ToolCall(id: "c1", name: "refund_order", arguments: #"{"order_id":"NW-1","amount":12.5}"#))
    }

    @Test("Token usage adds input and output separately")
    func tokenUsage() {
        let sum = TokenUsage(input: 10, output: 5) + TokenUsage(input: 1, output: 2)
        #expect(sum == TokenUsage(input: 11, output: 7))
        #expect(sum.total == 18)
        #expect(TokenUsage().total == 0)
    }

    @Test("A user message is a plain user turn")
    func userMessage() {
        #expect(Message.user("hi") == Message(role: .user, content: "hi", toolCalls: [], toolCallID: nil, isError: false))
    }

    @Test("A model error describes itself as kind: message")
    func modelErrorDescription() {
        #expect(ModelError(kind: "rate_limited", message: "slow down").description == "rate_limited: slow down")
    }
}
