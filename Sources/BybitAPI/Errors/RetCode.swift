extension BybitError {
    /// Bybit `retCode`s the client and its callers name, with the official texts in
    /// `reference/bybit-v5.md` §3. Values, not an enum: the exchange adds codes freely and
    /// an unknown code must pass through unchanged. Nested in ``BybitError`` so the name
    /// cannot clash with another module's `RetCode` (the paper exchange has one).
    public enum RetCode {
        /// Success.
        public static let ok = 0
        /// Request parameter error (also "position idx not match position mode").
        public static let parameterError = 10001
        /// The timestamp is outside the recv window: rejected before execution; the client
        /// re-syncs its clock and retries once.
        public static let timestampOutOfWindow = 10002
        /// API key invalid or used on the wrong environment.
        public static let invalidAPIKey = 10003
        /// Signature mismatch.
        public static let badSignature = 10004
        /// Permission denied for this key.
        public static let permissionDenied = 10005
        /// Too many visits (per-UID limit): rejected before execution; retried after the reset.
        public static let tooManyVisits = 10006
        /// Server error or request timeout inside the exchange: the request may have executed.
        public static let serverError = 10016
        /// The service is under high load, "please retry": rejected before execution.
        public static let highLoad = 429
        /// Liquidation would be triggered immediately by this adjustment.
        public static let liquidationTriggered = 110011
        /// Insufficient available balance to add additional margin.
        public static let insufficientBalanceToAddMargin = 110014
        /// The position is in cross margin mode.
        public static let crossMarginMode = 110015
        /// Margin has not been modified.
        public static let marginNotModified = 110027
        /// No open position: margin cannot be set.
        public static let noOpenPosition = 110033
        /// Liquidation would be triggered immediately by this adjustment.
        public static let liquidationTriggeredByAdjustment = 110046
        /// Only isolated mode can set auto-add-margin.
        public static let autoAddMarginNeedsIsolated = 110076
        /// Portfolio-margin accounts are not supported.
        public static let portfolioMarginUnsupported = 110077
        /// The reduction is more than the maximum reducible margin.
        public static let reduceMoreThanAllowed = 110078
    }
}
