import Foundation
import Testing

@testable import LuaKit

/// The filesystem policy at the LuaKit level (CLuaShim's fs_policy.c): deny by default,
/// every path resolved before the check, protected files unreachable by any spelling.
@Suite struct FileAccessTests {
    /// readable/, writable/, outside/ and secret/config.toml (protected) in a fresh directory.
    final class Tree {
        let root: String
        var readable: String { root + "/readable" }
        var writable: String { root + "/writable" }
        var secret: String { root + "/secret/config.toml" }

        init() throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("fs-\(UUID().uuidString)").path
            for d in ["readable", "writable", "outside", "secret"] {
                try FileManager.default.createDirectory(atPath: root + "/" + d, withIntermediateDirectories: true)
            }
            try "api_secret = \"S3CR3T\"".write(toFile: secret, atomically: true, encoding: .utf8)
            try "outside text".write(toFile: root + "/outside/o.txt", atomically: true, encoding: .utf8)
            try "return 'module ok'".write(toFile: readable + "/mod.lua", atomically: true, encoding: .utf8)
            try FileManager.default.createSymbolicLink(atPath: readable + "/link", withDestinationPath: secret)
            try FileManager.default.createSymbolicLink(
                atPath: readable + "/out-link", withDestinationPath: root + "/outside/o.txt")
            try FileManager.default.linkItem(atPath: secret, toPath: readable + "/hard")
        }
        deinit { try? FileManager.default.removeItem(atPath: root) }

