import BybitAPI

/// The LuaLS classes the endpoint catalog declares: the argument tables of the bindings
/// that take one, and every reply object (positions, tickers, wallets, …). Generated, so
/// a field added to a declaration appears here with no other change.
enum CatalogTypes {
    /// The `---@class` blocks, argument tables first, then reply shapes.
    static func text() -> String {
        var out = ""
        for endpoint in Catalog.all {
            guard let name = endpoint.luaArguments else { continue }
            out += "---Arguments of \(endpoint.method.rawValue) \(endpoint.path).\n---@class \(name)\n"
            for f in endpoint.request {
                let optional = !f.required || filledByBindings.contains(f.name)
                out += line(f, optional: optional)
            }
            out += "\n"
        }
        for shape in Catalog.shapes where shape.luaClass != "bybit.Empty" {
            if !shape.doc.isEmpty { out += "---\(shape.doc)\n" }
            out += "---@class \(shape.luaClass)\n"
            for f in shape.fields { out += line(f, optional: !f.required) }
            out += "\n"
        }
        return out
    }

    /// Fields a binding fills in when the script leaves them out: `category` from the
    /// instrument list, an order's `orderType` ("Market"), a trading stop's `tpslMode`
    /// ("Full") and `positionIdx` (0).
    static let filledByBindings: Set<String> = ["category", "orderType", "tpslMode", "positionIdx"]

    private static func line(_ f: Field, optional: Bool) -> String {
        let doc = f.doc.isEmpty ? "" : " " + f.doc.replacingOccurrences(of: "\n", with: " ")
        return "---@field \(f.name)\(optional ? "?" : "") \(f.luaType)\(doc)\n"
    }
}
