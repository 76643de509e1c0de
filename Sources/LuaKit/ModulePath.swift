/// Builds `package.path` in the documented order: the script's project
/// (`./lua/?.lua`, `./?.lua`), then team directories from `-I DIR`, then
/// `BYBIT_LUA_PATH`, where `;;` stands for everything before it.
/// (Modules embedded in the binary are found before any of these, by their own
/// searcher.)
public enum ModulePath {
    /// The project part: `./lua/?.lua;./lua/?/init.lua;./?.lua;./?/init.lua`.
    public static let projectDefault = "./lua/?.lua;./lua/?/init.lua;./?.lua;./?/init.lua"

    /// The path for `-I` directories and an environment value.
    /// - Parameters:
    ///   - includeDirectories: `-I DIR` in command-line order.
    ///   - environment: the value of `BYBIT_LUA_PATH`, if set.
    public static func make(includeDirectories: [String], environment: String?) -> String {
        var defaults = [projectDefault]
        for dir in includeDirectories {
            let d = dir.hasSuffix("/") ? String(dir.dropLast()) : dir
            defaults.append("\(d)/?.lua;\(d)/?/init.lua")
        }
        let base = defaults.joined(separator: ";")
        guard let env = environment, !env.isEmpty else { return base }
        if let split = env.firstRange(of: ";;") {
            // Lua's own rule (loadlib.c setpath): ";;" is replaced by the defaults.
            let before = env[env.startIndex..<split.lowerBound]
            let after = env[split.upperBound...]
            return [String(before), base, String(after)].filter { !$0.isEmpty }.joined(separator: ";")
        }
        return base + ";" + env
    }
}
