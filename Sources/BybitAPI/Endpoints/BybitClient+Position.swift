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
        let path = Catalog.addMargin.path
        let prepared = try PreparedRequest(Catalog.addMargin, request.values)
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
        let prepared = try PreparedRequest(Catalog.setAutoAddMargin, request.values)
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
        let path = Catalog.positionList.path
        let values = try Catalog.positionList.checked(request.values)

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
            var page = values
            page["cursor"] = cursor.map(WireValue.text)
            let reply = try execute(PreparedRequest(checked: Catalog.positionList, page), holding: held)
            held += reply.bytes
            let result = reply.envelope.result
            let fields = try ModelFields(result, what: "position list", endpoint: path)
            for item in try fields.array("list") { positions.append(try PositionInfo(json: item, endpoint: path)) }
            pages.append(result)
            cursor = try fields.string("nextPageCursor").flatMap { $0.isEmpty ? nil : $0 }
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
