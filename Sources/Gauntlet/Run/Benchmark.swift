import Foundation

/// Runs the suite under every given fault profile and measures how fast: trials per second,
/// simulated seconds per wall second, and the process's peak memory. A benchmark, not a test.
public struct Benchmark: Sendable {
    public var configuration: RunConfiguration
    /// When set, the trials run in worker processes under a `Supervisor`, as `gauntlet run` runs
    /// them; otherwise in this process.
    public var launcher: (any WorkerLauncher)?

    public init(configuration: RunConfiguration, launcher: (any WorkerLauncher)? = nil) {
        self.configuration = configuration
        self.launcher = launcher
    }

    /// What one benchmark run measured.
    public struct Measurement: Sendable {
        public var trials: Int
        public var wallSeconds: Double
        public var virtualSeconds: Double
        public var peakResidentBytes: Int
        public var profiles: [String]

        public var trialsPerSecond: Double { wallSeconds > 0 ? Double(trials) / wallSeconds : 0 }
        public var simulatedSecondsPerWallSecond: Double { wallSeconds > 0 ? virtualSeconds / wallSeconds : 0 }

        /// The lines the `bench` command prints.
        public var text: String {
            func fixed(_ value: Double, _ digits: Int) -> String { String(format: "%.\(digits)f", value) }
            return """
                trials: \(trials) (\(profiles.count) profiles: \(profiles.joined(separator: ", ")))
                wall time: \(fixed(wallSeconds, 2)) s
                trials per second: \(fixed(trialsPerSecond, 0))
                simulated time: \(fixed(virtualSeconds, 0)) s (\(fixed(simulatedSecondsPerWallSecond, 0)) simulated s per wall s)
                peak memory: \(peakResidentBytes / (1024 * 1024)) MiB (max resident set size)

                """
        }
    }

    /// Runs once and measures it with `ContinuousClock` and `getrusage` (of this process and of
    /// its workers, whichever peaked higher).
    public func run() async throws(RunError) -> Measurement {
        let start = ContinuousClock.now
        let report: RunReport
        let elapsed: Duration
        if let launcher {
            let exit = try await Supervisor(
                folder: configuration.outputFolder, launcher: launcher, stallLimit: Supervisor.stallLimit(trialTimeoutSeconds: configuration.trialTimeoutSeconds)
            ).run(resuming: false)
            elapsed = ContinuousClock.now - start
            guard case .exited(let code) = exit, code == 0 || code == 1 else { throw .worker("the benchmark's worker ended with \(exit)") }
            do throws(RunReportError) {
                report = try RunReport.load(from: configuration.outputFolder).report
            } catch {
                throw .worker(error.description)
            }
        } else {
            let runner = Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "bench"), now: { Date() })
            report = try await runner.run().report
            elapsed = ContinuousClock.now - start
        }
        let (seconds, attoseconds) = elapsed.components
        return Measurement(
            trials: report.trials.count,
            wallSeconds: Double(seconds) + Double(attoseconds) / 1e18,
            virtualSeconds: Double(report.summary.overall.virtualMs) / 1000,
            peakResidentBytes: max(Self.peakResidentBytes(children: false), Self.peakResidentBytes(children: true)),
            profiles: report.selection.profiles)
    }

    /// The peak resident set size of this process, or of its largest waited-for child.
    private static func peakResidentBytes(children: Bool) -> Int {
        var usage = rusage()
        #if os(Linux)
        getrusage(children ? RUSAGE_CHILDREN.rawValue : RUSAGE_SELF.rawValue, &usage)
        return Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        getrusage(children ? RUSAGE_CHILDREN : RUSAGE_SELF, &usage)
        return Int(usage.ru_maxrss)  // bytes on macOS
        #endif
    }
}
