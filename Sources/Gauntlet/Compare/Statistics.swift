import Foundation

/// The statistics behind `gauntlet compare`: pure functions on counts and rates, no I/O.
///
/// Invalid arguments give nil (or NaN for the normal distribution functions, as `Foundation`'s
/// own functions do) rather than a trap, so a report can say "not enough data" instead of
/// crashing on an odd run.
public enum Statistics {
    /// The standard normal cumulative distribution function, P(Z ≤ `x`).
    ///
    /// Computed as ½·erfc(−x/√2) rather than ½·(1 + erf(x/√2)) so that the lower tail keeps its
    /// relative precision instead of cancelling against 1.
    public static func normalCDF(_ x: Double) -> Double {
        0.5 * erfc(-x / 2.0.squareRoot())
    }

    /// The inverse of the standard normal cumulative distribution function: the `z` with
    /// P(Z ≤ z) = `p`.
    ///
    /// Acklam's rational approximation (relative error below 1.15e-9) followed by one Halley
    /// step against ``normalCDF(_:)``, which brings it to within a few ulps. Returns −∞ for 0,
    /// +∞ for 1 and NaN outside [0, 1].
    public static func normalQuantile(_ p: Double) -> Double {
        guard p >= 0, p <= 1 else { return .nan }
        if p == 0 { return -.infinity }
        if p == 1 { return .infinity }
        // Work in the lower half, where the tail probability is the argument itself: 1 − p is
        // exact for p in [0.5, 1] (Sterbenz), so the upper half loses nothing by the reflection.
        if p > 0.5 { return -lowerHalfQuantile(1 - p) }
        return lowerHalfQuantile(p)
    }

    /// The quantile for `p` in (0, 0.5].
    private static func lowerHalfQuantile(_ p: Double) -> Double {
        let lowBreak = 0.02425
        var x: Double
        if p < lowBreak {
            let q = (-2 * log(p)).squareRoot()
            let numerator = ((((-7.784894002430293e-03 * q - 3.223964580411365e-01) * q - 2.400758277161838e+00) * q
                - 2.549732539343734e+00) * q + 4.374664141464968e+00) * q + 2.938163982698783e+00
            let denominator = (((7.784695709041462e-03 * q + 3.224671290700398e-01) * q + 2.445134137142996e+00) * q
                + 3.754408661907416e+00) * q + 1
            x = numerator / denominator
        } else {
            let q = p - 0.5
            let r = q * q
            let numerator = (((((-3.969683028665376e+01 * r + 2.209460984245205e+02) * r - 2.759285104469687e+02) * r
                + 1.383577518672690e+02) * r - 3.066479806614716e+01) * r + 2.506628277459239e+00) * q
            let denominator = ((((-5.447609879822406e+01 * r + 1.615858368580409e+02) * r - 1.556989798598866e+02) * r
                + 6.680131188771972e+01) * r - 1.328068155288572e+01) * r + 1
            x = numerator / denominator
        }
        // One Halley step on f(x) = Φ(x) − p. For subnormal p the density factor overflows; the
        // approximation alone is then as good as a double can say.
        let error = normalCDF(x) - p
        let step = error * (2 * Double.pi).squareRoot() * exp(x * x / 2)
        if step.isFinite {
            x -= step / (1 + x * step / 2)
        }
        return x
    }

    /// The Wilson score interval for a binomial proportion.
    ///
    /// Unlike the Wald interval p ± z·√(p(1−p)/n), it stays inside [0, 1] and does not collapse to
    /// a point when every trial passes or every trial fails, which is common on behavioural
    /// suites. Returns nil for zero trials, `successes` outside `0...trials`, or a `confidence`
    /// outside (0, 1).
    ///
    /// - Parameters:
    ///   - successes: How many trials passed.
    ///   - trials: How many trials ran.
    ///   - confidence: The two-sided confidence level, 0.95 for a 95% interval.
    public static func wilson(successes: Int, trials: Int, confidence: Double = 0.95) -> ProportionInterval? {
        guard trials > 0, (0...trials).contains(successes), confidence > 0, confidence < 1 else { return nil }
        let z = normalQuantile(0.5 + confidence / 2)
        let n = Double(trials)
        let p = Double(successes) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let halfWidth = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // At 0 and n successes a bound is exactly 0 or 1 in exact arithmetic; say so exactly
        // rather than print a rounding residue such as 1e-17.
        let lower = successes == 0 ? 0 : max(0, center - halfWidth)
        let upper = successes == trials ? 1 : min(1, center + halfWidth)
        return ProportionInterval(lower: lower, upper: upper)
    }
}
