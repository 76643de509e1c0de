import Foundation
import Testing

@testable import LuaKit

@Suite struct ModuleTests {
    /// A fresh directory for module files, removed afterwards.
    final class TempDir {
        let path: String
        init() throws {
            path =
                FileManager.default.temporaryDirectory
                .appendingPathComponent("luakit-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }
        func write(_ relative: String, _ text: String) throws {
            let url = URL(fileURLWithPath: path).appendingPathComponent(relative)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try text.write(to: url, atomically: true, encoding: .utf8)
        }
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    @Test func pathOrderIsProjectThenIncludeThenEnvironment() {
        #expect(ModulePath.make(includeDirectories: [], environment: nil) == ModulePath.projectDefault)
        #expect(
            ModulePath.make(includeDirectories: ["/team/"], environment: nil)
                == ModulePath.projectDefault + ";/team/?.lua;/team/?/init.lua")
        #expect(
            ModulePath.make(includeDirectories: [], environment: "/x/?.lua")
                == ModulePath.projectDefault + ";/x/?.lua")
        #expect(
            ModulePath.make(includeDirectories: [], environment: "/x/?.lua;;")
                == "/x/?.lua;" + ModulePath.projectDefault)
    }

    /// The project part is the script's directory, not the current one (a script run
    /// from `/` by cron finds its `lua/` directory).
    @Test func projectPathIsTheScriptsDirectory() throws {
        #expect(ModulePath.directory(ofScript: "/srv/desk/main.lua") == "/srv/desk")
        #expect(ModulePath.directory(ofScript: "main.lua") == ".")
        #expect(ModulePath.directory(ofScript: "/main.lua") == "/")
        #expect(
            ModulePath.make(projectDirectory: "/srv/desk", includeDirectories: ["/team"], environment: nil)
                == "/srv/desk/lua/?.lua;/srv/desk/lua/?/init.lua;/srv/desk/?.lua;/srv/desk/?/init.lua;/team/?.lua;/team/?/init.lua"
        )
        #expect(
            ModulePath.make(projectDirectory: ".", includeDirectories: [], environment: nil)
                == ModulePath.projectDefault)
        let dir = try TempDir()
        try dir.write("lua/helper.lua", "return 'helper'")
        let path = ModulePath.make(projectDirectory: dir.path, includeDirectories: [], environment: nil)
        let state = try LuaState(options: .init(modulePath: path))
        try state.run("assert(require('helper') == 'helper')")
    }

    @Test func embeddedModulesComeFirst() throws {
        let dir = try TempDir()
        try dir.write("shadow.lua", "return 'from disk'")
        let state = try LuaState(options: .init(modulePath: "\(dir.path)/?.lua"))
        state.addEmbeddedModules([
            EmbeddedModule(name: "shadow", chunkName: "@stdlib/shadow.lua", source: "return 'embedded'")
        ])
        try state.run("assert(require('shadow') == 'embedded')")
    }

    @Test func includeDirectoriesAndNestedModulesLoad() throws {
        let dir = try TempDir()
        try dir.write("desk/margin.lua", "local M = {}; function M.twice(x) return 2 * x end; return M")
        try dir.write("desk/init.lua", "return {name = 'desk'}")
        let path = ModulePath.make(includeDirectories: [dir.path], environment: nil)
        let state = try LuaState(options: .init(modulePath: path))
        try state.run("assert(require('desk.margin').twice(4) == 8); assert(require('desk').name == 'desk')")
    }

    @Test func badModuleNamesAndMissingModulesSayWhy() throws {
        let state = try LuaState()
        for name in ["../etc/passwd", "a/b", "a..b", ".hidden"] {
            try state.run(
                """
                local ok, err = pcall(require, "\(name)")
                assert(not ok and err:find("invalid module name", 1, true), err)
                """)
        }
        try state.run(
            """
            local ok, err = pcall(require, "no.such.module")
            assert(err:find("module 'no.such.module' not found", 1, true), err)
            assert(err:find("no embedded module", 1, true), err)
            """)
    }

    @Test func bytecodeOnDiskIsRefusedByRequire() throws {
        let dir = try TempDir()
        let state = try LuaState(
            options: .init(modulePath: "\(dir.path)/?.lua", fileAccess: FileAccess(writable: [dir.path])))
        try state.run(
            """
            local f = assert(io.open("\(dir.path)/compiled.lua", "wb"))
            f:write(string.dump(function() return 1 end)); f:close()
            local ok, err = pcall(require, "compiled")
            assert(not ok and err:find("attempt to load a binary chunk", 1, true), err)
            """)
    }

    @Test func cModulesAreOff() throws {
        let state = try LuaState()
        try state.run(
            """
            assert(package.cpath == "" and package.loadlib == nil)
            assert(#package.searchers == 3)
            """)
    }
}
