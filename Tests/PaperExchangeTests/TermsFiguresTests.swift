import Foundation
import Testing

@testable import BybitWire
@testable import PaperExchange

/// The kept figures of a position's terms (``TermsFigures``) must be exactly what the
/// formulas give, digits and scale: for many terms cycled through the 64 slots again and
/// again (hits, misses and slot collisions), for terms equal by value but written with
/// other scales, and from many threads at once.
@Suite struct TermsFiguresTests {
    static func d(_ text: String) -> ExactDecimal { try! ExactDecimal(parsing: text) }

    static func terms(_ n: Int, scaleOfEntry: Int = 1) -> (PositionTerms, PositionTerms) {
        let entry = Self.d(
            "\(50_000 + n * 37)" + (scaleOfEntry > 0 ? "." + String(repeating: "0", count: scaleOfEntry) : ""))
        var own = PositionTerms(
            category: n % 3 == 0 ? .inverse : .linear, side: n % 2 == 0 ? .buy : .sell,
            size: n % 3 == 0 ? Self.d("\(1000 + n)") : Self.d("0.\(100 + n % 900)"),
            entryPrice: entry, leverage: Self.d("\(2 + n % 9)"),
            extraMargin: Self.d("\(n % 50).5"), maintenanceMarginRate: Self.d("0.005"),
            priceScale: n % 3 == 0 ? 1 : 2)
        own.mmDeduction = .zero
        var backing = own
        backing.extraMargin = (try? own.extraMargin.adding(Self.d("\(n % 4)00"))) ?? own.extraMargin
        return (own, backing)
    }

    /// What the formulas give, as text (digits and scale).
    static func direct(_ own: PositionTerms, _ backing: PositionTerms) throws -> [String] {
        [
            try IsolatedMargin.positionValue(own).description, try IsolatedMargin.initialMargin(own).description,
            try IsolatedMargin.positionMargin(own).description, try IsolatedMargin.maintenanceMargin(own).description,
            try IsolatedMargin.liquidationPrice(backing)?.description ?? "nil",
            try IsolatedMargin.bankruptcyPrice(backing)?.description ?? "nil",
        ]
    }

    static func kept(_ own: PositionTerms, _ backing: PositionTerms) throws -> [String] {
        let f = try TermsFigures.of(own: own, backing: backing)
        return [
            f.positionValue.description, f.initialMargin.description, f.positionIM.description,
            f.maintenanceMargin.description, f.liqPrice?.description ?? "nil", f.bustPrice?.description ?? "nil",
        ]
    }

    @Test func keptFiguresAreTheFormulasOwnAcrossHitsMissesAndCollisions() throws {
        for round in 0..<3 {
            for n in 0..<300 {
                let (own, backing) = Self.terms(n)
                #expect(try Self.kept(own, backing) == Self.direct(own, backing), "terms \(n), round \(round)")
            }
        }
    }

    @Test func termsEqualByValueButNotByScaleAreNotConfused() throws {
        for n in [1, 2, 3] {
            for scale in [0, 1, 4, 0, 4] {
                let (own, backing) = Self.terms(n, scaleOfEntry: scale)
                let kept = try Self.kept(own, backing)
                #expect(kept == (try Self.direct(own, backing)), "terms \(n), entry scale \(scale)")
            }
        }
        // the inputs really are equal by value and differ in scale
        let (a, _) = Self.terms(2, scaleOfEntry: 0)
        let (b, _) = Self.terms(2, scaleOfEntry: 4)
        #expect(a.entryPrice == b.entryPrice && !a.entryPrice.isIdentical(to: b.entryPrice))
    }

    /// Terms that differ in one field only, asked for one after the other: the fields the
    /// slot index does not mix in land in the same slot, so only the comparison of every
    /// field tells them apart.
    @Test func everyFieldOfTheTermsCounts() throws {
        let (base, baseBacking) = Self.terms(5)
        var variants: [(PositionTerms, PositionTerms)] = []
        func variant(_ change: (inout PositionTerms) -> Void) {
            var own = base
            var backing = baseBacking
            change(&own)
            change(&backing)
            variants.append((own, backing))
        }
        variant { $0.side = .buy }
        variant { $0.category = .inverse }
        variant { $0.priceScale = 4 }
        variant { $0.maintenanceMarginRate = Self.d("0.01") }
        variant { $0.mmDeduction = Self.d("10") }
        variant { $0.leverage = Self.d("3") }
        variant { $0.size = Self.d("0.2") }
        variant { $0.entryPrice = Self.d("40000.5") }
        variant { $0.extraMargin = Self.d("1") }
        variants.append((base, base))  // the backing without cross collateral
        for (n, (own, backing)) in variants.enumerated() {
            _ = try Self.kept(base, baseBacking)
            #expect(try Self.kept(own, backing) == Self.direct(own, backing), "variant \(n)")
        }
    }

    @Test func manyThreadsAtOnceGetTheirOwnFigures() async throws {
        let failures = await withTaskGroup(of: Int.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var bad = 0
                    for i in 0..<400 {
                        let (own, backing) = Self.terms((i * 7 + worker * 13) % 200)
                        if (try? Self.kept(own, backing)) != (try? Self.direct(own, backing)) { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        #expect(failures == 0)
    }
}
