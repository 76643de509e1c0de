-- release_excess_margin.lua: takes back margin that keeps an isolated position further
-- from liquidation than KEEP_PCT %, in steps no smaller than MIN_RELEASE.
--
--   bybit-lua scripts/release_excess_margin.lua [KEEP_PCT] [MIN_RELEASE]
--
-- On the paper exchange it first over-margins BTCUSDT so there is something to release.
local bybit = require "bybit"
local margin = require "bybit.margin"

local KEEP_PCT = D(arg[1] or "10")
local MIN_RELEASE = D(arg[2] or "1")

if bybit.paper then
  add_margin{ symbol = "BTCUSDT", margin = "3000" }
end

local released = 0
for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDT" }) do
  if p.liqPrice then   -- isolated or not, the exchange's answer decides (tradeMode is deprecated)
    local amount = margin.releasable(p, KEEP_PCT)
    if amount >= MIN_RELEASE then
      local ok, err = pcall(add_margin,
        { symbol = p.symbol, margin = -amount, positionIdx = p.positionIdx, category = p.category })
      if ok then
        released = released + 1
        local after = bybit.position{ symbol = p.symbol, positionIdx = p.positionIdx, category = p.category }
        print(("%-8s released %s USDT; liquidation now %s%% away"):format(p.symbol, amount, margin.distance_pct(after)))
      elseif err.code == bybit.errors.REDUCE_MORE_THAN_ALLOWED then
        print(("%-8s the exchange allows less than %s to come off; skipped"):format(p.symbol, amount))
      elseif err.code == bybit.errors.CROSS_MARGIN_MODE then
        print(("%-8s cross margin: nothing to release by hand; skipped"):format(p.symbol))
      else
        error(err, 0)
      end
    else
      print(("%-8s nothing to release (keeps %s%%)"):format(p.symbol, KEEP_PCT))
    end
  end
end
print(("release_excess_margin: %d position(s) changed on %s"):format(released, bybit.env))
