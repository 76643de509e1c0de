import BybitAPI

/// A position as `GET /v5/position/list` and `POST /v5/position/add-margin` show it.
///
/// Deprecated fields are kept as the docs show them: `tradeMode` is always 0,
/// `positionBalance` mirrors `positionIM` (ccxt still reads it) and `bustPrice` carries
/// the computed bankruptcy price (the docs' examples still show one, ccxt reads it).
/// `takeProfit` / `stopLoss` / `trailingStop` read `"0.00"` / `"0.00"` / `"0"` when no stop
/// is set, as Bybit's own replies do.
enum PositionRenderer {
    static func render(
        _ p: Position, metrics m: PositionMetrics, instrument: Instrument, includeCategory: Bool = false
    ) -> JSONNode {
        let open = p.isOpen
        let scale = instrument.priceScale
        var fields: [(String, JSONNode)] = []
        if includeCategory { fields.append(("category", .string(instrument.category.rawValue))) }
        fields += [
            ("positionIdx", .int(p.positionIdx)),
            ("riskId", .int(m.tier.id)),
            ("riskLimitValue", Format.plain(m.tier.riskLimitValue)),
            ("symbol", .string(p.symbol)),
            ("side", .string(p.side?.rawValue ?? "")),
            ("size", Format.plain(p.size)),
            ("avgPrice", open ? Format.plain(p.avgPrice) : "0"),
            ("positionValue", Format.amount(m.positionValue)),
            ("tradeMode", 0),
            ("autoAddMargin", .int(p.autoAddMargin ? 1 : 0)),
            ("positionStatus", "Normal"),
            ("leverage", Format.plain(p.leverage)),
            ("markPrice", Format.price(m.markPrice, scale: scale)),
            ("liqPrice", Format.price(m.liqPrice, scale: scale)),
            ("bustPrice", Format.price(m.bustPrice, scale: scale)),
            ("positionIM", Format.amount(m.positionIM)),
            ("positionIMByMp", Format.amount(m.positionIM)),
            ("positionMM", Format.amount(m.maintenanceMargin)),
            ("positionMMByMp", Format.amount(m.maintenanceMargin)),
            ("positionBalance", Format.amount(m.positionIM)),
            // Bybit shows "no stop" as a zero price at the price scale ("0.00") and
            // trailingStop "0", not as "" (which a client reads as absent), so a script's
            // test for "no stop set" reads the same on both.
            ("takeProfit", Format.price(p.stops.takeProfit, scale: scale)),
            ("stopLoss", Format.price(p.stops.stopLoss, scale: scale)),
            ("trailingStop", p.stops.trailingStop.isZero ? "0" : Format.price(p.stops.trailingStop, scale: scale)),
            ("sessionAvgPrice", ""),
            ("delta", ""), ("gamma", ""), ("vega", ""), ("theta", ""),
            ("unrealisedPnl", Format.amount(m.unrealisedPnl)),
            ("curRealisedPnl", "0"),
            ("cumRealisedPnl", Format.amount(p.cumRealisedPnl)),
            ("adlRankIndicator", .int(open ? 2 : 0)),
            ("createdTime", Format.ms(p.createdTime)),
            ("updatedTime", Format.ms(p.updatedTime)),
            ("seq", .int(open ? p.updatedTime : -1)),
            ("isReduceOnly", false),
            ("mmrSysUpdatedTime", ""),
            ("leverageSysUpdatedTime", ""),
            ("tpslMode", "Full"),
            ("breakEvenPrice", open ? Format.plain(p.avgPrice) : ""),
            ("openTime", .int(open ? p.createdTime : 0)),
        ]
        return .object(fields)
    }
}
