-- watch.lua: a guard that only watches, for the resource row of scripts/bench.
--
--   bybit-lua --base-url URL bench/lua/watch.lua SYMBOL...
--
-- Streams the tickers of SYMBOL... (linear and inverse alike) and compares each pushed
-- mark with a threshold no walk reaches, as a guard does between breaches. Prints READY
-- after the first ticker and `TICKS n` every 100 tickers; runs until stopped (SIGTERM).
local bybit = require "bybit"

local symbols = { ... }
if #symbols == 0 then symbols = { "BTCUSDT" } end
local FLOOR = D"1"   -- no mark of the default book gets here

local ticks, fired = 0, 0
for ev in bybit.events{ tickers = symbols } do
  if ev.type == "ticker" then
    ticks = ticks + 1
    if ticks == 1 then print("READY") io.stdout:flush() end
    if ev.markPrice < FLOOR then fired = fired + 1 end
    if ticks % 100 == 0 then print("TICKS " .. ticks) io.stdout:flush() end
  end
end
