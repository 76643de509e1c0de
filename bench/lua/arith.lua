-- arith.lua: ns per operation of `+`, `*` and `<` in a Lua loop, for scripts/bench.
--
--   bybit-lua bench/lua/arith.lua decimal|float N
--
-- decimal: bybit-lua's exact decimals (D"..."); float: plain Lua numbers, same loops.
-- Each op runs in its own loop of N iterations, timed with os.clock() (CPU time of the
-- process: the loop is single-threaded and no exchange is started, so it is the loop's
-- time, with microsecond resolution). ns/op = loop time / N, loop overhead included,
-- as in the Python loop it is compared with (bench/py/arith.py); the empty loop is
-- reported too. Operands come from locals, so nothing is constant-folded.
local mode = arg[1] or "decimal"
local N = math.tointeger(tonumber(arg[2] or "1000000"))

local a, b, x
if mode == "decimal" then
  a, b, x = D"1812.70004844", D"0.25", D"0"
elseif mode == "float" then
  a, b, x = tonumber(arg[3] or "1812.70004844"), tonumber(arg[4] or "0.25"), 0.0
else
  error("mode must be decimal or float")
end

local clock = os.clock
local res = {}

local t = clock()
for _ = 1, N do end
res.empty = (clock() - t) * 1e9 / N

t = clock()
for _ = 1, N do x = x + b end
res.add = (clock() - t) * 1e9 / N

local y
t = clock()
for _ = 1, N do y = a * b end
res.mul = (clock() - t) * 1e9 / N

local c
t = clock()
for _ = 1, N do c = b < a end
res.lt = (clock() - t) * 1e9 / N

assert(c == true and y ~= nil)
-- keep the results observable (and check the sum is right)
local expect = (mode == "decimal") and D"0.25" * N or 0.25 * N
assert(tostring(x) == tostring(expect), "sum mismatch: " .. tostring(x) .. " vs " .. tostring(expect))

print(("RESULT {\"client\": \"bybit-lua %s\", \"op\": \"arith\", \"n\": %d, \"empty_ns\": %.1f, " ..
       "\"add_ns\": %.1f, \"mul_ns\": %.1f, \"lt_ns\": %.1f}")
  :format(mode, N, res.empty, res.add, res.mul, res.lt))
