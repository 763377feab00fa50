/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny, fast, seedable generator whose every seed
/// gives a full-period stream. The harness derives all of a trial's randomness from it, and the
/// agent its retry jitter, so a seed reproduces both.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function: a bijective avalanche of one 64-bit word.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension SplitMix64 {
    /// A number in [0, 1) that is a pure function of `parts`: the same inputs give the same
    /// number whatever else was drawn before, so decisions stay paired across agent versions.
    public static func unit(_ parts: UInt64...) -> Double {
        var state: UInt64 = 0x243F_6A88_85A3_08D3
        for part in parts { state = mix(state ^ mix(part &+ 0x9E37_79B9_7F4A_7C15)) }
        return Double(state >> 11) * 0x1.0p-53
    }

    /// 64-bit FNV-1a of the UTF-8 bytes of `text`, for mixing names into seeds.
    public static func hash(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01B3
        }
        return hash
    }
}
