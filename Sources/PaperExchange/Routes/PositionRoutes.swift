import BybitAPI

/// `GET /v5/position/list`, `POST /v5/position/add-margin`,
/// `POST /v5/position/set-auto-add-margin`.
enum PositionRoutes {
    static let routes: [Route] = [
        Route(Catalog.positionList, access: .signed(.accountRead, mutates: false), handler: list),
        Route(Catalog.addMargin, access: .signed(.marginWrite, mutates: true), handler: addMargin),
        Route(Catalog.setAutoAddMargin, access: .signed(.marginWrite, mutates: true), handler: setAutoAddMargin),
    ]

    static func addMargin(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")!
        let margin = v.decimal("margin")!
        let idx = v.integer("positionIdx").map { Int($0) }
        let apiKey = input.apiKey ?? ""
        return try input.core.mutate { (book: inout Book) throws(PaperAPIError) -> JSONNode in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            let position = try book.addMargin(
                apiKey: apiKey, instrument: instrument, margin: margin, positionIdx: idx, nowMs: input.nowMs)
            let account = try book.account(apiKey)
            let metrics = try book.metrics(position, in: account)
            return PositionRenderer.render(position, metrics: metrics, instrument: instrument, includeCategory: true)
        }
    }

    static func setAutoAddMargin(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")!
        let enabled = v.flag("autoAddMargin")!
        let idx = v.integer("positionIdx").map { Int($0) }
        let apiKey = input.apiKey ?? ""
        try input.core.mutate { (book: inout Book) throws(PaperAPIError) in
            let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
            _ = try book.setAutoAddMargin(
                apiKey: apiKey, instrument: instrument, enabled: enabled, positionIdx: idx, nowMs: input.nowMs)
        }
        return .object([])
    }

    /// Bybit's rules: linear needs `symbol` or `settleCoin`; with `symbol` the slots come
    /// back whether or not a position is open, otherwise only open positions; inverse may
    /// list everything; `limit` 1–200 (default 20) with `nextPageCursor` paging.
    static func list(_ input: Route.Input) throws(PaperAPIError) -> JSONNode {
        let v = input.values
        let category = v.text("category")!
        let symbol = v.text("symbol")
        let settleCoin = v.text("settleCoin")
        let limit = v.integer("limit") ?? 20
        let offset = try Cursor.decode(v.text("cursor"))
        let apiKey = input.apiKey ?? ""
        let rows: [JSONNode] = try input.core.read { (book: Book) throws(PaperAPIError) -> [JSONNode] in
            guard category != "option" else { return [] }
            let account = try book.account(apiKey)
            var positions: [Position]
            if let symbol {
                let instrument = try ParamValidation.instrument(symbol, category: category, in: book)
                positions = account.slotIndices(for: symbol).map {
                    account.position(symbol: symbol, positionIdx: $0, defaultLeverage: instrument.defaultLeverage)
                }
            } else {
                positions = account.allPositions.filter { position in
                    guard position.isOpen, let instrument = book.instrument(position.symbol) else { return false }
                    return instrument.category.rawValue == category
                        && (settleCoin == nil || instrument.settleCoin == settleCoin)
                }
            }
            var rows: [JSONNode] = []
            for position in positions {
                guard let instrument = book.instrument(position.symbol) else { continue }
                rows.append(
                    PositionRenderer.render(
                        position, metrics: try book.metrics(position, in: account), instrument: instrument))
            }
            return rows
        }
        let page = Array(rows.dropFirst(offset).prefix(Int(limit)))
        let next = offset + page.count < rows.count ? Cursor.encode(offset + page.count) : ""
        return .object([("list", .array(page)), ("nextPageCursor", .string(next)), ("category", .string(category))])
    }
}

/// The opaque `cursor` / `nextPageCursor` of list endpoints: an offset, in a form that
/// clients treat as opaque (they only echo it back).
enum Cursor {
    static func encode(_ offset: Int) -> String { "page%3A\(offset)" }

    static func decode(_ cursor: String?) throws(PaperAPIError) -> Int {
        guard let cursor, !cursor.isEmpty else { return 0 }
        for prefix in ["page%3A", "page:"] where cursor.hasPrefix(prefix) {
            if let n = Int(cursor.dropFirst(prefix.count)), n >= 0 { return n }
        }
        throw .params("cursor '\(cursor)' is not a cursor this server issued")
    }
}
