extension BybitClient {
    /// `POST /v5/position/add-margin`: adds (positive `margin`) or reduces (negative)
    /// the margin of an isolated position. Blocking.
    ///
    /// Sends `{"category":…,"symbol":…,"margin":"…"[,"positionIdx":n]}` with `margin`
    /// as a decimal string.
    /// - Returns: the updated position, as the exchange returned it.
    /// - Throws: `validation` before sending (symbol, margin, category linear/inverse,
    ///   positionIdx); `outcome_unknown` when the request may have executed and the
    ///   result is not known (never re-sent); `api` for a Bybit rejection (e.g. 110033
    ///   no position); `rate_limited`, `network`, `timeout`, `http`.
    public func addMargin(_ request: AddMarginRequest) throws(BybitError) -> PositionInfo {
        let path = Endpoint.addMargin.path
        let request = try request.validated()
        let margin = request.margin

        var parameters: [String: JSONValue] = [
            "category": .string(request.category.rawValue), "symbol": .string(request.symbol),
            "margin": .string(margin.description),
        ]
        if let idx = request.positionIdx { parameters["positionIdx"] = .int(Int64(idx)) }
        let prepared = PreparedRequest(post: .addMargin, parameters: parameters) { w in
            w.member("category", request.category.rawValue)
            w.member("symbol", request.symbol)
            w.member("margin", margin.description)
            if let idx = request.positionIdx { w.member("positionIdx", idx) }
        }
        let reply = try execute(prepared)
        return try decodeMutation(reply, endpoint: path) { json throws(BybitError) in
            try PositionInfo(json: json, endpoint: path)
        }
    }

    /// `POST /v5/position/set-auto-add-margin`: turns auto-add-margin on or off for an
    /// isolated linear position. Blocking.
    ///
    /// Sends `autoAddMargin` as 1 or 0 (the parameter table's spelling, not the docs
    /// example's `autoAddmargin`).
    /// - Returns: the `result` object (`{}` on Bybit).
    /// - Throws: as ``addMargin(_:)``; `validation` for any category but `linear`.
    @discardableResult
    public func setAutoAddMargin(_ request: SetAutoAddMarginRequest) throws(BybitError) -> JSONValue {
        let path = Endpoint.setAutoAddMargin.path
        let request = try request.validated()

        let flag = request.autoAddMargin ? 1 : 0
        var parameters: [String: JSONValue] = [
            "category": .string(request.category.rawValue), "symbol": .string(request.symbol),
            "autoAddMargin": .int(Int64(flag)),
        ]
        if let idx = request.positionIdx { parameters["positionIdx"] = .int(Int64(idx)) }
        let prepared = PreparedRequest(post: .setAutoAddMargin, parameters: parameters) { w in
            w.member("category", request.category.rawValue)
            w.member("symbol", request.symbol)
            w.member("autoAddMargin", flag)
            if let idx = request.positionIdx { w.member("positionIdx", idx) }
        }
        return try execute(prepared).envelope.result
    }

    /// `GET /v5/position/list`, following `nextPageCursor` until the last page. Blocking.
    ///
    /// - Returns: every position of every page, and each page's raw `result`.
    /// - Throws: `validation` before sending (category linear/inverse/option, upper-case
    ///   symbol and coins, linear needs `symbol` or `settleCoin`, limit 1...200);
    ///   `decoding` if the pages loop, or pass ``maxListPages`` pages or
    ///   ``maxHeldReplyBytes`` bytes together (nothing more is read); otherwise as any read.
    public func positions(_ request: PositionListRequest) throws(BybitError) -> PositionList {
        let path = Endpoint.positionList.path
        try Validation.category(request.category, allowed: [.linear, .inverse, .option], endpoint: path)
        if let symbol = request.symbol { try Validation.symbol(symbol, endpoint: path) }
        if let coin = request.baseCoin { try Validation.coin(coin, name: "baseCoin", endpoint: path) }
        if let coin = request.settleCoin { try Validation.coin(coin, name: "settleCoin", endpoint: path) }
        if request.category == .linear && request.symbol == nil && request.settleCoin == nil {
            throw .validation("category 'linear' needs symbol or settleCoin", endpoint: path)
        }
        try Validation.limit(request.limit, range: 1...200, endpoint: path)

        var positions: [PositionInfo] = []
        var pages: [JSONValue] = []
        var cursor: String?
        var seen: Set<String> = []
        var held = 0
        repeat {
            guard pages.count < Self.maxListPages else {
                throw .decoding(
                    "the position list has more than \(Self.maxListPages) pages; stopping instead of reading more",
                    endpoint: path)
            }
            var query = QueryString()
            query.add("category", request.category.rawValue)
            query.add("symbol", request.symbol)
            query.add("baseCoin", request.baseCoin)
            query.add("settleCoin", request.settleCoin)
            query.add("limit", request.limit)
            query.add("cursor", cursor)
            let reply = try execute(PreparedRequest(get: .positionList, query: query), holding: held)
            held += reply.bytes
            let result = reply.envelope.result
            let page = try ModelFields(result, what: "position list", endpoint: path)
            for item in try page.array("list") { positions.append(try PositionInfo(json: item, endpoint: path)) }
            pages.append(result)
            cursor = try page.string("nextPageCursor").flatMap { $0.isEmpty ? nil : $0 }
            if let next = cursor, !seen.insert(next).inserted {
                throw .decoding("nextPageCursor '\(next)' repeated; stopping instead of looping", endpoint: path)
            }
        } while cursor != nil
        return PositionList(category: request.category, positions: positions, rawPages: pages)
    }

    /// Decodes the result of a mutation that the exchange accepted (retCode 0).
    ///
    /// If that result cannot be decoded the mutation still executed, so the failure is
    /// `outcome_unknown` (re-read to learn the state), never a plain `decoding` error a
    /// script might answer by sending the mutation again.
    func decodeMutation<T>(
        _ reply: Reply, endpoint: String, _ decode: (JSONValue) throws(BybitError) -> T
    ) throws(BybitError) -> T {
        do {
            return try decode(reply.envelope.result)
        } catch {
            throw .outcomeUnknown(
                "the exchange accepted the request (retCode 0) but its result could not be decoded: "
                    + error.message, retCode: 0, endpoint: endpoint, inFlight: reply.sent)
        }
    }
}
