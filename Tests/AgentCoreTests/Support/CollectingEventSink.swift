import AgentCore
import Synchronization

/// Keeps every event, in order.
final class CollectingEventSink: EventSink {
    private let collected = Mutex<[AgentEvent]>([])

    func record(_ event: AgentEvent) {
        collected.withLock { $0.append(event) }
    }

    var events: [AgentEvent] { collected.withLock { $0 } }
}

extension AgentEvent {
    /// The case name, for checking the shape of an event sequence.
    var label: String {
        switch self {
        case .started: "started"
        case .modelRequest: "modelRequest"
        case .modelResponse: "modelResponse"
        case .modelFailed: "modelFailed"
        case .toolRejected: "toolRejected"
        case .approvalRequested: "approvalRequested"
        case .approvalAnswered: "approvalAnswered"
        case .toolCalled: "toolCalled"
        case .toolReturned: "toolReturned"
        case .toolFailed: "toolFailed"
        case .retryScheduled: "retryScheduled"
        case .breakerChanged: "breakerChanged"
        case .breakerRejected: "breakerRejected"
        case .fallback: "fallback"
        case .contextTrimmed: "contextTrimmed"
        case .approvalTimedOut: "approvalTimedOut"
        case .budgetExhausted: "budgetExhausted"
        case .answered: "answered"
        case .checkpointSaved: "checkpointSaved"
        case .checkpointFailed: "checkpointFailed"
        case .approvalParked: "approvalParked"
        case .resumed: "resumed"
        }
    }

    /// For `.toolCalled`: the call ID and whether it was a dry run.
    var toolCalledInfo: (callID: String, dryRun: Bool)? {
        if case .toolCalled(let callID, _, _, let dryRun, _) = self { return (callID, dryRun) }
        return nil
    }
}
