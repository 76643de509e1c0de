import BybitAPI

/// `GET /paper/`: the control endpoints with their methods and bodies, so a user (or a
/// script) can find them without reading the source. Unsigned, like every `/paper/` path.
enum PaperIndexRoute {
    /// One control endpoint as listed.
    struct Entry: Sendable {
        let method: String
        let path: String
        /// The JSON body or query it takes ("" for none).
        let body: String
        let effect: String
    }

    /// Every control endpoint, in the order a test usually needs them.
    static let entries: [Entry] = [
        Entry(method: "GET", path: "/paper/", body: "", effect: "this list"),
        Entry(
            method: "POST", path: "/paper/mark-price", body: #"{"symbol": "BTCUSDT", "markPrice": "58000"}"#,
            effect: "set a mark price; auto-add-margin and liquidation react; result lists the events"),
        Entry(
            method: "POST", path: "/paper/position",
            body:
                #"{"symbol": "BTCUSDT", "side": "Buy", "size": "0.5", "entryPrice"?: "60000", "leverage"?: "10", "positionIdx"?: 0, "apiKey"?: "K"}"#,
            effect: "open or replace a position (entry at the mark by default); result is the position"),
        Entry(
            method: "POST", path: "/paper/wallet", body: #"{"coin": "USDC", "amount": "50000", "apiKey"?: "K"}"#,
            effect: "set a coin's wallet balance"),
        Entry(
            method: "POST", path: "/paper/margin-mode", body: #"{"marginMode": "REGULAR_MARGIN", "apiKey"?: "K"}"#,
            effect: "set the account's margin mode (ISOLATED_MARGIN, REGULAR_MARGIN, PORTFOLIO_MARGIN)"),
        Entry(
            method: "POST", path: "/paper/position-mode",
            body: #"{"symbol": "ETHUSDT", "mode": "hedge" | "one-way", "apiKey"?: "K"}"#,
            effect: "put a flat symbol in hedge or one-way mode"),
        Entry(
            method: "POST", path: "/paper/accounts", body: #"{"apiKey"?: "K", "apiSecret"?: "S"}"#,
            effect: "add an account with the default book"),
        Entry(
            method: "GET", path: "/paper/ledger", body: "?action=add-margin&apiKey=K&since=SEQ",
            effect: "applied mutations, filtered"),
        Entry(method: "GET", path: "/paper/faults", body: "", effect: "the fault plan and how often each fault fired"),
        Entry(method: "POST", path: "/paper/faults", body: "a fault plan", effect: "replace the fault plan"),
        Entry(method: "DELETE", path: "/paper/faults", body: "", effect: "turn every fault off"),
        Entry(method: "POST", path: "/paper/walk/step", body: "", effect: "one step of the --walk random walk"),
        Entry(
            method: "POST", path: "/paper/price-path/step", body: "",
            effect: "the next step of the scenario's price path"
        ),
    ]

    /// The WebSocket streams on the same port (`ws://HOST:PORT` + path), with a first message.
    static let streams: [Entry] = [
        Entry(
            method: "WS", path: "/v5/public/linear", body: #"{"op": "subscribe", "args": ["tickers.BTCUSDT"]}"#,
            effect: "public stream (also /v5/public/inverse): a ticker snapshot, then deltas at most every 100 ms"),
        Entry(
            method: "WS", path: "/v5/private", body: #"{"op": "auth", "args": [KEY, EXPIRES_MS, SIGNATURE]}"#,
            effect: "private stream: position, wallet, order, execution pushed as they change"),
    ]

    /// The list as the envelope's result.
    static var listing: JSONNode {
        let rows = { (list: [Entry]) -> JSONNode in
            .array(
                list.map {
                    .object([
                        ("method", .string($0.method)), ("path", .string($0.path)), ("body", .string($0.body)),
                        ("effect", .string($0.effect)),
                    ])
                })
        }
        return .object([("list", rows(entries)), ("streams", rows(streams))])
    }
}
