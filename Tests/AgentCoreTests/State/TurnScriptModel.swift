import AgentCore

/// A model that answers by how far the conversation has got: its nth turn is `turns[n]`. A run
/// resumed from a checkpoint therefore gets the turn its conversation is at, as a real model
/// shown the same conversation would, where a queue would have been used up by the first run.
struct TurnScriptModel: Model {
    let turns: [ModelResponse]

    func respond(to request: ModelRequest) async throws -> ModelResponse {
        let turn = request.messages.filter { $0.role == .assistant }.count
        guard turn < turns.count else { throw ModelError(kind: "script_exhausted", message: "no turn \(turn)") }
        return turns[turn]
    }
}
