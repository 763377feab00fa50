/// The process exit codes, the same for every command.
enum ExitCode: Int32 {
    /// Everything passed.
    case success = 0
    /// The gate failed: the evidence says the agent is not good enough.
    case gateFailed = 1
    /// Usage or input error: nothing was judged.
    case inputError = 2
    /// SIGINT stopped a run early (128 + 2, as shells report it); resume it with `--resume`.
    case interrupted = 130
    /// SIGTERM stopped a run early (128 + 15).
    case terminated = 143
}
