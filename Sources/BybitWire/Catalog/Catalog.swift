/// Every endpoint the client, the paper exchange and the Lua layer know, each declared
/// once (the `Catalog+…` files), and the shapes of the objects their replies carry.
///
/// Adding a field to a position or a parameter to an endpoint is a change to one
/// declaration here: the client then writes and checks it, the paper exchange reads and
/// checks it, the Lua layer converts it by its kind, and `bybit-lua types` prints it.
public enum Catalog {
    /// Every declared endpoint.
    public static let all: [EndpointSpec] = [
        addMargin, setAutoAddMargin, positionList, tickers, instrumentsInfo, serverTime, walletBalance, accountInfo,
        orderCreate, orderCancel, orderRealtime, orderHistory, executionList, setLeverage, tradingStop, switchMode,
        setMarginMode,
    ]

    private static let byPath: [String: EndpointSpec] = Dictionary(
        all.map { ($0.path, $0) }, uniquingKeysWith: { first, _ in first })

    /// The endpoint at `path`, if declared.
    public static func endpoint(path: String) -> EndpointSpec? { byPath[path] }

    /// Every shape reachable from the declared endpoints' results, each once, in a stable order.
    public static var shapes: [Shape] {
        var seen: Set<String> = []
        var out: [Shape] = []
        func visit(_ shape: Shape) {
            guard seen.insert(shape.luaClass).inserted else { return }
            out.append(shape)
            for f in shape.fields {
                switch f.kind {
                case .list(let s), .object(let s): visit(s)
                default: break
                }
            }
        }
        for shape in [position, ticker, walletAccount, instrument, accountInfoShape, order, execution] { visit(shape) }
        for e in all { visit(e.result) }
        return out
    }

    // MARK: Fields several endpoints share

    /// `category`, one of `allowed`.
    static func category(_ allowed: [String], required: Bool = true, doc: String = "") -> Field {
        Field("category", .choice(allowed), required: required, doc: doc)
    }

    /// `positionIdx`: 0 one-way, 1 hedge buy side, 2 hedge sell side.
    static let positionIdx = Field(
        "positionIdx", .integer, checks: [.range(0...2, described: "0 (one-way), 1 (hedge buy) or 2 (hedge sell)")],
        lua: "0|1|2", doc: "0 one-way, 1 hedge buy side, 2 hedge sell side; required in hedge mode")

    /// A page size within `range`.
    static func limit(_ range: ClosedRange<Int64>) -> Field {
        Field("limit", .integer, checks: [.range(range)], doc: "page size")
    }
}
