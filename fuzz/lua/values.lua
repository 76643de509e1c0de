-- Random Lua values of every shape, for fuzz/lua/call_everything.lua.
-- Deterministic for a given math.randomseed: a failure reproduces with the same seed.
local M = {}

local huge_digits = string.rep("9", 100000)
local huge_text = string.rep("x", 1000000)
local function pick(t) return t[math.random(#t)] end

local cyclic = {}
cyclic.self = cyclic
cyclic[1] = cyclic

-- Tables whose metamethods misbehave: raise, return the wrong type, or recurse.
local function hostile_table()
  return setmetatable({}, pick({
    { __index = function() error("hostile __index") end },
    { __index = function(t, k) return t end, __len = function() return -1 end },
    { __tostring = function() return {} end, __name = 42 },
    { __eq = function() error("hostile __eq") end, __lt = function() return "x" end },
    { __call = function(...) return ... end, __concat = function() error("hostile ..") end },
    { __metatable = "locked", __pairs = function() error("hostile pairs") end },
    { __close = function() error("close") end },  -- (__gc is refused by setmetatable: guard.c)
    { __newindex = function() error("hostile __newindex") end, __mode = "kv" },
  }))
end

local integers = { 0, 1, -1, 2, 3, 4, 10, 38, 39, -39, 86401, math.mininteger, math.maxinteger,
                   math.mininteger + 1, math.maxinteger - 1, 2^53 // 1, -(2^53 // 1) }
local floats = { 0.0, -0.0, 0.1, -0.1, 0.5, 1.5, 1e-5, 1e308, -1e308, 1/0, -1/0, 0/0, 5e-324,
                 2.0^53, 2.0^63, -2.0^63, 123456789.123456789, 1e-39, 3.0 }
local strings = { "", "0", "1", "-1", "1.5", "-0.0001", "0.00001", "25.5", "1e5", "1e-39", "1E+38", "0.1x",
                  " 1", "1 ", "1,5", ".5", "5.", "nan", "inf", "-inf", "0x10", "+1", "--1",
                  "99999999999999999999999999999999999999", "999999999999999999999999999999999999999",
                  "1\0", "\0", "BTC\0USDT", "\xff\xfe", "\xed\xa0\x80", "é", "BTCUSDT", "btcusdt", "SOLUSDT",
                  "BTCUSD", "ETHUSD", "XYZUSDT", "linear", "inverse", "spot", "option", "USDT", "usdt",
                  "down", "up", "half_up", "half_even", "floor", "ceiling", "sideways", "0.0001",
                  "Buy", "%s%s%s%n", "\n", huge_digits, huge_text }
local fields = { "symbol", "margin", "category", "positionIdx", "autoAddMargin", "settleCoin", "baseCoin",
                 "coin", "limit", "cursor", "accountType", 1, 2, true, 0.5 }

--- A random value; `depth` bounds nested tables.
function M.value(depth, extra)
  depth = depth or 0
  local kind = math.random(16)
  if kind == 1 then return nil
  elseif kind == 2 then return math.random(2) == 1
  elseif kind == 3 then return pick(integers)
  elseif kind == 4 then return math.random(math.mininteger, math.maxinteger)
  elseif kind == 5 then return pick(floats)
  elseif kind <= 7 then return pick(strings)
  elseif kind == 8 then return tostring(math.random(-10^6, 10^6) / 10^math.random(0, 8))
  elseif kind == 9 and depth < 2 then return M.args_table(depth + 1)
  elseif kind == 10 then return pick({ {}, { 1, 2, 3 }, { "1", D"2", 3.5 }, cyclic, hostile_table(), { n = 1e9 } })
  elseif kind == 11 then return pick({ print, error, function() end, function() error({}) end,
                                      function() return coroutine.yield() end, coroutine.wrap(function() end) })
  elseif kind == 12 then
    local co = coroutine.create(function() coroutine.yield() end)
    if math.random(2) == 1 then coroutine.resume(co) end
    return co
  elseif kind <= 14 then
    return pick({ D"1", D"-0.0001", D"0", D"0.00", D"99999999999999999999999999999999999999",
                  D"-99999999999999999999999999999999999999", D"1e-38", D"3.14159265358979323846" })
  elseif kind == 15 then return pick({ io.stdout, io.stdin, extra and extra.closed_file or io.stderr })
  else return extra and extra.light or true
  end
end

--- A table shaped like the bindings' argument tables, with random values.
function M.args_table(depth)
  local t = {}
  for _ = 1, math.random(0, 5) do t[pick(fields)] = M.value(depth) end
  return t
end

--- 0–4 random arguments: returns the array and its length (nils included).
function M.args(extra)
  local n = math.random(0, 4)
  local a = {}
  for i = 1, n do a[i] = M.value(0, extra) end
  return a, n
end

M.pick = pick
return M
