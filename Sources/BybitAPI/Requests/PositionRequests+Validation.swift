extension AddMarginRequest {
    /// The request as it will be sent, after the checks made before the wire
    /// (category linear or inverse, symbol, non-zero margin with at most 4 decimals,
    /// positionIdx 0–2). The margin comes back normalised (`1.50000` → `1.5000`).
    /// Callers that must not send (dry runs, guards) validate with this.
    public func validated() throws(BybitError) -> AddMarginRequest {
        let path = Endpoint.addMargin.path
        try Validation.category(category, allowed: [.linear, .inverse], endpoint: path)
        try Validation.symbol(symbol, endpoint: path)
        var copy = self
        copy.margin = try Validation.margin(margin, endpoint: path)
        try Validation.positionIdx(positionIdx, endpoint: path)
        return copy
    }
}

extension SetAutoAddMarginRequest {
    /// The request after the checks made before the wire (linear only, symbol,
    /// positionIdx 0–2).
    public func validated() throws(BybitError) -> SetAutoAddMarginRequest {
        let path = Endpoint.setAutoAddMargin.path
        try Validation.category(category, allowed: [.linear], endpoint: path)
        try Validation.symbol(symbol, endpoint: path)
        try Validation.positionIdx(positionIdx, endpoint: path)
        return self
    }
}
