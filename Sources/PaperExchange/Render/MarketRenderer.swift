import BybitAPI

/// Ticker and instrument rows for linear and inverse perpetuals.
enum MarketRenderer {
    /// Every price field follows the mark: the paper exchange has no order book, so last,
    /// index and mark prices coincide and the book is one tick either side.
    static func ticker(_ i: Instrument, in book: Book, nowMs: Int64) -> JSONNode {
        let scale = i.priceScale
        let mark = book.mark(i.symbol)
        let range = book.markRange[i.symbol] ?? (low: mark, high: mark)
        let change: JSONNode = {
            guard i.initialMarkPrice.sign > 0,
                let delta = try? mark.subtracting(i.initialMarkPrice).divided(
                    by: i.initialMarkPrice, scale: 6, rounding: .halfUp)
            else { return "0" }
            return Format.plain(delta)
        }()
        let eightHours: Int64 = 8 * 3600 * 1000
        let nextFunding = (nowMs / eightHours + 1) * eightHours
        // each text once: a replay renders a ticker per price row
        let markText = Format.price(mark, scale: scale)
        let prevText = Format.price(i.initialMarkPrice, scale: scale)
        return .object([
            ("symbol", .string(i.symbol)),
            ("lastPrice", markText),
            ("indexPrice", markText),
            ("markPrice", markText),
            ("prevPrice24h", prevText),
            ("price24hPcnt", change),
            ("highPrice24h", Format.price(range.high, scale: scale)),
            ("lowPrice24h", Format.price(range.low, scale: scale)),
            ("prevPrice1h", prevText),
            ("openInterest", "0"), ("openInterestValue", "0"), ("turnover24h", "0"), ("volume24h", "0"),
            ("fundingRate", "0.0001"), ("nextFundingTime", .string(String(nextFunding))),
            ("fundingIntervalHour", "8"), ("fundingCap", "0.005"),
            ("predictedDeliveryPrice", ""), ("basisRate", ""), ("deliveryFeeRate", ""), ("deliveryTime", "0"),
            ("ask1Size", "1"), ("bid1Price", Format.price(try? mark.subtracting(i.tickSize), scale: scale)),
            ("ask1Price", Format.price(try? mark.adding(i.tickSize), scale: scale)), ("bid1Size", "1"),
            ("basis", ""),
        ])
    }

    /// An instruments-info row; the leverage and lot-size filters are the instrument's own
    /// (the limits set-leverage and order sizes are checked against).
    static func instrument(_ i: Instrument) -> JSONNode {
        let tier = i.riskTiers[0]
        return .object([
            ("symbol", .string(i.symbol)),
            ("contractType", i.category == .linear ? "LinearPerpetual" : "InversePerpetual"),
            ("status", "Trading"),
            ("baseCoin", .string(i.baseCoin)),
            ("quoteCoin", .string(i.quoteCoin)),
            ("launchTime", "1585526400000"),
            ("deliveryTime", "0"),
            ("deliveryFeeRate", ""),
            ("priceScale", .string(String(i.priceScale))),
            (
                "leverageFilter",
                .object([
                    ("minLeverage", Format.plain(i.minLeverage)),
                    ("maxLeverage", Format.price(i.maxLeverage, scale: 2)),
                    ("leverageStep", .string(i.leverageStep.description)),
                ])
            ),
            (
                "priceFilter",
                .object([
                    ("minPrice", Format.price(i.minPrice, scale: i.priceScale)),
                    ("maxPrice", Format.price(i.maxPrice, scale: i.priceScale)),
                    ("tickSize", .string(i.tickSize.description)),
                ])
            ),
            (
                "lotSizeFilter",
                .object([
                    ("maxOrderQty", .string(i.maxOrderQty.description)),
                    ("minOrderQty", .string(i.minOrderQty.description)),
                    ("qtyStep", .string(i.qtyStep.description)),
                    ("postOnlyMaxOrderQty", .string(i.maxOrderQty.description)),
                    ("maxMktOrderQty", .string(i.maxMktOrderQty.description)),
                    ("minNotionalValue", Format.plain(i.minNotionalValue)),
                ])
            ),
            ("unifiedMarginTrade", true),
            ("fundingInterval", 480),
            ("settleCoin", .string(i.settleCoin)),
            ("copyTrading", "both"),
            ("upperFundingRate", "0.005"),
            ("lowerFundingRate", "-0.005"),
            ("isPreListing", false),
            ("preListingInfo", .null),
            ("riskParameters", .object([("priceLimitRatioX", "0.01"), ("priceLimitRatioY", "0.02")])),
            ("displayName", ""),
            ("symbolType", ""),
            ("maintenanceMarginRate", Format.plain(tier.maintenanceMarginRate)),
        ])
    }
}
