import BybitLua
import BybitStdlib
import Foundation
import LuaKit

/// `bybit-lua types --out DIR`: writes LuaLS `---@meta` definitions for everything
/// the runner registers — generated from the same tables that register the natives —
/// plus the embedded stdlib sources (annotated), and a `.luarc.json` that points
/// `workspace.library` at both.
struct TypesCommand {
    let outDirectory: String

    static func parse(_ args: [String]) throws(RunOptions.UsageError) -> TypesCommand {
        var out: String?
        var i = 0
        while i < args.count {
            switch args[i] {
            case "--out", "-o":
                i += 1
                guard i < args.count, !args[i].isEmpty else { throw .init(message: "'--out' needs a directory") }
                out = args[i]
            case let a where a.hasPrefix("--out="):
                out = String(a.dropFirst(6))
            default:
                throw .init(message: "types: unrecognized argument '\(args[i])' (usage: bybit-lua types --out DIR)")
            }
            i += 1
        }
        guard let out, !out.isEmpty else { throw .init(message: "types needs --out DIR") }
        return TypesCommand(outDirectory: out)
    }

    func run() -> Int32 {
        // The catalog of a paper session lists every function, `bybit.paper` included.
        let session = BybitSession(options: .init(environment: "paper")) { throw RunOptions.UsageError(message: "no exchange") }
        let files = TypeDefinitions(catalog: BybitModule.catalog(session)).files()
        let fm = FileManager.default
        do {
            try fm.createDirectory(atPath: outDirectory, withIntermediateDirectories: true)
            for (name, text) in files {
                try text.write(toFile: outDirectory + "/" + name, atomically: true, encoding: .utf8)
            }
            for m in Stdlib.modules {
                let path = outDirectory + "/stdlib/" + m.chunkName.dropFirst("@stdlib/".count)
                try fm.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                try m.source.write(toFile: path, atomically: true, encoding: .utf8)
            }
        } catch {
            Console.report("types: cannot write \(outDirectory): \(error.localizedDescription)")
            return ExitStatus.scriptError.rawValue
        }
        writeLuarc()
        Console.error("bybit-lua: wrote \(files.count) definition files and \(Stdlib.modules.count) stdlib modules to \(outDirectory)")
        return ExitStatus.success.rawValue
    }

    /// `.luarc.json` in the current directory; an existing one is left alone and the
    /// entries to add are printed instead.
    private func writeLuarc() {
        let library = "[\"\(outDirectory)\", \"\(outDirectory)/stdlib\"]"
        let text = """
            {
              "$schema": "https://raw.githubusercontent.com/LuaLS/vscode-lua/master/setting/schema.json",
              "runtime.version": "Lua 5.4",
              "runtime.path": ["?.lua", "?/init.lua", "lua/?.lua", "lua/?/init.lua"],
              "workspace.library": \(library),
              "diagnostics.globals": ["D", "decimal", "add_margin", "set_auto_add_margin"]
            }

            """
        if FileManager.default.fileExists(atPath: ".luarc.json") {
            Console.error("bybit-lua: .luarc.json exists; add to its \"workspace.library\": \(library)")
            return
        }
        try? text.write(toFile: ".luarc.json", atomically: true, encoding: .utf8)
    }
}
