-- add_margin.lua: sequential add_margin calls from a Lua loop, for scripts/bench.
--
--   bybit-lua --base-url URL --audit-log FILE bench/lua/add_margin.lua N [LAT_N] [LABEL]
--
-- Prints one `RESULT {json}` line in the shape of bench/py/benchstat.py. The calls name
-- their category, as pybit's and ccxt's do (without one, the first call per symbol would
-- also ask the instrument list, which the nginx stand-in does not serve).
--
-- Lua here has two clocks: bybit.now() (wall, whole milliseconds) and os.clock() (CPU
-- time of the whole process, all threads). Neither times a ~100 us call directly, so:
--
-- 1. Throughput pass: 1 warm-up call, then N calls in a plain loop. calls/s = N / wall
--    time of the loop (bybit.now() at both ends: +-1 ms over a loop of hundreds of ms).
--    os.clock() around the same loop gives the process CPU time per call.
-- 2. Latency pass: LAT_N more calls, each timed by "millisecond edges". Before a call,
--    spin on bybit.now() until it ticks (t0: we are at the start of a millisecond).
--    After the call, count spin iterations k until bybit.now() ticks again (t2). The
--    call took (t2 - t0) ms minus the k iterations spun after it, and the time of one
--    iteration is calibrated first (median iterations per whole millisecond). The
--    resolution is one iteration (a fraction of a microsecond). The spinning makes this
--    pass slower than pass 1, so it gives only the latency percentiles; the mean of
--    pass 2 is reported beside 1e6 / (calls/s of pass 1) as a check of the method.
local bybit = require "bybit"

local N = math.tointeger(tonumber(arg[1] or "2000"))
local LAT_N = math.tointeger(tonumber(arg[2] or tostring(math.min(N, 1000))))
local LABEL = arg[3] or "bybit-lua"
local now = bybit.now

-- warm-up: connection set-up, first-use paths
local p = add_margin{ category = "linear", symbol = "BTCUSDT", margin = "10" }
assert(p.symbol == "BTCUSDT", "unexpected add_margin result")

-- 1. throughput
local c0 = os.clock()
local t0 = now()
for _ = 1, N do
  add_margin{ category = "linear", symbol = "BTCUSDT", margin = "10" }
end
local t1 = now()
local c1 = os.clock()
local wall_ms = t1 - t0
if wall_ms < 1 then wall_ms = 1 end

-- 2. latency by millisecond edges
local function edge()
  local t = now()
  local u
  repeat u = now() until u ~= t
  return u
end

-- iterations of the counting loop per millisecond (same loop body as below)
local per_ms = {}
for _ = 1, 101 do
  local t = edge()
  local k, u = 0, nil
  repeat k = k + 1; u = now() until u ~= t
  if u == t + 1 then per_ms[#per_ms + 1] = k end
end
table.sort(per_ms)
local ipm = per_ms[(#per_ms + 1) // 2] or 1

local lat = {}
local negative = 0
for i = 1, LAT_N do
  local s = edge()
  add_margin{ category = "linear", symbol = "BTCUSDT", margin = "10" }
  local t = now()
  local k, u = 0, nil
  repeat k = k + 1; u = now() until u ~= t
  local us = ((u - s) - k / ipm) * 1000
  if us < 0 then negative = negative + 1; us = 0 end
  lat[i] = us
end
table.sort(lat)

local function pct(q)
  if #lat == 0 then return 0 end
  local k = math.floor(q / 100 * #lat + 0.5 + 0.5) - 1
  if k < 0 then k = 0 end
  if k > #lat - 1 then k = #lat - 1 end
  return lat[k + 1]
end
local sum = 0
for _, v in ipairs(lat) do sum = sum + v end

print(("RESULT {\"client\": %q, \"op\": \"add_margin\", \"n\": %d, \"calls_per_s\": %.1f, " ..
       "\"mean_us\": %.1f, \"lat_n\": %d, \"lat_mean_us\": %.1f, \"p50_us\": %.1f, \"p90_us\": %.1f, " ..
       "\"p99_us\": %.1f, \"min_us\": %.1f, \"max_us\": %.1f, \"total_s\": %.3f, \"errors\": 0, " ..
       "\"cpu_us_per_call\": %.1f, \"spin_iter_ns\": %.1f, \"lat_clamped\": %d, " ..
       "\"timing\": \"calls/s: bybit.now() around the loop; p50/p99: millisecond-edge spin\"}")
  :format(LABEL, N, N / (wall_ms / 1000), wall_ms * 1000 / N, #lat, sum / math.max(#lat, 1),
          pct(50), pct(90), pct(99), lat[1] or 0, lat[#lat] or 0, wall_ms / 1000,
          (c1 - c0) * 1e6 / N, 1e6 / ipm, negative))
