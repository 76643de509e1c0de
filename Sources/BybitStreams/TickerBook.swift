import BybitWire

/// The merged tickers: per symbol the snapshot with every delta applied (a delta carries
/// only the fields that changed, each kept as the exact text received), how many pushes
/// were merged since the Lua thread last saw it, and the order in which symbols changed.
struct TickerBook {
    private struct Entry {
        var merged: JSONObject?
        var unseen = 0
    }

    private var entries: [String: Entry] = [:]
    private var changed: [String] = []

    /// Makes `symbol` known (``merged(_:)`` nil until its first push).
    mutating func expect(_ symbol: String) {
        if entries[symbol] == nil { entries[symbol] = Entry() }
    }

    /// Applies one push. A delta before any snapshot starts from the delta's fields.
    mutating func apply(symbol: String, isSnapshot: Bool, data: JSONObject) {
        var entry = entries[symbol] ?? Entry()
        if isSnapshot || entry.merged == nil {
            entry.merged = data
        } else {
            for (key, value) in data { entry.merged![key] = value }
        }
        if entry.unseen == 0 { changed.append(symbol) }
        entry.unseen += 1
        entries[symbol] = entry
    }

    /// The merged ticker of `symbol`.
    func merged(_ symbol: String) -> JSONValue? { entries[symbol]?.merged.map(JSONValue.object) }

    /// The symbol that changed first since last seen, its merged ticker and how many pushes
    /// beyond one were merged into it; the symbol counts as seen afterwards.
    mutating func takeChanged() -> (String, JSONValue, Int)? {
        while !changed.isEmpty {
            let symbol = changed.removeFirst()
            guard var entry = entries[symbol], entry.unseen > 0, let merged = entry.merged else { continue }
            let skipped = entry.unseen - 1
            entry.unseen = 0
            entries[symbol] = entry
            return (symbol, .object(merged), skipped)
        }
        return nil
    }
}
