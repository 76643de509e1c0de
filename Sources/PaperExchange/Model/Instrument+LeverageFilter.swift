public import BybitWire

/// The leverage and lot-size filters (`leverageFilter`, `lotSizeFilter`) as checks, one
/// place for set-leverage, the paper controls and scenario positions.
extension Instrument {
    /// Why `leverage` is not allowed on this instrument, or nil when it is: it must lie in
    /// `minLeverage...maxLeverage` and be a multiple of `leverageStep`.
    public func leverageProblem(_ leverage: ExactDecimal) -> String? {
        let filter = "minLeverage \(minLeverage), maxLeverage \(maxLeverage), leverageStep \(leverageStep)"
        guard leverage >= minLeverage, leverage <= maxLeverage else {
            return "\(leverage) is outside the leverage filter of \(symbol) (\(filter))"
        }
        guard let onStep = try? leverage.quantized(step: leverageStep, mode: .down), onStep == leverage else {
            return "\(leverage) is not a multiple of the leverage step of \(symbol) (\(filter))"
        }
        return nil
    }

    /// Why `size` cannot be a position size on this instrument, or nil when it can: positive
    /// and a multiple of `qtyStep`.
    public func sizeProblem(_ size: ExactDecimal) -> String? {
        guard size.sign > 0 else { return "size must be positive, got \(size)" }
        guard let onStep = try? size.quantized(step: qtyStep, mode: .down), onStep == size else {
            return "size \(size) is not a multiple of the qtyStep \(qtyStep) of \(symbol)"
        }
        return nil
    }

    /// Whether this contract may be put in hedge mode: linear USDT contracts only
    /// (reference §3.8: switch-mode is for USDT contracts; UTA 2.0 inverse is one-way only).
    public var supportsHedgeMode: Bool { category == .linear && settleCoin == "USDT" }
}
