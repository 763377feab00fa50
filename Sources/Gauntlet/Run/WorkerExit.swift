import Foundation

/// How a worker process ended.
public enum WorkerExit: Sendable, Hashable {
    /// It returned this exit code.
    case exited(Int32)
    /// A signal killed it: a trap (SIGILL, SIGTRAP), a crash (SIGSEGV, SIGBUS), or a kill.
    case signalled(Int32)

    /// The conventional name of a signal, such as `SIGILL`.
    public static func name(ofSignal number: Int32) -> String {
        let names: [Int32: String] = [
            SIGHUP: "SIGHUP", SIGINT: "SIGINT", SIGQUIT: "SIGQUIT", SIGILL: "SIGILL", SIGTRAP: "SIGTRAP", SIGABRT: "SIGABRT",
            SIGBUS: "SIGBUS", SIGFPE: "SIGFPE", SIGKILL: "SIGKILL", SIGSEGV: "SIGSEGV", SIGPIPE: "SIGPIPE", SIGTERM: "SIGTERM",
        ]
        return names[number] ?? "signal \(number)"
    }
}
