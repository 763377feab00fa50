import AgentCore
import Foundation
import Synchronization

/// Numbers the points a run passes (every event it records, every effect a tool applies) and
/// kills the process with SIGKILL right after point `killAt`; with none it only remembers them.
final class KillSwitch: EventSink {
    let killAt: Int?
    private let passed = Mutex<[String]>([])

    init(killAt: Int?) {
        self.killAt = killAt
    }

    /// The points passed so far, in order.
    var points: [String] { passed.withLock { $0 } }

    func record(_ event: AgentEvent) {
        point(event.label)
    }

    func point(_ name: String) {
        let index = passed.withLock { points in
            points.append(name)
            return points.count - 1
        }
        if index == killAt { kill(getpid(), SIGKILL) }
    }
}
