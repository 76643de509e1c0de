import BybitAPI
import NIOConcurrencyHelpers

/// The figures of a position that do not depend on the mark: its value, margins, and
/// liquidation and bankruptcy prices. Pure functions of its ``PositionTerms``.
///
/// The engine asks for them on every mark move (the liquidation check) and a replay once
/// more per row (the trace), for positions whose terms change only when margin, size or
/// leverage does; each costs divisions of 128-bit coefficients (~6,000 instructions a
/// position). So the last results are kept, in 64 slots shared by every exchange of the
/// process, found by the terms' exact digits and scales (a result's scale shows in the
/// replies' text, so `1.0` and `1.00` are different inputs).
struct TermsFigures: Sendable {
    let positionValue: ExactDecimal
    let initialMargin: ExactDecimal
    let positionIM: ExactDecimal
    let maintenanceMargin: ExactDecimal
    let liqPrice: ExactDecimal?
    let bustPrice: ExactDecimal?

    /// The figures of `own` terms, with liquidation and bankruptcy prices of `backing`
    /// (the same terms with cross collateral added to their extra margin).
    static func of(own: PositionTerms, backing: PositionTerms) throws(DecimalError) -> TermsFigures {
        let slot = Int(truncatingIfNeeded: Self.mix(own, backing) & UInt64(slotCount - 1))
        if let hit = slots.withLockedValue({ $0[slot] }), hit.matches(own, backing) { return hit.figures }
        let figures = TermsFigures(
            positionValue: try IsolatedMargin.positionValue(own),
            initialMargin: try IsolatedMargin.initialMargin(own),
            positionIM: try IsolatedMargin.positionMargin(own),
            maintenanceMargin: try IsolatedMargin.maintenanceMargin(own),
            liqPrice: try IsolatedMargin.liquidationPrice(backing),
            bustPrice: try IsolatedMargin.bankruptcyPrice(backing))
        slots.withLockedValue { $0[slot] = Entry(own: own, backing: backing, figures: figures) }
        return figures
    }

    private static let slotCount = 64
    private static let slots = NIOLockedValueBox([Entry?](repeating: nil, count: slotCount))

    private struct Entry: Sendable {
        let own: PositionTerms
        let backing: PositionTerms
        let figures: TermsFigures

        func matches(_ own: PositionTerms, _ backing: PositionTerms) -> Bool {
            Self.identical(self.own, own) && Self.identical(self.backing, backing)
        }

        static func identical(_ a: PositionTerms, _ b: PositionTerms) -> Bool {
            a.category == b.category && a.side == b.side && a.priceScale == b.priceScale
                && a.size.isIdentical(to: b.size) && a.entryPrice.isIdentical(to: b.entryPrice)
                && a.leverage.isIdentical(to: b.leverage) && a.extraMargin.isIdentical(to: b.extraMargin)
                && a.maintenanceMarginRate.isIdentical(to: b.maintenanceMarginRate)
                && a.mmDeduction.isIdentical(to: b.mmDeduction)
        }
    }

    private static func mix(_ own: PositionTerms, _ backing: PositionTerms) -> UInt64 {
        var h = own.size.bitMix &* 0x0100_0000_01b3
        h = (h ^ own.entryPrice.bitMix) &* 0x0100_0000_01b3
        h = (h ^ own.leverage.bitMix) &* 0x0100_0000_01b3
        h = (h ^ own.extraMargin.bitMix) &* 0x0100_0000_01b3
        h = (h ^ backing.extraMargin.bitMix) &* 0x0100_0000_01b3
        return h ^ (h >> 29)
    }
}
