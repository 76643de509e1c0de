--- bybit.busted.spy — spies and stubs on table fields (luassert's, in short).
--- `spy.on(t, "f")` wraps t.f and records calls; `stub(t, "f", ...)` replaces it
--- with a function returning `...`. Both are reverted when the test ends.
local M = {}
local active = {}

local function deep_equal(a, b) return require("bybit.busted.assert").deep_equal(a, b) end

local function new_spy(fn)
  local s = { calls = {}, target = nil, key = nil, original = nil }
  local function call(...)
    s.calls[#s.calls + 1] = table.pack(...)
    if fn then return fn(...) end
  end
  s.callable = call
  function s:revert()
    if self.target ~= nil then
      rawset(self.target, self.key, self.original)
      self.target = nil
    end
  end
  function s:clear() self.calls = {} end
  function s:called_with(...)
    local want = table.pack(...)
    for _, c in ipairs(self.calls) do
      if c.n == want.n then
        local same = true
        for i = 1, want.n do
          if not deep_equal(want[i], c[i]) then same = false end
        end
        if same then return true end
      end
    end
    return false
  end
  return setmetatable(s, { __call = function(_, ...) return call(...) end })
end

local function install(target, key, s)
  if type(target) ~= "table" then error("spy/stub target must be a table, got " .. type(target), 3) end
  s.target, s.key, s.original = target, key, rawget(target, key)
  rawset(target, key, s)
  active[#active + 1] = s
  return s
end

M.spy = setmetatable({
  --- Wraps `target[key]`, recording each call.
  on = function(target, key)
    local original = target and target[key]
    if type(original) ~= "function" and not (type(original) == "table" and getmetatable(original)) then
      error("spy.on: '" .. tostring(key) .. "' is not a function", 2)
    end
    return install(target, key, new_spy(original))
  end,
  --- A spy around `fn` (or a no-op) that is not installed anywhere.
  new = function(fn) return new_spy(fn) end,
}, { __call = function(_, fn) return new_spy(fn) end })

--- Replaces `target[key]` with a recorder returning `...`.
M.stub = setmetatable({
  new = function(target, key, ...)
    local results = table.pack(...)
    return install(target, key, new_spy(function() return table.unpack(results, 1, results.n) end))
  end,
}, { __call = function(self, target, key, ...) return self.new(target, key, ...) end })

--- `mock(t)` spies on every function field of `t` (stubs them when `stubbed`).
function M.mock(t, stubbed)
  for k, v in pairs(t) do
    if type(v) == "function" then
      if stubbed then M.stub(t, k) else M.spy.on(t, k) end
    end
  end
  return t
end

function M.revert_all()
  for i = #active, 1, -1 do active[i]:revert() end
  active = {}
end

--- `assert.spy(s).was.called(n)`, `.was.called_with(...)`, `.was_not.called()`.
function M.assertion(s, negate, failure)
  if type(s) ~= "table" or s.calls == nil then failure("assert.spy needs a spy or stub", 3) end
  local function chain(neg)
    return setmetatable({}, { __index = function(_, k)
      if k == "was" or k == "is" or k == "has" then return chain(neg) end
      if k == "was_not" or k == "no" or k == "not" then return chain(not neg) end
      if k == "called" then
        return function(n)
          local ok = (n == nil) and #s.calls > 0 or #s.calls == n
          if neg then ok = not ok end
          if not ok then
            failure(("Expected the spy %sto be called%s, but it was called %d time(s)"):format(
              neg and "not " or "", n and (" " .. n .. " time(s)") or "", #s.calls), 2)
          end
        end
      end
      if k == "called_with" then
        return function(...)
          local ok = s:called_with(...)
          if neg then ok = not ok end
          if not ok then
            failure(("Expected the spy %sto be called with the given arguments (%d call(s) recorded)"):format(
              neg and "not " or "", #s.calls), 2)
          end
        end
      end
      return nil
    end })
  end
  return chain(negate)
end

return M
