/// Each request as the catalog's values (``Catalog``), which the client checks and
/// writes — the same declaration the paper exchange reads and checks on receipt.
extension AddMarginRequest {
    /// The request's values by Bybit's field names.
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["margin"] = .decimal(margin)
        v["positionIdx"] = positionIdx.map { .integer(Int64($0)) }
        return v
    }

    /// The request as it will be sent, after the checks made before the wire
    /// (category linear or inverse, symbol, non-zero margin with at most 4 decimals,
    /// positionIdx 0–2). The margin comes back normalised (`1.50000` → `1.5000`).
    /// Callers that must not send (dry runs, guards) validate with this.
    public func validated() throws(BybitError) -> AddMarginRequest {
        let checked = try Catalog.addMargin.checked(values)
        var copy = self
        copy.margin = checked.decimal("margin") ?? margin
        return copy
    }
}

extension SetAutoAddMarginRequest {
    /// The request's values (`autoAddMargin` goes out as 1 or 0).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = .text(symbol)
        v["autoAddMargin"] = .flag(autoAddMargin)
        v["positionIdx"] = positionIdx.map { .integer(Int64($0)) }
        return v
    }

    /// The request after the checks made before the wire (linear only, symbol,
    /// positionIdx 0–2).
    public func validated() throws(BybitError) -> SetAutoAddMarginRequest {
        _ = try Catalog.setAutoAddMargin.checked(values)
        return self
    }
}

extension PositionListRequest {
    /// The request's values (without the page cursor).
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = symbol.map(WireValue.text)
        v["baseCoin"] = baseCoin.map(WireValue.text)
        v["settleCoin"] = settleCoin.map(WireValue.text)
        v["limit"] = limit.map { .integer(Int64($0)) }
        return v
    }
}

extension TickersRequest {
    /// The request's values.
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = symbol.map(WireValue.text)
        v["baseCoin"] = baseCoin.map(WireValue.text)
        v["expDate"] = expDate.map(WireValue.text)
        return v
    }
}

extension InstrumentsInfoRequest {
    /// The request's values.
    public var values: RequestValues {
        var v = RequestValues()
        v["category"] = .text(category.rawValue)
        v["symbol"] = symbol.map(WireValue.text)
        v["baseCoin"] = baseCoin.map(WireValue.text)
        v["limit"] = limit.map { .integer(Int64($0)) }
        v["cursor"] = cursor.map(WireValue.text)
        return v
    }
}

extension WalletBalanceRequest {
    /// The request's values (`coin` joined with commas).
    public var values: RequestValues {
        var v = RequestValues()
        v["accountType"] = .text(accountType)
        v["coin"] = coins.isEmpty ? nil : .text(coins.joined(separator: ","))
        return v
    }
}

extension EndpointSpec {
    /// ``check(_:)`` with its refusal as the client's `validation` error.
    func checked(_ values: RequestValues) throws(BybitError) -> RequestValues {
        do {
            return try check(values)
        } catch {
            throw .validation(error.message, endpoint: path)
        }
    }
}
