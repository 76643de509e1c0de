import BybitAPI
import Testing

@testable import PaperExchange

/// The worked examples of reference §5, computed by the same functions the exchange uses.
@Suite struct IsolatedMarginTests {
    static let mmr = dec("0.005")

    func linear(_ side: PositionSide, size: String, entry: String, leverage: String, extra: String = "0")
        -> PositionTerms
    {
        PositionTerms(
            category: .linear, side: side, size: dec(size), entryPrice: dec(entry), leverage: dec(leverage),
            extraMargin: dec(extra), maintenanceMarginRate: Self.mmr, priceScale: 2)
    }

    func inverse(_ side: PositionSide, size: String, entry: String, leverage: String, extra: String = "0")
        -> PositionTerms
    {
        PositionTerms(
            category: .inverse, side: side, size: dec(size), entryPrice: dec(entry), leverage: dec(leverage),
            extraMargin: dec(extra), maintenanceMarginRate: Self.mmr, priceScale: 2)
    }

    // §5.1 Long 1 BTC at 20,000, 50×, MMR 0.5 %: IM 400, MM 100, LP 19,700.
    @Test func linearLongExample() throws {
        let t = linear(.buy, size: "1", entry: "20000", leverage: "50")
        #expect(try IsolatedMargin.positionValue(t) == dec("20000"))
        #expect(try IsolatedMargin.initialMargin(t) == dec("400"))
        #expect(try IsolatedMargin.maintenanceMargin(t) == dec("100"))
        #expect(try IsolatedMargin.liquidationPrice(t) == dec("19700"))
        #expect(try IsolatedMargin.liquidationPrice(t)?.description == "19700.00")
    }

    // §5.1 Short 1 BTC at 20,000, 50×, then +3,000 USDT added: LP 23,300.
    @Test func linearShortWithAddedMarginExample() throws {
        let t = linear(.sell, size: "1", entry: "20000", leverage: "50", extra: "3000")
        #expect(try IsolatedMargin.positionMargin(t) == dec("3400"))
        #expect(try IsolatedMargin.liquidationPrice(t) == dec("23300"))
    }

    // §5.1 The first long after 200 USDT of funding taken from position margin: LP 19,900.
    @Test func linearLongAfterFundingExample() throws {
        let t = linear(.buy, size: "1", entry: "20000", leverage: "50", extra: "-200")
        #expect(try IsolatedMargin.liquidationPrice(t) == dec("19900"))
    }

    // §5.1 Bankruptcy: long 1 BTC at 10,000, 50× → BP 9,800; added margin moves BP by extra/size.
    @Test func linearBankruptcyExample() throws {
        #expect(
            try IsolatedMargin.bankruptcyPrice(linear(.buy, size: "1", entry: "10000", leverage: "50")) == dec("9800"))
        #expect(
            try IsolatedMargin.bankruptcyPrice(linear(.sell, size: "1", entry: "10000", leverage: "50")) == dec("10200")
        )
        #expect(
            try IsolatedMargin.bankruptcyPrice(linear(.buy, size: "2", entry: "10000", leverage: "50", extra: "100"))
                == dec("9750"))
    }

    // §5.5 (help text): 1 BTC long at 10,000 with LP 9,500, +1,000 margin → LP 8,500.
    @Test func addedMarginMovesLiquidationByExtraOverSize() throws {
        // 10× with MMR 5 % gives LP 9,500 exactly: 10,000 − (1,000 − 500).
        var t = linear(.buy, size: "1", entry: "10000", leverage: "10")
        t.maintenanceMarginRate = dec("0.05")
        #expect(try IsolatedMargin.liquidationPrice(t) == dec("9500"))
        t.extraMargin = dec("1000")
        #expect(try IsolatedMargin.liquidationPrice(t) == dec("8500"))
    }

    // §5.2 Inverse: 100,000 USD long at 50,000, 50×: PV 2, IM 0.04, MM 0.01, LP 49,261.08;
    // short mirror 50,761.42; BP long 49,019.61, short 51,020.41.
    @Test func inverseExamples() throws {
        let long = inverse(.buy, size: "100000", entry: "50000", leverage: "50")
        #expect(try IsolatedMargin.positionValue(long) == dec("2"))
        #expect(try IsolatedMargin.initialMargin(long) == dec("0.04"))
        #expect(try IsolatedMargin.maintenanceMargin(long) == dec("0.01"))
        #expect(try IsolatedMargin.liquidationPrice(long)?.description == "49261.08")
        #expect(try IsolatedMargin.bankruptcyPrice(long)?.description == "49019.61")
        let short = inverse(.sell, size: "100000", entry: "50000", leverage: "50")
        #expect(try IsolatedMargin.liquidationPrice(short)?.description == "50761.42")
        #expect(try IsolatedMargin.bankruptcyPrice(short)?.description == "51020.41")
    }

    // §5.2 recommendation: 0.01 BTC extra on the long puts LP at 49,019.61 (the old BP).
    @Test func inverseExtraMarginGoesInTheDenominator() throws {
        let t = inverse(.buy, size: "100000", entry: "50000", leverage: "50", extra: "0.01")
        #expect(try IsolatedMargin.liquidationPrice(t)?.description == "49019.61")
    }

    @Test func unrealisedPnl() throws {
        let long = linear(.buy, size: "1", entry: "60000", leverage: "10")
        #expect(try IsolatedMargin.unrealisedPnl(long, mark: dec("58000")) == dec("-2000"))
        let short = linear(.sell, size: "10", entry: "3000", leverage: "10")
        #expect(try IsolatedMargin.unrealisedPnl(short, mark: dec("2900")) == dec("1000"))
        // Inverse long 10,000 USD: 10,000 × (1/60,000 − 1/50,000) = −0.03333333 BTC.
        let inv = inverse(.buy, size: "10000", entry: "60000", leverage: "10")
        #expect(try IsolatedMargin.unrealisedPnl(inv, mark: dec("50000")) == dec("-0.03333333"))
    }

    @Test func noLiquidationPriceWhenMarginCoversEverything() throws {
        // A 1× long with extra margin equal to its value can never be liquidated.
        let t = linear(.buy, size: "1", entry: "100", leverage: "1", extra: "100")
        #expect(try IsolatedMargin.liquidationPrice(t) == nil)
        // An inverse short whose margin exceeds its value has no finite liquidation price.
        let s = inverse(.sell, size: "100", entry: "100", leverage: "1", extra: "1")
        #expect(try IsolatedMargin.liquidationPrice(s) == nil)
    }

    @Test func isLiquidatedAtAndBeyondTheLiquidationPrice() throws {
        let t = linear(.buy, size: "1", entry: "20000", leverage: "50")
        #expect(try !IsolatedMargin.isLiquidated(t, mark: dec("19700.01")))
        #expect(try IsolatedMargin.isLiquidated(t, mark: dec("19700")))
        let s = linear(.sell, size: "1", entry: "20000", leverage: "50")
        #expect(try !IsolatedMargin.isLiquidated(s, mark: dec("20299.99")))
        #expect(try IsolatedMargin.isLiquidated(s, mark: dec("20300")))
    }
}
