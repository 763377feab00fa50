import Testing
@testable import Gauntlet

@Suite struct NormalDistributionTests {
    /// (p, Φ⁻¹(p)). Source: Python 3 `statistics.NormalDist().inv_cdf(p)` (Wichura's AS 241,
    /// accurate to about 1e-16), printed with repr.
    static let quantiles: [(Double, Double)] = [
        (1e-300, -37.0470962993612),
        (1e-100, -21.27345356096532),
        (1e-20, -9.262340089798405),
        (1e-10, -6.361340902404056),
        (1e-5, -4.2648907939228256),
        (0.001, -3.090232306167813),
        (0.01, -2.3263478740408408),
        (0.02425, -1.9729610513118845),  // Acklam's break between the tail and central regions
        (0.025, -1.9599639845400538),
        (0.1, -1.2815515655446008),
        (0.3, -0.5244005127080407),
        (0.5, 0.0),
        (0.7, 0.5244005127080407),
        (0.9, 1.2815515655446008),
        (0.975, 1.9599639845400536),
        (0.99, 2.3263478740408408),
        (0.999, 3.090232306167813),
        (1 - 1e-10, 6.361340889697421),
    ]

    @Test("the quantile matches an independent implementation to 1e-9 from 1e-300 to 1 − 1e-10")
    func quantileTable() {
        for (p, expected) in Self.quantiles {
            #expect(isClose(Statistics.normalQuantile(p), to: expected, absolute: 1e-9), "p = \(p)")
        }
    }

    @Test("the two quantiles a 95% interval at 80% power needs are exact to 1e-12")
    func namedQuantiles() {
        // Source: the brief's reference values, z(0.975) = 1.959963984540054 and
        // z(0.8) = 0.8416212335729143 (standard tables; Python's NormalDist agrees to 1e-15).
        #expect(isClose(Statistics.normalQuantile(0.975), to: 1.959963984540054, absolute: 1e-12))
        #expect(isClose(Statistics.normalQuantile(0.8), to: 0.8416212335729143, absolute: 1e-12))
        #expect(Statistics.normalQuantile(0.5) == 0)
    }

    @Test("the quantile is antisymmetric about one half")
    func symmetry() {
        // Dyadic p, so that 1 − p is exact and the two sides ask the same question.
        for p in [0x1p-40, 0x1p-20, 0.0625, 0.125, 0.25, 0.375] {
            #expect(Statistics.normalQuantile(p) == -Statistics.normalQuantile(1 - p), "p = \(p)")
        }
    }

    @Test("the quantile inverts the CDF, to 1e-13 relative even deep in the lower tail")
    func roundTrip() {
        for p in [1e-200, 1e-50, 1e-8, 0.0125, 0.2, 0.5, 0.65, 0.95] {
            #expect(isClose(Statistics.normalCDF(Statistics.normalQuantile(p)), to: p, relative: 1e-13), "p = \(p)")
        }
    }

    @Test("the quantile gives ±infinity at 0 and 1 and NaN outside [0, 1]")
    func quantileEdges() {
        #expect(Statistics.normalQuantile(0) == -.infinity)
        #expect(Statistics.normalQuantile(1) == .infinity)
        #expect(Statistics.normalQuantile(-0.1).isNaN)
        #expect(Statistics.normalQuantile(1.5).isNaN)
        #expect(Statistics.normalQuantile(.nan).isNaN)
    }

    @Test("the CDF matches tabulated values, keeping relative precision in the lower tail")
    func cdfTable() {
        // Source: Python 3 `0.5 * math.erfc(-x / math.sqrt(2))`; Φ(1.96) = 0.9750021 and
        // Φ(−8) = 6.220960574e-16 also appear in standard normal tables.
        let table: [(Double, Double)] = [
            (-8.0, 6.220960574271819e-16),
            (-5.0, 2.866515718791946e-07),
            (-1.96, 0.024997895148220435),
            (0.0, 0.5),
            (0.5, 0.6914624612740131),
            (1.96, 0.9750021048517795),
            (3.0, 0.9986501019683699),
        ]
        for (x, expected) in table {
            #expect(isClose(Statistics.normalCDF(x), to: expected, relative: 1e-14), "x = \(x)")
        }
    }
}
