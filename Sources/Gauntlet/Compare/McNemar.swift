import Foundation

/// McNemar's test for paired binary outcomes: per task, did each version pass?
///
/// Only the discordant tasks carry information: `b`, the tasks only the baseline passes, and `c`,
/// the tasks only the candidate passes. Under "no difference" each discordant task is equally
/// likely to fall either way, so min(b, c) is a binomial tail with p = ½.
public enum McNemar {
    /// The exact two-sided p-value, min(1, 2·P(X ≤ min(b, c))) with X ~ Binomial(b + c, ½).
    ///
    /// With no discordant tasks there is no evidence of a difference and the p-value is 1, as it
    /// is whenever b and c differ by at most one. The tail is summed relative to its largest term
    /// and scaled once in log space, never forming a binomial coefficient or 2ⁿ, so it stays
    /// finite and accurate (tested to 1e-10 relative at b + c = 40,600) in time proportional to
    /// min(b, c); a tail below the least positive `Double` comes out as 0. Negative counts give
    /// NaN.
    ///
    /// - Parameters:
    ///   - b: Tasks that pass in the baseline and fail in the candidate.
    ///   - c: Tasks that fail in the baseline and pass in the candidate.
    public static func exact(baselineOnly b: Int, candidateOnly c: Int) -> Double {
        guard b >= 0, c >= 0 else { return .nan }
        let n = b + c
        let m = min(b, c)
        // No discordant task is no evidence. When b and c differ by at most one, the tail holds
        // at least half the mass (exactly half for n odd), so p is exactly 1: say so rather than
        // return the 0.9999999999999999 that log-space rounding can leave.
        if abs(b - c) <= 1 { return 1 }
        // With m ≤ n/2 the probabilities P(X = i) rise with i up to m, so the tail is a sum of
        // terms no larger than P(X = m): sum the ratios P(X = i)/P(X = m), which are ≤ 1, then
        // scale once. P(X = i − 1)/P(X = i) = i/(n − i + 1).
        var ratio = 1.0
        var tailRatio = 1.0
        var i = m
        while i > 0 {
            ratio *= Double(i) / Double(n - i + 1)
            tailRatio += ratio
            // Later terms only shrink; once they are below the sum's precision they change nothing.
            if ratio < tailRatio * 1e-17 { break }
            i -= 1
        }
        // log P(X = m) = log C(n, m) − n·log 2, with log C(n, m) = Σ log((n − m + j)/j), j = 1 … m,
        // which needs no factorial and no lgamma of a large argument.
        var logChoose = 0.0
        for j in stride(from: 1, through: m, by: 1) {
            logChoose += log(Double(n - m + j) / Double(j))
        }
        let logTail = logChoose - Double(n) * log(2.0) + log(tailRatio)
        return min(1, 2 * exp(logTail))
    }
}
