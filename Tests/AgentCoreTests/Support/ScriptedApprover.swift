import AgentCore
import Synchronization

/// Answers approval requests from a script, in order, and records them. Requests beyond the
/// script are denied, as Gauntlet's mock human does.
final class ScriptedApprover: Approver {
    private struct State {
        var decisions: [ApprovalDecision]
        var requests: [ApprovalRequest] = []
    }

    private let state: Mutex<State>

    init(_ decisions: [ApprovalDecision] = []) {
        state = Mutex(State(decisions: decisions))
    }

    var requests: [ApprovalRequest] { state.withLock { $0.requests } }

    func review(_ request: ApprovalRequest) async -> ApprovalDecision {
        state.withLock { state in
            state.requests.append(request)
            return state.decisions.isEmpty ? .deny(reason: "no scripted decision") : state.decisions.removeFirst()
        }
    }
}
