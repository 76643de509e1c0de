import BybitAPI
import BybitLua
import PaperExchange

/// `bybit.paper.open_position`, `set_wallet`, `set_margin_mode` and `set_position_mode`
/// on the in-process exchange: the run's account is the exchange's first key.
extension PaperAdapter: PaperAccountControl {
    func openPosition(_ r: PaperPositionRequest) throws(PaperControlRefusal) {
        guard let side = PositionSide(rawValue: r.side) else {
            throw PaperControlRefusal(code: 10001, message: "side must be \"Buy\" or \"Sell\", got '\(r.side)'")
        }
        try refusing {
            try exchange.openPosition(
                symbol: r.symbol, side: side, size: r.size, entryPrice: r.entryPrice, leverage: r.leverage,
                positionIdx: r.positionIdx)
        }
    }

    func setWallet(coin: String, amount: ExactDecimal) throws(PaperControlRefusal) {
        try refusing { try exchange.setWallet(coin: coin, amount: amount) }
    }

    func setMarginMode(_ mode: String) throws(PaperControlRefusal) {
        guard let margin = MarginMode(rawValue: mode) else {
            let known = MarginMode.allCases.map(\.rawValue).joined(separator: ", ")
            throw PaperControlRefusal(code: 10001, message: "'\(mode)' is not a margin mode (\(known))")
        }
        try refusing { try exchange.setMarginMode(margin) }
    }

    func setPositionMode(symbol: String, hedge: Bool) throws(PaperControlRefusal) {
        try refusing { try exchange.setPositionMode(symbol: symbol, hedge: hedge) }
    }

    /// Runs a control, turning the exchange's refusal into the bindings' terms.
    private func refusing<T>(_ body: () throws -> T) throws(PaperControlRefusal) {
        do {
            _ = try body()
        } catch let e as PaperAPIError {
            let prefix = "params error: "
            let message = e.retMsg.hasPrefix(prefix) ? String(e.retMsg.dropFirst(prefix.count)) : e.retMsg
            throw PaperControlRefusal(code: e.retCode, message: message)
        } catch {
            throw PaperControlRefusal(code: 10016, message: "\(error)")
        }
    }
}
