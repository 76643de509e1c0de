import Foundation
import Testing

@testable import LuaKit

@Suite struct SandboxTests {
    @Test func defaultProfileRemovesProcessControl() throws {
        let state = try LuaState()
        try state.run(
            """
            assert(os.execute == nil and io.popen == nil and package.loadlib == nil)
            assert(io.open and os.time and os.getenv and debug.getinfo and load)
            """)
    }

    @Test func textOnlyEverywhere() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("sandbox-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let state = try LuaState(options: .init(fileAccess: FileAccess(writable: [dir])))
        try state.run(
            """
            local dumped = string.dump(function() return 1 end)
            local f, err = load(dumped)
            assert(f == nil and err:find("binary chunk", 1, true), err)
            f, err = load(dumped, "x", "b")                -- asking for binary does not help
            assert(f == nil and err:find("binary chunk", 1, true), err)
            assert(load("return 1")() == 1)
            local env = {y = 5}
            assert(load("return y", "c", "t", env)() == 5)  -- env still honoured
            assert(load("return 7", "c")() == 7)            -- and absent env is not nil
            local path = "\(dir)/dumped.lua"
            local h = io.open(path, "wb"); h:write(dumped); h:close()
            local g, e2 = loadfile(path)
            assert(g == nil and e2:find("binary chunk", 1, true), e2)
            local ok, e3 = pcall(dofile, path)
            assert(not ok and e3:find("binary chunk", 1, true), e3)
            h = io.open(path, "w"); h:write("#!/usr/bin/env bybit-lua\\nreturn ..."); h:close()
            assert(loadfile(path, "t", {})(7) == 7)          -- a '#' first line is skipped
            assert(select(2, loadfile(path .. ".missing")):find("cannot open " .. path, 1, true))
            os.remove(path)
            """)
    }

    /// Each profile is an allow-list (Redis's libraries_allow_list): exactly these names
    /// and nothing a new Lua release might add.
    @Test func profilesAreAllowLists() throws {
        func names(_ state: LuaState, _ table: String) throws -> String {
            try state.run(
                """
                local t, k = {}, {}
                for name in pairs(\(table)) do k[#k + 1] = tostring(name) end
                table.sort(k)
                __names = table.concat(k, " ")
                """)
            return state.global("__names").stringValue ?? ""
        }
        let state = try LuaState()
        #expect(try names(state, "os") == "clock date difftime exit getenv remove rename time")
        #expect(try names(state, "io") == "close input lines open output read stderr stdin stdout type write")
        #expect(
            try names(state, "debug")
                == "gethook getinfo getlocal getmetatable getregistry getupvalue getuservalue sethook setlocal setmetatable setupvalue setuservalue traceback upvalueid upvaluejoin"
        )
        #expect(try names(state, "package") == "config cpath loaded path preload searchers searchpath")
        #expect(try names(state, "package.loaded") == "_G coroutine debug io math os package string table utf8")
        let strict = try LuaState(options: .init(sandbox: .strict))
        #expect(try names(strict, "os") == "clock date difftime time")
        #expect(try names(strict, "debug") == "traceback")
        #expect(try names(strict, "package.loaded") == "_G coroutine debug math os package string table utf8")
        #expect(
            try names(strict, "_G").split(separator: " ").filter { $0 != "__names" }.sorted()
                == """
                _G _VERSION assert collectgarbage coroutine debug error getmetatable ipairs math next os package pairs pcall \
                print rawequal rawget rawlen rawset require select setmetatable string table tonumber tostring type utf8 warn xpcall
                """.split(separator: " ").sorted())
    }

    @Test func strictProfileKeepsOnlyTheSafeParts() throws {
        let state = try LuaState(options: .init(sandbox: .strict))
        try state.run(
            """
            assert(io == nil and load == nil and loadfile == nil and dofile == nil)
            assert(string.dump == nil)
            assert(debug.traceback and debug.getinfo == nil and debug.setmetatable == nil)
            assert(os.time and os.clock and os.date and os.difftime)
            assert(os.getenv == nil and os.remove == nil and os.exit == nil)
            assert(not pcall(require, "io"))
            assert(require("os") == os)
            """)
    }

    @Test func hiddenEnvironmentIsInvisible() throws {
        setenv("LUAKIT_TEST_SECRET", "s3cr3t", 1)
        setenv("LUAKIT_TEST_VISIBLE", "ok", 1)
        let state = try LuaState(options: .init(hiddenEnvironment: ["LUAKIT_TEST_SECRET"]))
        try state.run(
            "assert(os.getenv('LUAKIT_TEST_SECRET') == nil); assert(os.getenv('LUAKIT_TEST_VISIBLE') == 'ok')")
    }
}
