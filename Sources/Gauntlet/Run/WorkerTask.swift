/// What a worker process is asked to do; the launcher turns it into a command line.
public enum WorkerTask: Sendable, Hashable {
    /// Start the run as the user asked, journalling into its folder.
    case start
    /// Continue the run in the folder from its journal.
    case resume
    /// Run only the trial at `position`, alone, streaming its events to the file `trace` as they
    /// happen; journal it if it finishes.
    case isolate(position: Int, trace: String)
    /// Start no trial: write the reports of what the journal holds, marked incomplete because the
    /// run was stopped by `reason` (a worker died while the supervisor was stopping).
    case report(reason: String)
}
