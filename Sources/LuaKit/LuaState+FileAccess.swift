import CLua
import CLuaShim

#if canImport(Glibc)
    import Glibc
#endif

/// Which files a script may name (deny by default, as Deno does it).
///
/// Every path a script gives to `io.open`, `io.lines`, `io.input`, `io.output`,
/// `loadfile`, `dofile`, `require`, `package.searchpath`, `os.remove` or `os.rename`
/// is resolved first (symlinks, `..`, `/proc/self/fd/N`) and then checked in one C
/// function (CLuaShim's fs_policy.c): reads need a directory of `readable` or
/// `writable` above the file, writes one of `writable`; `protected` paths are never
/// reachable, compared by resolved path and by device and inode; `/proc` and `/sys`
/// never are either; only regular files open.
public struct FileAccess: Sendable, Equatable {
    /// Directories whose files a script may read.
    public var readable: [String]
    /// Directories whose files a script may read, create, write, rename and remove.
    public var writable: [String]
    /// Files and directories no script may read or write, whatever the two lists say
    /// (the config file, key files, the audit log, the state directory).
    public var protected: [String]

    /// Nothing readable, nothing writable, nothing protected: a script opens no file
    /// (the module path's directories are still readable, see `LuaState.Options`).
    public init(readable: [String] = [], writable: [String] = [], protected: [String] = []) {
        self.readable = readable
        self.writable = writable
        self.protected = protected
    }

    /// The directories a `package.path` searches: each template's part before its first
    /// `?`, up to the last `/` (`./lua/?.lua` → `./lua`, `?.lua` → `.`), resolved. Those
    /// that do not exist, and the root directory (it would make every file readable:
    /// `BYBIT_LUA_PATH=/?.lua`, or `./?.lua` run from `/`), are left out.
    public static func directories(ofModulePath path: String) -> [String] {
        var dirs: [String] = []
        for template in path.split(separator: ";") where template.contains("?") {
            let head = template[..<template.firstIndex(of: "?")!]
            let dir = head.lastIndex(of: "/").map { String(head[..<$0]) } ?? "."
            guard !dir.isEmpty, let resolved = realDirectory(dir), resolved != "/" else { continue }
            if !dirs.contains(resolved) { dirs.append(resolved) }
        }
        return dirs
    }

    /// `realpath(3)` of an existing path, or nil.
    public static func realDirectory(_ path: String) -> String? {
        guard let p = realpath(path, nil) else { return nil }
        defer { free(p) }
        return String(cString: p)
    }
}

extension LuaState {
    /// Hands the policy to the C check: `options.fileAccess`, plus the directories of
    /// the module path as readable.
    func installFileAccess() throws(LuaError) {
        let access = options.fileAccess
        let readable = access.readable + FileAccess.directories(ofModulePath: options.modulePath)
        lua_createtable(L, 0, 3)
        for (key, list) in [("read", readable), ("write", access.writable), ("protect", access.protected)] {
            lua_createtable(L, Int32(list.count), 0)
            for (i, path) in list.enumerated() {
                push(string: path)
                lua_rawseti(L, -2, lua_Integer(i + 1))
            }
            LuaCall(L).setField(-2, key)
        }
        try check(bl_fs_install(L), context: "installing the filesystem policy")
    }
}
