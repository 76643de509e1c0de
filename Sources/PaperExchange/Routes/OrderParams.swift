import BybitAPI

/// Request fields Bybit accepts that the paper exchange does not implement (the catalog
/// does not declare them: the client never sends them).
enum OrderParams {
    /// Refuses `keys` when given with a value that does something (not `""` or `"0"`),
    /// rather than ignoring them, so a script never believes a conditional order or an
    /// attached TP/SL was placed.
    static func refuseUnsupported(_ p: RequestParams, _ keys: [String], what: String) throws(PaperAPIError) {
        for key in keys where p.has(key) {
            guard let v = p.value(key), v != .string(""), v != .string("0") else { continue }
            throw .params("\(key) is not supported by the paper exchange \(what)")
        }
    }
}
