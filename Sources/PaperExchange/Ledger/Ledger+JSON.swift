/// JSON forms of the ledger for `GET /paper/ledger` and `POST /paper/mark-price`.
extension LedgerEntry {
    var json: JSONNode {
        .object([
            ("seq", .int(seq)), ("time", .int(timeMs)), ("apiKey", .string(apiKey)),
            ("action", .string(action.rawValue)), ("symbol", .string(symbol)), ("positionIdx", .int(positionIdx)),
            ("detail", .object(detail.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })),
        ])
    }
}

extension LedgerSnapshot {
    /// `{"total": n, "counts": {...}, "entries": [...]}` with the entries filtered.
    func json(action: LedgerEntry.Action?, apiKey: String?, sinceSeq: Int) -> JSONNode {
        let selected = entries.filter {
            $0.seq > sinceSeq && (action == nil || $0.action == action) && (apiKey == nil || $0.apiKey == apiKey)
        }
        let countMembers = LedgerEntry.Action.allCases.map { ($0.rawValue, JSONNode.int(count($0))) }
        return .object([
            ("total", .int(total)), ("counts", .object(countMembers)), ("entries", .array(selected.map(\.json))),
        ])
    }
}
