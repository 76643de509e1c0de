import Foundation
import Testing
@testable import LuaKit

@Suite struct SandboxTests {
    @Test func defaultProfileRemovesProcessControl() throws {
        let state = try LuaState()
        try state.run("""
            assert(os.execute == nil and io.popen == nil and package.loadlib == nil)
            assert(io.open and os.time and os.getenv and debug.getinfo and load)
            """)
    }

    @Test func textOnlyEverywhere() throws {
        let state = try LuaState()
        try state.run("""
            local dumped = string.dump(function() return 1 end)
            local f, err = load(dumped)
            assert(f == nil and err:find("binary chunk", 1, true), err)
            f, err = load(dumped, "x", "b")                -- asking for binary does not help
            assert(f == nil and err:find("binary chunk", 1, true), err)
            assert(load("return 1")() == 1)
            local env = {y = 5}
            assert(load("return y", "c", "t", env)() == 5)  -- env still honoured
            assert(load("return 7", "c")() == 7)            -- and absent env is not nil
            local path = os.tmpname()
            local h = io.open(path, "wb"); h:write(dumped); h:close()
            local g, e2 = loadfile(path)
            assert(g == nil and e2:find("binary chunk", 1, true), e2)
            local ok, e3 = pcall(dofile, path)
            assert(not ok and e3:find("binary chunk", 1, true), e3)
            os.remove(path)
            """)
    }

    @Test func strictProfileKeepsOnlyTheSafeParts() throws {
        let state = try LuaState(options: .init(sandbox: .strict))
        try state.run("""
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
        try state.run("assert(os.getenv('LUAKIT_TEST_SECRET') == nil); assert(os.getenv('LUAKIT_TEST_VISIBLE') == 'ok')")
    }
}
