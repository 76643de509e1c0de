-- auto_margin_policy.lua: turns Bybit's auto-add-margin on for isolated linear
-- positions that are leveraged at MIN_LEVERAGE or more or sit within NEAR_PCT % of
-- liquidation, and off for the rest.
--
--   bybit-lua scripts/auto_margin_policy.lua [MIN_LEVERAGE] [NEAR_PCT]
local bybit = require "bybit"
local margin = require "bybit.margin"

local MIN_LEVERAGE = D(arg[1] or "10")
local NEAR_PCT = D(arg[2] or "15")

-- Positions carry no margin mode (their `tradeMode` is deprecated and always 0 on a
-- unified account), so every position is tried and the exchange's answer decides:
-- a cross-margin account refuses with AUTO_ADD_NEEDS_ISOLATED and is skipped.
local changed = 0
for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDT" }) do
  local dist = margin.distance_pct(p)
  local want = p.leverage >= MIN_LEVERAGE or (dist ~= nil and dist < NEAR_PCT)
  local has = p.autoAddMargin == 1
  local note = ""
  if want ~= has then
    local ok, err = pcall(set_auto_add_margin,
      { symbol = p.symbol, autoAddMargin = want, positionIdx = p.positionIdx, category = p.category })
    if ok then
      changed, note = changed + 1, " (changed)"
    elseif err.code == bybit.errors.AUTO_ADD_NEEDS_ISOLATED or err.code == bybit.errors.CROSS_MARGIN_MODE then
      want, note = has, " (cross margin: skipped)"
    else
      error(err, 0)
    end
  end
  print(("%-8s leverage %-4s %s%% from liquidation: auto-add %s%s"):format(
    p.symbol, p.leverage, dist or "-", want and "on" or "off", note))
end
print(("auto_margin_policy: %d change(s) on %s"):format(changed, bybit.env))
