import Foundation

/// Runs the suite under every given fault profile and measures how fast: trials per second,
/// simulated seconds per wall second, and the process's peak memory. A benchmark, not a test.
public struct Benchmark: Sendable {
    public var configuration: RunConfiguration

    public init(configuration: RunConfiguration) {
        self.configuration = configuration
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

    /// Runs once and measures it with `ContinuousClock` and `getrusage`.
    public func run() async throws(RunError) -> Measurement {
        let runner = Runner(configuration: configuration, provenance: Provenance(gitCommit: nil, gauntletVersion: "bench"), now: { Date() })
        let start = ContinuousClock.now
        let output = try await runner.run()
        let elapsed = ContinuousClock.now - start
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let peak = Int(usage.ru_maxrss) * 1024  // kilobytes on Linux
        #else
        getrusage(RUSAGE_SELF, &usage)
        let peak = Int(usage.ru_maxrss)  // bytes on macOS
        #endif
        let (seconds, attoseconds) = elapsed.components
        return Measurement(
            trials: output.report.trials.count,
            wallSeconds: Double(seconds) + Double(attoseconds) / 1e18,
            virtualSeconds: Double(output.report.summary.overall.virtualMs) / 1000,
            peakResidentBytes: peak,
            profiles: output.report.selection.profiles)
    }
}
