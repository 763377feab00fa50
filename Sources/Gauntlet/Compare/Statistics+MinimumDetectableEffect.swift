extension Statistics {
    /// The smallest drop in mean pass rate that the paired comparison of ``PairedComparison``
    /// detects with the given power: (z₁₋α/₂ + z_power)·sd/√n.
    ///
    /// This is the standard normal-approximation power calculation for a two-sided test of a
    /// mean difference at level `alpha`: a true drop of this size gives a significant result in
    /// a fraction `power` of repetitions. It inherits the test's assumptions, so it is a guide to
    /// what a suite can resolve, not a promise. An `sd` of 0 gives 0; see
    /// ``expectedDifferenceSD(baseline:)`` for when that happens and what it means.
    ///
    /// Returns nil for fewer than two tasks (the test needs a standard error), a negative or
    /// non-finite `sd`, or `alpha` or `power` outside (0, 1).
    ///
    /// - Parameters:
    ///   - sd: The standard deviation of the per-task differences, observed
    ///     (``PairedComparison/differenceStandardDeviation``) or expected
    ///     (``expectedDifferenceSD(baseline:)``).
    ///   - n: How many tasks are compared.
    ///   - alpha: The two-sided significance level.
    ///   - power: The probability of detecting a drop of the returned size.
    public static func minimumDetectableDrop(
        perTaskDifferenceSD sd: Double,
        tasks n: Int,
        alpha: Double = 0.05,
        power: Double = 0.8
    ) -> Double? {
        guard n >= 2, sd >= 0, sd.isFinite, alpha > 0, alpha < 1, power > 0, power < 1 else { return nil }
        let z = normalQuantile(1 - alpha / 2) + normalQuantile(power)
        return z * sd / Double(n).squareRoot()
    }

    /// The standard deviation of per-task differences to expect before a candidate has run, from
    /// the baseline alone: sd² ≈ mean over tasks of 2·p_i(1 − p_i)/k_i.
    ///
    /// It models two independent runs of a version with the baseline's per-task pass rates p_i,
    /// each task's k_i trials binomial: the variance of one side's task mean is p_i(1 − p_i)/k_i,
    /// and the difference of two independent sides doubles it. With the same k for every task
    /// this is 2·mean(p_i(1 − p_i))/k. It counts only trial-to-trial noise, none of the
    /// task-to-task variation a real change adds, and p_i is the observed rate (the plug-in
    /// p(1 − p) is low by a factor (k − 1)/k), so the detectable drop it gives is optimistic.
    /// When every task always passes or always fails it is 0: the baseline shows no noise to
    /// scale by, and the report should say the effect is not estimable rather than print 0.
    ///
    /// Tasks with no trials are left out; returns nil when no task is left.
    public static func expectedDifferenceSD(baseline: [TaskTally]) -> Double? {
        var sum = 0.0
        var counted = 0
        for task in baseline {
            guard let p = task.passRate else { continue }
            sum += 2 * p * (1 - p) / Double(task.trials)
            counted += 1
        }
        guard counted > 0 else { return nil }
        return (sum / Double(counted)).squareRoot()
    }
}
