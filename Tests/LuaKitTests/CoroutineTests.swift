import Testing

@testable import LuaKit

/// `coroutine.resume`, `wrap` and `close` are the host's (coroutines.c: lcorolib's, plus
/// the record of running threads a stop needs when no hook is installed). They must
/// behave exactly as Lua's own, with and without the count hook (the same chunk passes
/// under the stock `lua5.4` interpreter).
@Suite struct CoroutineTests {
    static let semantics = """
        local function pack(...) return {n = select('#', ...), ...} end
        -- values in and out, status
        local co = coroutine.create(function(a, b) local c = coroutine.yield(a + b); return c * 2, 'done' end)
        local r = pack(coroutine.resume(co, 1, 2)); assert(r.n == 2 and r[1] == true and r[2] == 3)
        assert(coroutine.status(co) == 'suspended')
        r = pack(coroutine.resume(co, 5)); assert(r.n == 3 and r[2] == 10 and r[3] == 'done')
        assert(coroutine.status(co) == 'dead')
        r = pack(coroutine.resume(co)); assert(r[1] == false and r[2] == 'cannot resume dead coroutine')
        -- errors: resume returns them, wrap raises them with the position prefixed
        local ok, err = coroutine.resume(coroutine.create(function() error('x') end))
        assert(not ok and err:match(': x$'))
        ok, err = coroutine.resume(coroutine.create(function() error({code = 7}) end))
        assert(not ok and err.code == 7)
        ok, err = pcall(coroutine.wrap(function() error('boom') end))
        assert(not ok and err:match('boom$'), err)
        ok, err = pcall(coroutine.wrap(function() error({code = 8}) end))
        assert(not ok and err.code == 8)
        -- a generator
        local t = {}
        for v in coroutine.wrap(function() for i = 1, 3 do coroutine.yield(i) end end) do t[#t + 1] = v end
        assert(#t == 3 and t[3] == 3)
        -- close runs pending __close handlers; refuses running and normal coroutines
        local closed = 0
        local c = coroutine.create(function()
          local x <close> = setmetatable({}, {__close = function() closed = closed + 1 end})
          coroutine.yield()
        end)
        coroutine.resume(c)
        assert(coroutine.close(c) == true and closed == 1 and coroutine.status(c) == 'dead')
        local bad = coroutine.create(function()
          local x <close> = setmetatable({}, {__close = function() error('in close') end})
          coroutine.yield()
        end)
        coroutine.resume(bad)
        ok, err = coroutine.close(bad); assert(ok == false and err:match('in close'))
        ok, err = pcall(coroutine.close, coroutine.running())
        assert(not ok and err:match('cannot close a running coroutine'))
        local outer
        outer = coroutine.create(function()
          local inner = coroutine.create(function() return coroutine.close(outer) end)
          return coroutine.resume(inner)
        end)
        r = pack(coroutine.resume(outer)); assert(r[2] == false and r[3]:match('cannot close a normal coroutine'))
        -- argument errors name the function
        ok, err = pcall(coroutine.resume, 1); assert(err:match("bad argument #1 to 'coroutine.resume'"), err)
        ok, err = pcall(coroutine.wrap, 1); assert(err:match("bad argument #1 to 'coroutine.wrap'"), err)
        ok, err = pcall(coroutine.close, 'x'); assert(err:match("bad argument #1 to 'coroutine.close'"), err)
        -- yields across pcall, and deep nesting ends in Lua's own C-stack error
        local y = coroutine.wrap(function() local _, v = pcall(coroutine.yield, 1); return v end)
        assert(y() == 1 and y(9) == 9)
        local function deep(n) return coroutine.wrap(function() return n == 0 and 0 or deep(n - 1) + 1 end)() end
        ok, err = pcall(deep, 300); assert(not ok and err:match('C stack overflow'), err)
        assert(deep(100) == 100)
        """

    @Test func behaveAsLuasOwnWithoutAHook() throws {
        let state = try LuaState()
        state.startClock()
        try state.run(Self.semantics)
        try state.run("assert(debug.gethook() == nil)")
    }

    @Test func behaveAsLuasOwnUnderTheCountHook() throws {
        let state = try LuaState(options: .init(limits: .init(timeoutSeconds: 60)))
        state.startClock()
        try state.run(Self.semantics)
    }
}