        func state(_ sandbox: LuaState.Sandbox = .default, protectSecret: Bool = true) throws -> LuaState {
            try LuaState(
                options: .init(
                    sandbox: sandbox, modulePath: readable + "/?.lua",
                    fileAccess: FileAccess(
                        readable: [readable], writable: [writable], protected: protectSecret ? [root + "/secret"] : []))
            )
        }
    }

    @Test func protectedFilesAreRefusedByEverySpelling() throws {
        let tree = try Tree()
        let state = try tree.state()
        let fd = open(tree.secret, O_RDONLY)  // as the host holds the audit log open
        defer { close(fd) }
        try state.run(
            """
            local spellings = { "\(tree.secret)", "\(tree.readable)/link", "\(tree.readable)/hard",
                "\(tree.readable)/../secret/config.toml", "\(tree.readable)/../readable/link",
                "/proc/self/fd/\(fd)", "/dev/fd/\(fd)" }
            for _, p in ipairs(spellings) do
              for _, mode in ipairs{ "r", "w", "a", "r+" } do
                local f, err, code = io.open(p, mode)
                assert(f == nil and code == 13, p .. " " .. mode .. " opened")
                assert(err:find("access to '" .. p .. "' denied", 1, true), err)
                assert(err:find("(protected file)", 1, true) or err:find("/proc and /sys", 1, true), err)
              end
              local ok, e = pcall(dofile, p)
              assert(not ok and e:find("denied", 1, true), p)
              assert(select(2, loadfile(p)):find("denied", 1, true))
            end
            """)
        #expect(try String(contentsOfFile: tree.secret, encoding: .utf8) == "api_secret = \"S3CR3T\"")
    }

    @Test func readsStayInsideTheAllowedDirectories() throws {
        let tree = try Tree()
        let state = try tree.state()
        try state.run(
            """
            local f, err = io.open("\(tree.root)/outside/o.txt")
            assert(f == nil and err == "io.open: read access to '\(tree.root)/outside/o.txt' denied: outside the allowed directories (use --allow-read DIR)", err)
            f, err = io.open("\(tree.readable)/out-link")
            assert(f == nil and err:find("outside the allowed directories", 1, true), err)
            assert(require("mod") == "module ok")
            assert(io.open("\(tree.readable)/mod.lua"):read("a") == "return 'module ok'")
            local missing, merr, code = io.open("\(tree.readable)/missing.txt")
            assert(missing == nil and code == 2 and merr:find("No such file", 1, true), merr)
            f, err = io.open("\(tree.readable)")
            assert(f == nil and err:find("(not a regular file)", 1, true), err)
            """)
    }

    @Test func loadersAndSearchpathGoThroughTheCheck() throws {
        let tree = try Tree()
        for sandbox in LuaState.Sandbox.allCases {
            let state = try tree.state(sandbox)
            try state.run(
                """
                package.path = "/proc/self/?;\(tree.root)/outside/?.txt;\(tree.readable)/?.lua"
                local ok, err = pcall(require, "environ")
                assert(not ok and err:find("no file '/proc/self/environ' (/proc and /sys are never available to scripts)", 1, true), err)
                assert(not err:find("PATH=", 1, true))
                local name, msg = package.searchpath("o", package.path)
                assert(name == nil and msg:find("no file '\(tree.root)/outside/o.txt' (outside the allowed directories)", 1, true), msg)
                name, msg = package.searchpath("link", "\(tree.readable)/?")
                assert(name == nil and msg == "no file '\(tree.readable)/link' (protected file)", msg)
                assert(package.searchpath("mod", package.path) == "\(tree.readable)/mod.lua")
                package.searchpath = function() return "/proc/self/environ" end   -- the searcher does not call it
                ok, err = pcall(require, "environ2")
                assert(not ok and not err:find("PATH=", 1, true), err)
                """)
        }
        let state = try tree.state()
        try state.run(
            """
            local f, err = loadfile("/proc/self/maps")
            assert(f == nil and err == "loadfile: read access to '/proc/self/maps' denied (/proc and /sys are never available to scripts)", err)
            assert(loadfile("\(tree.readable)/mod.lua")() == "module ok")
            """)
    }

    @Test func writesNeedAWritableDirectoryAndLinksAreNotFollowed() throws {
        let tree = try Tree()
        try FileManager.default.createSymbolicLink(
            atPath: tree.writable + "/dangling", withDestinationPath: tree.root + "/outside/new.txt")
        try FileManager.default.createSymbolicLink(
            atPath: tree.writable + "/to-secret", withDestinationPath: tree.secret)
        let state = try tree.state()
        try state.run(
            """
            local f, err = io.open("\(tree.readable)/x.txt", "w")
            assert(f == nil and err:find("outside the writable directories (use --allow-write DIR)", 1, true), err)
            f = assert(io.open("\(tree.writable)/x.txt", "w")); f:write("hello"); f:close()
            assert(io.open("\(tree.writable)/x.txt"):read("a") == "hello")
            f, err = io.open("\(tree.writable)/dangling", "w")
            assert(f == nil and err:find("a symbolic link is not followed", 1, true), err)
            f, err = io.open("\(tree.writable)/to-secret", "w")
            assert(f == nil and err:find("(protected file)", 1, true), err)
            assert(os.rename("\(tree.writable)/x.txt", "\(tree.writable)/y.txt"))
            assert(select(2, os.rename("\(tree.writable)/y.txt", "\(tree.readable)/y.txt")):find("outside the writable", 1, true))
            assert(os.remove("\(tree.writable)/to-secret"))      -- the link itself, not its target
            assert(os.remove("\(tree.writable)/y.txt"))
            assert(select(2, os.remove("\(tree.writable)")):find("denied", 1, true))
            """)
        #expect(!FileManager.default.fileExists(atPath: tree.root + "/outside/new.txt"))
        #expect(FileManager.default.fileExists(atPath: tree.secret))
        #expect(!FileManager.default.fileExists(atPath: tree.writable + "/to-secret"))
    }

    /// With no policy at all, nothing outside the module path opens.
    @Test func theDefaultIsDeny() throws {
        let state = try LuaState(options: .init(modulePath: "/nonexistent/?.lua"))
        try state.run(
            """
            local f, err = io.open("/etc/passwd")
            assert(f == nil and err:find("outside the allowed directories", 1, true), err)
            assert(select(2, io.open("x.txt", "w")):find("outside the writable directories", 1, true))
            """)
    }
}
