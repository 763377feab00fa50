import Testing
import AgentCore
@testable import Gauntlet

@Suite struct SplitMix64Tests {
    @Test("seed 0 gives the published SplitMix64 sequence")
    func knownOutputs() {
        var generator = SplitMix64(seed: 0)
        #expect(generator.next() == 0xE220_A839_7B1D_CDAF)
        #expect(generator.next() == 0x6E78_9E6A_A1B9_65F4)
        #expect(generator.next() == 0x06C4_5D18_8009_454F)
    }

    @Test("the same seed gives the same stream; different seeds give different streams")
    func reproducible() {
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        var other = SplitMix64(seed: 43)
        let a = (0..<16).map { _ in first.next() }
        let b = (0..<16).map { _ in second.next() }
        let c = (0..<16).map { _ in other.next() }
        #expect(a == b)
        #expect(a != c)
        #expect(Set(a).count == 16)
    }

    @Test("mix is the output function: next() is mix of the state after adding the golden gamma")
    func mix() {
        #expect(SplitMix64.mix(0) == 0)
        #expect(SplitMix64.mix(0x9E37_79B9_7F4A_7C15) == 0xE220_A839_7B1D_CDAF)
        var generator = SplitMix64(seed: 7)
        #expect(generator.next() == SplitMix64.mix(7 &+ 0x9E37_79B9_7F4A_7C15))
    }

    @Test("it works as a RandomNumberGenerator, reproducibly")
    func randomNumberGenerator() {
        var first = SplitMix64(seed: 2026)
        var second = SplitMix64(seed: 2026)
        let a = (0..<8).map { _ in Int.random(in: 0..<1000, using: &first) }
        let b = (0..<8).map { _ in Int.random(in: 0..<1000, using: &second) }
        #expect(a == b)
        #expect(a.allSatisfy { (0..<1000).contains($0) })
    }
}
