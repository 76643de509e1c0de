import BybitWire
import PaperExchange

/// Turns the exchange's ledger entries into the trace's records: every money call the
/// exchange applied (by endpoint), margin added (by the script or by auto-add-margin),
/// reduce-only fills, liquidations. Times are the entries' own: the virtual clock's.
enum TraceRecorder {
    /// The endpoint of each client request the ledger records as applied.
    static let endpoints: [LedgerEntry.Action: String] = [
        .addMargin: "/v5/position/add-margin", .setAutoAddMargin: "/v5/position/set-auto-add-margin",
        .orderCreate: "/v5/order/create", .orderCancel: "/v5/order/cancel",
        .tradingStop: "/v5/position/trading-stop", .setLeverage: "/v5/position/set-leverage",
        .switchMode: "/v5/position/switch-mode", .setMarginMode: "/v5/account/set-margin-mode",
    ]

    static func record(_ change: ExchangeChange, apiKey: String, into trace: ReplayTrace) {
        for entry in change.entries where entry.apiKey == apiKey {
            if let endpoint = endpoints[entry.action] { trace.mutation(timeMs: entry.timeMs, endpoint: endpoint) }
            switch entry.action {
            case .addMargin, .autoAddMargin:
                guard let text = entry.detail["margin"], let amount = try? ExactDecimal(parsing: text),
                    let coin = change.settleCoin(symbol: entry.symbol)
                else { continue }
                trace.marginAdded(
                    timeMs: entry.timeMs, symbol: entry.symbol, side: change.side(of: entry) ?? "", amount: amount,
                    coin: coin)
            case .liquidation:
                let mark = entry.detail["markPrice"].flatMap { try? ExactDecimal(parsing: $0) } ?? .zero
                trace.liquidated(
                    timeMs: entry.timeMs, symbol: entry.symbol,
                    side: entry.detail["side"] ?? change.side(of: entry) ?? "",
                    mark: mark)
            case .orderCreate, .orderFill:
                // a reduce-only order that filled: the position shrank by its quantity
                guard entry.detail["reduceOnly"] == "1", entry.detail["orderStatus"] == "Filled",
                    let qty = entry.detail["qty"].flatMap({ try? ExactDecimal(parsing: $0) })
                else { continue }
                trace.reduced(timeMs: entry.timeMs, symbol: entry.symbol, side: positionSide(entry, change), qty: qty)
            default: continue
            }
        }
    }

    /// The side of the position a reduce-only order shrank: the hedge slot's, else the
    /// opposite of the order's side.
    private static func positionSide(_ entry: LedgerEntry, _ change: ExchangeChange) -> String {
        switch entry.positionIdx {
        case 1: return "Buy"
        case 2: return "Sell"
        default: return change.side(of: entry) ?? (entry.detail["side"] == "Buy" ? "Sell" : "Buy")
        }
    }
}
