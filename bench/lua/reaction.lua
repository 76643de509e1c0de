-- reaction.lua: the reaction-time benchmark's bybit-lua guard, for scripts/bench.
--
--   bybit-lua --base-url URL bench/lua/reaction.lua SYMBOL THRESHOLD COUNT
--
-- Streams SYMBOL's ticker and adds 10 USDT of margin each time a pushed mark is below
-- THRESHOLD, as a guard would; it stops after COUNT add-margins. The paper exchange
-- (`paper --bench-controls`, POST /paper/bench/breaches) times each one from the push of
-- the breaching ticker to the add-margin's arrival, so nothing is timed here. It prints
-- READY once the first ticker (the snapshot) is in: the bench starts the breaches then.
local bybit = require "bybit"

local SYMBOL = arg[1] or "BTCUSDT"
local THRESHOLD = D(arg[2] or "59500")
local COUNT = math.tointeger(tonumber(arg[3] or "1000"))

-- warm-up: the REST connection is open before the first breach, as a running guard's is
add_margin{ category = "linear", symbol = SYMBOL, margin = "10" }

local ready, added = false, 0
for ev in bybit.events{ tickers = { SYMBOL } } do
  if ev.type == "ticker" then
    if not ready then
      ready = true
      print("READY") io.stdout:flush()
    elseif ev.markPrice < THRESHOLD then
      add_margin{ category = "linear", symbol = SYMBOL, margin = "10" }
      added = added + 1
      if added >= COUNT then break end
    end
  end
end
print("DONE " .. added)
