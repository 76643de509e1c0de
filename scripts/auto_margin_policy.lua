-- auto_margin_policy.lua: turns Bybit's auto-add-margin on for isolated linear
-- positions that are leveraged at MIN_LEVERAGE or more or sit within NEAR_PCT % of
-- liquidation, and off for the rest.
--
--   bybit-lua scripts/auto_margin_policy.lua [MIN_LEVERAGE] [NEAR_PCT]
local bybit = require "bybit"
local margin = require "bybit.margin"

local MIN_LEVERAGE = D(arg[1] or "10")
local NEAR_PCT = D(arg[2] or "15")

local changed = 0
for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDT" }) do
  if p.tradeMode == 0 then   -- isolated
    local dist = margin.distance_pct(p)
    local want = p.leverage >= MIN_LEVERAGE or (dist ~= nil and dist < NEAR_PCT)
    local has = p.autoAddMargin == 1
    if want ~= has then
      set_auto_add_margin{ symbol = p.symbol, autoAddMargin = want, positionIdx = p.positionIdx }
      changed = changed + 1
    end
    print(("%-8s leverage %-4s %s%% from liquidation: auto-add %s%s"):format(
      p.symbol, p.leverage, dist or "-", want and "on" or "off", want ~= has and " (changed)" or ""))
  end
end
print(("auto_margin_policy: %d change(s) on %s"):format(changed, bybit.env))
