import LuaKit

/// The `-v` banner: bybit-lua's version and the Lua it embeds.
enum Banner {
    static let version = "0.1.0"
    static var text: String {
        "bybit-lua \(version) -- \(LuaVersion.copyright)"
    }
}
