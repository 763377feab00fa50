extension Statistics {
    /// The unbiased estimator of pass@k of Chen et al. 2021 ("Evaluating Large Language Models
    /// Trained on Code"): the probability that at least one of k trials drawn without replacement
    /// from the task's `n` trials passes, 1 − C(n−c, k)/C(n, k).
    ///
    /// Computed as 1 − ∏ (1 − k/i) for i in n−c+1 … n, which never forms a binomial coefficient
    /// and so neither overflows nor loses precision for large n. Returns nil when `k` is outside
    /// `1...n` or `c` is outside `0...n`.
    ///
    /// - Parameters:
    ///   - n: How many trials of the task ran.
    ///   - c: How many of them passed.
    ///   - k: How many attempts pass@k grants.
    public static func passAtK(trials n: Int, passes c: Int, k: Int) -> Double? {
        guard k >= 1, k <= n, (0...n).contains(c) else { return nil }
        // Fewer than k failures: every draw of k trials contains a pass.
        if n - c < k { return 1 }
        var allFail = 1.0
        // Empty when c = 0: nothing can pass, so pass@k is 0.
        for i in stride(from: n - c + 1, through: n, by: 1) {
            allFail *= 1 - Double(k) / Double(i)
        }
        return 1 - allFail
    }

    /// pass^k as in tau-bench (Yao et al. 2024): the probability that all of k trials drawn
    /// without replacement from the task's `n` trials pass, C(c, k)/C(n, k).
    ///
    /// Computed as ∏ (c−i)/(n−i) for i in 0 … k−1, for the same reason as ``passAtK(trials:passes:k:)``.
    /// Returns nil when `k` is outside `1...n` or `c` is outside `0...n`.
    ///
    /// - Parameters:
    ///   - n: How many trials of the task ran.
    ///   - c: How many of them passed.
    ///   - k: How many trials must all pass.
    public static func passHatK(trials n: Int, passes c: Int, k: Int) -> Double? {
        guard k >= 1, k <= n, (0...n).contains(c) else { return nil }
        if c < k { return 0 }
        var allPass = 1.0
        for i in 0..<k {
            allPass *= Double(c - i) / Double(n - i)
        }
        return allPass
    }

    /// The suite's pass@k: the mean of ``passAtK(trials:passes:k:)`` over the tasks with at least
    /// `k` trials. Tasks with fewer trials are left out and counted in ``SuiteMean/excluded``
    /// rather than guessed at.
    public static func meanPassAtK(tasks: [TaskTally], k: Int) -> SuiteMean {
        mean(of: tasks) { passAtK(trials: $0.trials, passes: $0.passes, k: k) }
    }

    /// The suite's pass^k: the mean of ``passHatK(trials:passes:k:)`` over the tasks with at
    /// least `k` trials. Tasks with fewer trials are left out and counted in
    /// ``SuiteMean/excluded``.
    public static func meanPassHatK(tasks: [TaskTally], k: Int) -> SuiteMean {
        mean(of: tasks) { passHatK(trials: $0.trials, passes: $0.passes, k: k) }
    }

    /// The mean of the defined per-task values.
    private static func mean(of tasks: [TaskTally], _ estimate: (TaskTally) -> Double?) -> SuiteMean {
        let values = tasks.compactMap(estimate)
        let value = values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
        return SuiteMean(value: value, counted: values.count, excluded: tasks.count - values.count)
    }
}
