/// Builds `package.path` in the documented order: the script's project
/// (`DIR/lua/?.lua`, `DIR/?.lua`, where DIR is the script's directory, so a script
/// run by cron from `/` still finds its modules), then team directories from `-I DIR`,
/// then `BYBIT_LUA_PATH`, where `;;` stands for everything before it.
/// (Modules embedded in the binary are found before any of these, by their own
/// searcher.)
public enum ModulePath {
    /// The project part: `./lua/?.lua;./lua/?/init.lua;./?.lua;./?/init.lua`.
    public static let projectDefault = "./lua/?.lua;./lua/?/init.lua;./?.lua;./?/init.lua"

    /// The project part for a script in `directory` (`.` gives `projectDefault`).
    public static func project(in directory: String) -> String {
        let d = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        if d == "." || d.isEmpty { return projectDefault }
        let base = d == "/" ? "" : d
        return "\(base)/lua/?.lua;\(base)/lua/?/init.lua;\(base)/?.lua;\(base)/?/init.lua"
    }

    /// The directory of a script path as given (`scripts/x.lua` → `scripts`, `x.lua` → `.`).
    public static func directory(ofScript script: String) -> String {
        guard let slash = script.lastIndex(of: "/") else { return "." }
        return slash == script.startIndex ? "/" : String(script[..<slash])
    }

    /// The path for `-I` directories and an environment value.
    /// - Parameters:
    ///   - projectDirectory: the script's directory (`.` when there is no script file).
    ///   - includeDirectories: `-I DIR` in command-line order.
    ///   - environment: the value of `BYBIT_LUA_PATH`, if set.
    public static func make(projectDirectory: String = ".", includeDirectories: [String], environment: String?)
        -> String
    {
        var defaults = [project(in: projectDirectory)]
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
