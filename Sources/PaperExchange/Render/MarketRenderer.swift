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
        var ticker = tickerTemplate
        ticker.setValue(.string(i.symbol), at: TickerKey.symbol.rawValue)
        ticker.setValue(markText, at: TickerKey.lastPrice.rawValue)
        ticker.setValue(markText, at: TickerKey.indexPrice.rawValue)
        ticker.setValue(markText, at: TickerKey.markPrice.rawValue)
        ticker.setValue(prevText, at: TickerKey.prevPrice24h.rawValue)
        ticker.setValue(change, at: TickerKey.price24hPcnt.rawValue)
        ticker.setValue(Format.price(range.high, scale: scale), at: TickerKey.highPrice24h.rawValue)
        ticker.setValue(Format.price(range.low, scale: scale), at: TickerKey.lowPrice24h.rawValue)
        ticker.setValue(prevText, at: TickerKey.prevPrice1h.rawValue)
        ticker.setValue(.string(String(nextFunding)), at: TickerKey.nextFundingTime.rawValue)
        ticker.setValue(
            Format.price(try? mark.subtracting(i.tickSize), scale: scale), at: TickerKey.bid1Price.rawValue)
        ticker.setValue(Format.price(try? mark.adding(i.tickSize), scale: scale), at: TickerKey.ask1Price.rawValue)
        return .object(ticker)
    }

    /// A ticker's members in the order Bybit lists them.
    private enum TickerKey: Int, CaseIterable {
        case symbol, lastPrice, indexPrice, markPrice, prevPrice24h, price24hPcnt, highPrice24h, lowPrice24h
        case prevPrice1h, openInterest, openInterestValue, turnover24h, volume24h, fundingRate, nextFundingTime
        case fundingIntervalHour, fundingCap, predictedDeliveryPrice, basisRate, deliveryFeeRate, deliveryTime
        case ask1Size, bid1Price, ask1Price, bid1Size, basis

        /// The value no mark changes (the paper exchange has no volume, funding or delivery);
        /// `""` where the render writes one.
        var constant: JSONNode {
            switch self {
            case .openInterest, .openInterestValue, .turnover24h, .volume24h, .deliveryTime: "0"
            case .fundingRate: "0.0001"
            case .fundingIntervalHour: "8"
            case .fundingCap: "0.005"
            case .ask1Size, .bid1Size: "1"
            default: ""
            }
        }
    }

    /// Every key with its constant: a render copies it and writes the rest by position.
    /// Building the object member by member (a key hash and a duplicate scan each) cost
    /// more than the rest of the render, once per price row of a replay.
    private static let tickerTemplate = JSONObject(
        TickerKey.allCases.map { (String(describing: $0), $0.constant) })

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
