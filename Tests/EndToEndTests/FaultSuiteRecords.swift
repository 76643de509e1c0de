import Foundation

/// How hard the fault and load suites push: bounded by default so `scripts/test` stays
/// fast; heavier with `BYBIT_LUA_LONG=1` (`scripts/test --long`).
enum SuiteSettings {
    static var isLong: Bool { ProcessInfo.processInfo.environment["BYBIT_LUA_LONG"] == "1" }
    /// `add_margin` calls per fault scenario (the script's margins are `1.0001`…, so < 10,000).
    static var callsPerFault: Int { isLong ? 1000 : 200 }
}

/// One `add_margin` call as the script saw it: one result line on its stdout.
struct CallRecord: Equatable, Sendable {
    let index: Int
    let margin: Decimal
    /// `ok`, or the error's `kind`.
    let kind: String
    let code: Int?
    /// The error carried the position re-read after the failure (`err.positions`).
    let reread: Bool
    let message: String

    var ok: Bool { kind == "ok" }

    /// The lines of the fault script's stdout (`call\ti\tmargin\tkind\tcode\treread\tmessage`).
    static func parse(_ stdout: String) -> [CallRecord] {
        stdout.split(separator: "\n").compactMap { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 7, f[0] == "call", let i = Int(f[1]), let m = Decimal(string: f[2]) else { return nil }
            return CallRecord(index: i, margin: m, kind: f[3], code: Int(f[4]), reread: f[5] == "1", message: f[6])
        }
    }
}

/// The Lua side of the fault suite: `n` `add_margin` calls with distinct margins
/// (`1.0001`, `1.0002`, …, so each ledger entry names its call), each under `pcall`, each
/// reported on one line before the next starts.
enum FaultScript {
    static let source = """
        local n = assert(tonumber(arg[1]), "usage: calls N")
        local function clean(s) return (tostring(s):gsub("[\\t\\n]", " ")) end
        for i = 1, n do
          local margin = string.format("1.%04d", i)
          -- with its category, so every call is the mutation alone (no instrument lookup first)
          local ok, e = pcall(add_margin, {category = "linear", symbol = "BTCUSDT", margin = margin})
          if ok then
            io.write("call\\t", i, "\\t", margin, "\\tok\\t-\\t0\\t-\\n")
          elseif type(e) == "table" then
            io.write("call\\t", i, "\\t", margin, "\\t", clean(e.kind), "\\t", e.code and tostring(e.code) or "-",
              "\\t", type(e.positions) == "table" and "1" or "0", "\\t", clean(e.message), "\\n")
          else
            io.write("call\\t", i, "\\t", margin, "\\tlua\\t-\\t0\\t", clean(e), "\\n")
          end
          io.stdout:flush()
        end
        """
}

/// One line of the audit log.
struct AuditRecord: Sendable {
    let margin: Decimal?
    let outcome: String
    let retCode: Int?

    /// Every outcome line of the file at `path`, in order (the write-ahead `intent` lines
    /// before them are left out); a line that is not a JSON object fails.
    static func read(_ path: String) throws -> [AuditRecord] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").compactMap { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            let params = object?["params"] as? [String: Any]
            if object?["event"] as? String == "intent" { return nil }
            return AuditRecord(
                margin: (params?["margin"] as? String).flatMap { Decimal(string: $0) },
                outcome: object?["outcome"] as? String ?? "?", retCode: jsonInt(object?["retCode"]))
        }
    }
}

/// The paper exchange's own record of applied `add-margin` calls.
struct LedgerRecord: Sendable {
    /// Applied margins, one element per ledger entry.
    let margins: [Decimal]
    /// `fired` counters of `/paper/faults`.
    let fired: [String: Int]

    /// How many entries applied exactly `margin`.
    func applied(_ margin: Decimal) -> Int { margins.filter { $0 == margin }.count }

    /// Reads `/paper/ledger` (this key's `add-margin` entries) and `/paper/faults`.
    static func read(_ server: PaperServer, apiKey: String? = nil) throws -> LedgerRecord {
        let query = "/paper/ledger?action=add-margin" + (apiKey.map { "&apiKey=" + $0 } ?? "")
        let ledger = try resultObject(server.control("GET", query))
        let entries = ledger["entries"] as? [[String: Any]] ?? []
        let margins = entries.compactMap { ($0["detail"] as? [String: Any])?["margin"] as? String }.compactMap {
            Decimal(string: $0)
        }
        let faults = try resultObject(server.control("GET", "/paper/faults"))
        let fired = (faults["fired"] as? [String: Any] ?? [:]).compactMapValues(jsonInt)
        return LedgerRecord(margins: margins, fired: fired)
    }

    /// The `result` object of a control endpoint's envelope.
    static func resultObject(_ body: String) throws -> [String: Any] {
        let json = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        return json?["result"] as? [String: Any] ?? [:]
    }
}

/// An integer from `JSONSerialization` output (an `NSNumber` or `Int`, depending on platform).
func jsonInt(_ value: Any?) -> Int? {
    if let n = value as? Int { return n }
    return (value as? NSNumber)?.intValue
}
