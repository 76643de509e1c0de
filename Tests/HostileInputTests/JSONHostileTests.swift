import PropertyBased
import Testing

@testable import BybitAPI

/// The wire's JSON parser against hostile bytes, under the options of both sides: mutated
/// Bybit replies and paper exchange request bodies, and random bytes.
@Suite struct JSONHostileTests {
    static let seeds: [[UInt8]] =
        BybitReplies.seeds.map { Array($0.1.utf8) } + PaperRequests.seeds.map { Array($0.1.utf8) }

    static let mutatedDocument = Generator<[UInt8], Shrink.None<[UInt8]>> { rng in
        Mutator.mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], using: &rng)
    }

    @Test func seedsParseTheSameUnderBothOptions() {
        for seed in Self.seeds { #expect(Oracle.json(seed) == nil, "\(String(decoding: seed, as: UTF8.self))") }
    }

    @Test func mutatedDocumentsParseAlikeOrFailCleanly() async {
        let start = ContinuousClock.now
        var tried = 0
        await propertyCheck(count: Budget.count(20_000), input: Self.mutatedDocument) { bytes in
            tried += 1
            #expect(Oracle.json(bytes) == nil)
        }
        Budget.report("json.parse(mutated documents, both options)", tried, since: start)
    }

    @Test func randomBytesFailCleanly() async {
        let start = ContinuousClock.now
        var tried = 0
        await propertyCheck(count: Budget.count(20_000), input: Gen.uint8().array(of: 0...64)) { bytes in
            tried += 1
            #expect(Oracle.json(bytes) == nil)
        }
        Budget.report("json.parse(random bytes, both options)", tried, since: start)
    }
}
