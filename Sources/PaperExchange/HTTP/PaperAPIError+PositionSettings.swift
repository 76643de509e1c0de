import BybitAPI

/// The refusals of the account and position settings (set-leverage, switch-mode,
/// set-margin-mode), in Bybit's words (reference §2.9 and the error table).
extension PaperAPIError {
    /// 110043: the leverage asked for is the leverage already set (clients treat it as success).
    static let leverageNotModified = PaperAPIError(110043, "Set leverage has not been modified.")
    /// 110038: portfolio margin has no per-position leverage.
    static let leverageInPortfolioMargin = PaperAPIError(
        110038, "You are not allowed to change leverage due to portfolio margin mode.")
    /// 110044: a lower leverage needs more margin than is available.
    static let availableMarginInsufficient = PaperAPIError(110044, "Available margin is insufficient.")
    /// 110024: switch-mode on a symbol with an open position.
    static let switchModeWithPosition = PaperAPIError(
        110024, "You have an existing position, so the position mode cannot be switched.")
    /// 110025: switch-mode to the mode already set (clients treat it as success).
    static let positionModeNotModified = PaperAPIError(110025, "Position mode has not been modified.")
    /// 110028: switch-mode on a symbol with open orders.
    static let switchModeWithOrders = PaperAPIError(
        110028, "You have existing open orders, so the position mode cannot be switched.")
    /// 110029: hedge mode on a contract that is one-way only.
    static let hedgeModeUnsupported = PaperAPIError(110029, "Hedge mode is not supported for this symbol.")
    /// 110026: set-margin-mode to the mode already set.
    static let marginModeNotModified = PaperAPIError(110026, "Cross/isolated margin mode has not been modified.")
    /// 110077: portfolio margin refuses per-position margin settings.
    static let portfolioMarginUnsupported = PaperAPIError(110077, "Pm mode cannot support")

    /// 3400045 with `result.reasons` listing why (reference §3.3's shape).
    static func setMarginModeFailed(reasons: [(code: String, message: String)]) -> PaperAPIError {
        var error = PaperAPIError(3_400_045, "Set margin mode failed")
        error.result = .object([
            (
                "reasons",
                .array(
                    reasons.map { .object([("reasonCode", .string($0.code)), ("reasonMsg", .string($0.message))]) })
            )
        ])
        return error
    }
}
