import Foundation

/// The paired difference of pass rates between a baseline and a candidate, with its standard
/// error taken across tasks, as Miller 2024 ("Adding Error Bars to Evals", section 3.1 and
/// equation 7) recommends for clustered questions.
///
/// Each task contributes one number, the candidate's mean over its trials minus the baseline's.
/// The standard error is the sample standard deviation of those numbers (n − 1 in the
/// denominator) over √n. Trials of one task are never pooled as if independent: they share the
/// task's difficulty, so pooling understates the error (see ``pooledStandardError``).
///
/// The interval is mean ± z·SE and the p-value two-sided from the normal distribution, not
/// Student's t: the suites this is meant for have dozens of tasks, where the two agree to a few
/// percent, and Miller's analysis is asymptotic too.
///
/// Defined results at the edges:
/// - no tasks: the initialisers return nil;
/// - one task: the mean difference is that task's, but the standard error, interval and p-value
///   are nil (``hasEnoughTasks`` is false): one task says nothing about the spread;
/// - every task has the same difference d (for example identical versions, d = 0, or every trial
///   passing in both): the standard error is exactly 0, the interval is [d, d], and the p-value is
///   1 when d = 0 and 0 otherwise.
public struct PairedComparison: Sendable, Hashable, Codable {
    /// How many tasks the comparison is over.
    public let tasks: Int
    /// How many tasks were left out because a side had no trials (only from
    /// ``init(tasks:confidence:)``).
    public let excludedTasks: Int
    /// The mean over tasks of the candidate's pass rate minus the baseline's: negative is a drop.
    public let meanDifference: Double
    /// The sample standard deviation (n − 1) of the per-task differences; nil for fewer than two
    /// tasks.
    public let differenceStandardDeviation: Double?
    /// The standard error of ``meanDifference`` across tasks; nil for fewer than two tasks.
    public let standardError: Double?
    /// The confidence interval for the difference, mean ± z·SE; nil for fewer than two tasks. Not
    /// clipped to [−1, 1]: a bound beyond it says how little the tasks can tell.
    public let interval: ProportionInterval?
    /// The two-sided p-value for "no difference"; nil for fewer than two tasks.
    public let pValue: Double?
    /// The confidence level of ``interval``.
    public let confidence: Double
    /// The standard error a naive analysis would report, pooling every trial as an independent
    /// Bernoulli draw: √(p_b(1−p_b)/N_b + p_c(1−p_c)/N_c) over all trials. Shown for contrast
    /// only; nil when built from rates, which carry no trial counts.
    public let pooledStandardError: Double?

    /// Whether there are enough tasks (two or more) for a standard error.
    public var hasEnoughTasks: Bool { standardError != nil }

    enum CodingKeys: String, CodingKey {
        case tasks
        case excludedTasks = "excluded_tasks"
        case meanDifference = "mean_difference"
        case differenceStandardDeviation = "difference_standard_deviation"
        case standardError = "standard_error"
        case interval
        case pValue = "p_value"
        case confidence
        case pooledStandardError = "pooled_standard_error"
    }

    /// Compares per-task pass rates, each a task's mean over its trials in one version.
    ///
    /// Returns nil when `rates` is empty or `confidence` is outside (0, 1).
    public init?(rates: [(baseline: Double, candidate: Double)], confidence: Double = 0.95) {
        self.init(differences: rates.map { $0.candidate - $0.baseline }, excluded: 0, pooled: nil, confidence: confidence)
    }

    /// Compares per-task tallies, whose trial counts may differ between tasks and versions.
    ///
    /// A task with no trials on either side has no rate to compare and is left out, counted in
    /// ``excludedTasks``. Returns nil when no task is left or `confidence` is outside (0, 1).
    public init?(tasks: [PairedTally], confidence: Double = 0.95) {
        var differences: [Double] = []
        for task in tasks {
            if let baseline = task.baseline.passRate, let candidate = task.candidate.passRate {
                differences.append(candidate - baseline)
            }
        }
        self.init(
            differences: differences,
            excluded: tasks.count - differences.count,
            pooled: Self.pooledStandardError(tasks),
            confidence: confidence
        )
    }

    private init?(differences: [Double], excluded: Int, pooled: Double?, confidence: Double) {
        guard !differences.isEmpty, confidence > 0, confidence < 1 else { return nil }
        let n = differences.count
        tasks = n
        excludedTasks = excluded
        pooledStandardError = pooled
        self.confidence = confidence
        guard let first = differences.first, n >= 2 else {
            meanDifference = differences[0]
            differenceStandardDeviation = nil
            standardError = nil
            interval = nil
            pValue = nil
            return
        }
        // Equal differences have no spread. Testing for it directly keeps the standard error
        // exactly 0 where summing and dividing would leave a rounding residue such as 1e-17,
        // which would turn "no spread" into an arbitrary z.
        if differences.allSatisfy({ $0 == first }) {
            meanDifference = first
            differenceStandardDeviation = 0
            standardError = 0
            interval = ProportionInterval(lower: first, upper: first)
            pValue = first == 0 ? 1 : 0
            return
        }
        let mean = differences.reduce(0, +) / Double(n)
        // Two passes: the squared deviations from the mean, not E[x²] − E[x]², which cancels.
        let variance = differences.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(n - 1)
        let deviation = variance.squareRoot()
        let error = deviation / Double(n).squareRoot()
        let z = Statistics.normalQuantile(0.5 + confidence / 2)
        meanDifference = mean
        differenceStandardDeviation = deviation
        standardError = error
        interval = ProportionInterval(lower: mean - z * error, upper: mean + z * error)
        // 2·(1 − Φ(|t|)) = erfc(|t|/√2), without the cancellation of 1 − Φ in the tail.
        pValue = erfc(abs(mean / error) / 2.0.squareRoot())
    }

    /// The naive standard error of the difference of pooled pass rates, treating every trial as
    /// an independent Bernoulli draw; nil when either version has no trials at all.
    ///
    /// This is the analysis Miller 2024 warns against for clustered questions. It is here so a
    /// report (and a test) can show how much it understates the error.
    public static func pooledStandardError(_ tasks: [PairedTally]) -> Double? {
        let baselineTrials = tasks.reduce(0) { $0 + $1.baseline.trials }
        let candidateTrials = tasks.reduce(0) { $0 + $1.candidate.trials }
        guard baselineTrials > 0, candidateTrials > 0 else { return nil }
        let baselineRate = Double(tasks.reduce(0) { $0 + $1.baseline.passes }) / Double(baselineTrials)
        let candidateRate = Double(tasks.reduce(0) { $0 + $1.candidate.passes }) / Double(candidateTrials)
        let variance = baselineRate * (1 - baselineRate) / Double(baselineTrials)
            + candidateRate * (1 - candidateRate) / Double(candidateTrials)
        return variance.squareRoot()
    }
}
