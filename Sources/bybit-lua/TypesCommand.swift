import ArgumentParser
import BybitLua
import BybitStdlib
import Foundation
import LuaKit

#if canImport(Glibc)
    import Glibc
#endif

/// `bybit-lua types --out DIR`: writes LuaLS `---@meta` definitions for everything
/// the runner registers — generated from the same tables that register the natives —
/// plus the embedded stdlib sources (annotated), and a `.luarc.json` that points
/// `workspace.library` at both.
struct TypesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bybit-lua types",
        abstract: "Write LuaLS type definitions for the bybit module, the globals and the stdlib.",
        discussion: """
            Writes the definitions and the embedded stdlib sources under DIR, and a .luarc.json \
            in the current directory that points workspace.library at both (an existing one is \
            left alone; the entries to add are printed instead).
            """)

    @Option(
        name: [.customLong("out"), .customShort("o")], parsing: .unconditional,
        help: ArgumentHelp("Directory to write the definitions to (created if missing).", valueName: "dir"))
    var outDirectory: String

    func validate() throws {
        guard !outDirectory.isEmpty else { throw ValidationError("'--out' needs a directory") }
    }

    /// Runs `bybit-lua types …` and returns its exit status.
    static func main(_ arguments: [String]) -> Int32 {
        switch SubcommandParsing.parse(Self.self, arguments) {
        case .exit(let status): return status
        case .parsed(let command): return command.run()
        }
    }

    func run() -> Int32 {
        // The catalog of a paper session lists every function, `bybit.paper` included.
        let session = BybitSession(options: .init(environment: "paper")) {
            throw RunOptions.UsageError(message: "no exchange")
        }
        let files = TypeDefinitions(catalog: BybitModule.catalog(session)).files()
        do throws(OutputFailure) {
            try Self.makeDirectory(outDirectory)
            for (name, text) in files {
                try Self.write(text, to: outDirectory + "/" + name)
            }
            for m in Stdlib.modules {
                let path = outDirectory + "/stdlib/" + m.chunkName.dropFirst("@stdlib/".count)
                try Self.makeDirectory(Self.parent(of: path))
                try Self.write(m.source, to: path)
            }
        } catch {
            Console.report("types: \(error.description)")
            return ExitStatus.scriptError.rawValue
        }
        writeLuarc()
        Console.error(
            "bybit-lua: wrote \(files.count) definition files and \(Stdlib.modules.count) stdlib modules to \(outDirectory)"
        )
        return ExitStatus.success.rawValue
    }

    /// A directory or file that could not be written, with the system's reason
    /// ("cannot create directory /proc/x: No such file or directory").
    struct OutputFailure: Error, CustomStringConvertible {
        let description: String
        init(_ what: String, _ path: String, errno code: Int32) {
            description = "cannot \(what) \(path): \(String(cString: strerror(code)))"
        }
    }

    /// The directory part of `path` ("" for a bare name, "/" at the root), trailing slashes
    /// ignored. Not NSString's `deletingLastPathComponent`, which traps on a one-character
    /// relative name such as `t` in this Foundation.
    static func parent(of path: String) -> String {
        var p = Substring(path)
        while p.count > 1 && p.hasSuffix("/") { p = p.dropLast() }
        guard let slash = p.lastIndex(of: "/") else { return "" }
        if slash == p.startIndex { return "/" }
        var head = p[..<slash]
        while head.count > 1 && head.hasSuffix("/") { head = head.dropLast() }
        return String(head)
    }

    /// `mkdir -p`: each missing directory is created in turn, so the error names the one
    /// that could not be.
    static func makeDirectory(_ path: String) throws(OutputFailure) {
        var st = stat()
        if stat(path, &st) == 0 {
            guard st.st_mode & S_IFMT == S_IFDIR else { throw OutputFailure("create directory", path, errno: ENOTDIR) }
            return
        }
        let parent = Self.parent(of: path)
        if !parent.isEmpty && parent != path { try makeDirectory(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST { throw OutputFailure("create directory", path, errno: errno) }
    }

    /// Writes through a temporary file renamed into place, so an editor never reads half a file.
    static func write(_ text: String, to path: String) throws(OutputFailure) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw OutputFailure("write", path, errno: errno) }
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                let code = n < 0 ? errno : EIO
                close(fd)
                unlink(temporary)
                throw OutputFailure("write", path, errno: code)
            }
            bytes = bytes.dropFirst(n)
        }
        let closed = close(fd) == 0 ? 0 : errno
        guard closed == 0, rename(temporary, path) == 0 else {
            let code = closed != 0 ? closed : errno
            unlink(temporary)
            throw OutputFailure("write", path, errno: code)
        }
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
        do throws(OutputFailure) { try Self.write(text, to: ".luarc.json") } catch {
            Console.error(
                "bybit-lua: warning: \(error.description); add \(library) to your editor's \"workspace.library\" yourself"
            )
        }
    }
}
