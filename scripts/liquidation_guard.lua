-- liquidation_guard.lua: keeps every isolated position at least MIN_PCT % away from
-- liquidation by adding margin in steps (re-reading the position after each add),
-- never more than CAP per settle coin in this run.
--
--   bybit-lua scripts/liquidation_guard.lua [MIN_PCT] [TARGET_PCT] [ROUNDS] [PERIOD_S]
--   bybit-lua --env testnet --max-margin 500 scripts/liquidation_guard.lua 3 8 0 30
--
-- ROUNDS 0 runs until Ctrl-C. On the paper exchange it also pushes the mark prices
-- against the positions each round, so the guard has something to do.
local bybit = require "bybit"
local margin = require "bybit.margin"

local MIN_PCT = D(arg[1] or "3")          -- act when the mark is closer than this
local TARGET_PCT = D(arg[2] or "8")       -- and restore this much distance
local ROUNDS = math.tointeger(tonumber(arg[3] or "8"))
local PERIOD = tonumber(arg[4] or (bybit.paper and "0" or "10"))
local STEP = { USDT = D"1000", USDC = D"1000", BTC = D"0.01" }   -- largest single add, per settle coin
local CAP = { USDT = D"5000", USDC = D"5000", BTC = D"0.05" }    -- most this script adds per run

local added = { USDT = D"0", USDC = D"0", BTC = D"0" }

-- Margin is added to isolated positions only; the account says which mode it is in
-- (a position's tradeMode is deprecated and does not).
local MODE = bybit.account().marginMode
local ISOLATED = MODE == "ISOLATED_MARGIN"
if not ISOLATED then
  bybit.log.warn("account is not in isolated margin: watching only", { marginMode = MODE })
end

local function coin_of(p)
  return bybit.instrument(p.symbol, margin.category(p)).settleCoin   -- read once per symbol per run
end

local function guard(p)
  local dist = margin.distance_pct(p)
  if dist == nil or dist >= MIN_PCT then return end
  local coin = coin_of(p)
  if not ISOLATED then
    local what = MODE == "REGULAR_MARGIN" and "cross margin" or "portfolio margin"
    bybit.log.warn(what .. ", not adding", { symbol = p.symbol, distance_pct = dist, marginMode = MODE })
    return
  end
  local left = (CAP[coin] or D"0") - (added[coin] or D"0")
  if left:sign() <= 0 then
    bybit.log.warn("cap reached, not adding", { symbol = p.symbol, distance_pct = dist, cap = CAP[coin] })
    return
  end
  local ok, amount, after = pcall(margin.ensure_buffer, p, TARGET_PCT, { step = STEP[coin], cap = left })
  if not ok then
    local err = amount
    -- positions carry no usable margin mode (tradeMode is deprecated): a cross-margin
    -- account answers the first add with CROSS_MARGIN_MODE, and nothing was added
    if type(err) == "table" and err.code == bybit.errors.CROSS_MARGIN_MODE then
      bybit.log.warn("cross margin, not adding", { symbol = p.symbol, distance_pct = dist })
      return
    end
    error(err, 0)
  end
  added[coin] = (added[coin] or D"0") + amount
  bybit.log.info("added margin", { symbol = p.symbol, margin = amount, coin = coin, was_pct = dist,
                                   now_pct = margin.distance_pct(after), liqPrice = after.liqPrice })
end

local function open_positions()
  local open = bybit.positions{ category = "linear", settleCoin = "USDT" }
  for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDC" }) do open[#open + 1] = p end
  for _, p in ipairs(bybit.positions{ category = "inverse" }) do open[#open + 1] = p end
  return open
end

-- Paper only: move each mark 1.5 % against the first position on its symbol (in hedge
-- mode a symbol has two, and one of them always gains).
local function push_marks()
  local pushed = {}
  for _, p in ipairs(open_positions()) do
    if not pushed[p.symbol] then
      pushed[p.symbol] = true
      local factor = p.side == "Buy" and D"0.985" or D"1.015"
      bybit.paper.set_mark_price(p.symbol, (bybit.ticker(p.symbol, p.category).markPrice * factor):round(2))
    end
  end
end

local round = 0
while ROUNDS == 0 or round < ROUNDS do
  round = round + 1
  if bybit.paper then push_marks() end
  for _, p in ipairs(open_positions()) do
    if p.liqPrice then guard(p) end   -- isolated or not, the exchange's answer decides
  end
  if PERIOD > 0 then bybit.sleep(PERIOD) end
end

print(("liquidation_guard: %d rounds on %s; added %s USDT and %s BTC"):format(
  round, bybit.env, added.USDT, added.BTC))
if added.USDC:sign() > 0 then print(("  and %s USDC"):format(added.USDC)) end
for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDT" }) do
  print(("  %-8s %-4s mark %-10s liq %-10s %s%% away"):format(
    p.symbol, p.side, p.markPrice, p.liqPrice, margin.distance_pct(p)))
end
