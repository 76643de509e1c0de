import LuaKit

/// The Lua modules shipped with the runner (`stdlib/`), compiled into the binary by
/// the EmbedLua build plugin.
public enum Stdlib {
    /// Every embedded module, with chunk names `@stdlib/<path>` for tracebacks.
    public static let modules: [EmbeddedModule] = EmbeddedStdlib.sources.map {
        EmbeddedModule(name: $0.name, chunkName: "@stdlib/\($0.path)", source: $0.source)
    }

    /// The source of one module file by its path under `stdlib/` (for `bybit-lua types`).
    public static func source(path: String) -> String? {
        EmbeddedStdlib.sources.first { $0.path == path }?.source
    }
}
