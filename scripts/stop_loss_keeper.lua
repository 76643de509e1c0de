-- stop_loss_keeper.lua: keeps a server-side stop-loss on every open position a fixed
-- DISTANCE on the safe side of its liquidation price, and moves it whenever the
-- liquidation price moves (margin added or released by a guard, auto-add, a leverage
-- change, a partial close).
--
-- A second line of defence: the stop lives on the exchange, so it still closes the
-- position at market before liquidation (losing less than a liquidation does) when this
-- runner, the guard beside it or the machine dies. Run it next to liquidation_guard.lua.
--
--   bybit-lua scripts/stop_loss_keeper.lua [DISTANCE] [ROUNDS] [PERIOD_S]
--   bybit-lua --env testnet scripts/stop_loss_keeper.lua 0.5% 0 15
--   bybit-lua --env testnet --dry-run scripts/stop_loss_keeper.lua 150 1    (prints, sets nothing)
--
-- DISTANCE: "0.5%" (the default) is that share of the liquidation price; a plain number
-- ("150") is a price distance in the quote currency, the same for every symbol (so use
-- a percentage when positions on differently priced symbols are open). The stop is
-- liq + distance for a long, rounded UP to the instrument's tickSize, and liq - distance
-- for a short, rounded DOWN: rounding never brings it closer to liquidation. It triggers
-- on the mark price, as liquidation does. ROUNDS 0 runs until Ctrl-C (default: 0, on the
-- paper exchange 1); PERIOD_S is the poll interval (default 10, on paper 0).
--
-- It moves the stops it set itself in this run both ways. A stop-loss it finds that it did
-- not set (by hand, or by an earlier run) is left when it is tighter (between the wanted
-- level and the mark: it fires first anyway) and replaced when it is looser or missing.
-- A position whose mark is already within DISTANCE of liquidation gets no stop (the
-- exchange refuses a stop beyond the mark): it is logged, and tried again next round.
local bybit = require "bybit"

local DISTANCE = arg[1] or "0.5%"
local ROUNDS = math.tointeger(tonumber(arg[2] or (bybit.paper and "1" or "0")))
local PERIOD = tonumber(arg[3] or (bybit.paper and "0" or "10"))
local PCT = DISTANCE:match("^(.-)%%$")
local ok, AMOUNT = pcall(D, PCT or DISTANCE)
if not ok or AMOUNT:sign() <= 0 then
  error("DISTANCE must be a positive percentage or price distance, e.g. 0.5% or 150; got '" .. DISTANCE .. "'", 0)
end
if not (ROUNDS and ROUNDS >= 0 and PERIOD and PERIOD >= 0) then
  error("ROUNDS must be a whole number >= 0 and PERIOD_S a number >= 0", 0)
end

local mine = {}      -- "symbol/positionIdx" -> the stop this run set there
local seen = {}      -- "symbol/positionIdx" -> the liquidation price seen the round before
local told = {}      -- "symbol/positionIdx" -> the foreign stop already reported as kept
local changes = 0    -- stops set (or, under --dry-run, that would have been)
local dry_run = false

-- The stop level DISTANCE beyond the liquidation price, on the instrument's tick grid.
local function wanted_stop(p)
  local distance = PCT and p.liqPrice * AMOUNT / 100 or AMOUNT
  local tick = bybit.instrument(p.symbol, p.category).priceFilter.tickSize   -- read once per symbol per run
  if p.side == "Buy" then return (p.liqPrice + distance):quantize(tick, "ceiling") end
  return (p.liqPrice - distance):quantize(tick, "floor")
end

local function keep(p)
  local key = p.symbol .. "/" .. tostring(p.positionIdx)
  local long = p.side == "Buy"
  if seen[key] and not seen[key]:eq(p.liqPrice) then
    bybit.log.info("liquidation price moved", { symbol = p.symbol, side = p.side, from = seen[key], to = p.liqPrice })
  end
  seen[key] = p.liqPrice
  local want = wanted_stop(p)
  local have = p.stopLoss or D"0"
  if have:eq(want) then return end
  if long and want >= p.markPrice or not long and want <= p.markPrice then
    bybit.log.warn("mark is within " .. DISTANCE .. " of liquidation: no stop-loss set", {
      symbol = p.symbol, side = p.side, markPrice = p.markPrice, liqPrice = p.liqPrice, stopLoss = want })
    return
  end
  local foreign = have:sign() > 0 and not (mine[key] and have:eq(mine[key]))
  if foreign and (long and have > want or not long and have < want) then
    if not (told[key] and told[key]:eq(have)) then   -- say so once per stop
      bybit.log.info("keeping a tighter stop-loss this run did not set", { symbol = p.symbol, stopLoss = have })
      told[key] = have
    end
    return
  end
  local ok, res = pcall(bybit.trading_stop, { category = p.category, symbol = p.symbol, positionIdx = p.positionIdx,
    stopLoss = want, tpslMode = "Full", slTriggerBy = "MarkPrice" })
  if not ok then
    bybit.log.error("could not set the stop-loss", { symbol = p.symbol, stopLoss = want, error = tostring(res) })
    return
  end
  changes = changes + 1
  local dry = type(res) == "table" and res.dryRun == true
  dry_run = dry_run or dry
  if not dry then mine[key] = want end
  print(("  %-8s %-4s %s stopLoss %s (was %s; liq %s, mark %s)"):format(p.symbol, p.side,
    dry and "would set" or "set", want, have:sign() > 0 and tostring(have) or "none", p.liqPrice, p.markPrice))
end

local function open_positions()
  local open = bybit.positions{ category = "linear", settleCoin = "USDT" }
  for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDC" }) do open[#open + 1] = p end
  for _, p in ipairs(bybit.positions{ category = "inverse" }) do open[#open + 1] = p end
  return open
end

local round = 0
while ROUNDS == 0 or round < ROUNDS do
  round = round + 1
  for _, p in ipairs(open_positions()) do
    if p.liqPrice then keep(p) end   -- no liquidation price (cross with a deep wallet): nothing to keep
  end
  io.stdout:flush()
  if PERIOD > 0 and round ~= ROUNDS then bybit.sleep(PERIOD) end   -- not after the last round
end
print(("stop_loss_keeper: %d round(s) on %s; %d stop-loss change(s)%s"):format(
  round, bybit.env, changes, dry_run and " (dry run: nothing was set)" or ""))
