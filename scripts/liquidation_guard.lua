-- liquidation_guard.lua: keeps every isolated position at least MIN_PCT % away from
-- liquidation by adding margin in steps (re-reading the position after each add),
-- never more than CAP per settle coin in this run. Once that cap is reached (its own
-- CAP, or the run's --max-margin answering `guard`), adding is over for that coin; if a
-- position's distance then keeps shrinking below REDUCE_PCT (lower than at the round
-- before, or first seen there), it cuts FRACTION of the position with a reduce-only
-- market order (bybit.margin.reduce) each such round, rather than watch it be liquidated;
-- a distance that holds or grows is left alone.
-- Reduce-only orders can only shrink a position, so no --allow-open-orders is needed.
--
-- It is event-driven (bybit.events): each mark-price tick of a guarded symbol is checked
-- the moment it arrives, against the positions as last pushed or re-read; a round (every
-- position re-read over REST and checked) runs at start and then on a heartbeat timer
-- every PERIOD_S seconds, so a quiet market or a missed push is still looked at.
--
--   bybit-lua scripts/liquidation_guard.lua [MIN_PCT] [TARGET_PCT] [ROUNDS] [PERIOD_S] [REDUCE_PCT] [FRACTION] [CAP_SCALE] [ALERT_S]
--   bybit-lua --env testnet --max-margin USDT=500 --max-margin BTC=0.01 scripts/liquidation_guard.lua 3 8 0 30 1.5 0.25
--
-- Defaults: MIN_PCT 3, TARGET_PCT 8, ROUNDS 8, PERIOD_S 10 (0 on paper: a round every
-- 0.25 s), REDUCE_PCT 1.5, FRACTION 0.25, CAP_SCALE 1 (multiplies CAP below), ALERT_S 30.
-- ROUNDS 0 runs until Ctrl-C. On the paper
-- exchange it also pushes the mark prices against the positions before each round, so
-- the guard has something to do: it answers the ticks of each move before the round does
-- (the log's on=tick; on=round when a round found the move first).
--
-- ROUNDS 0 keeps guarding through a dead exchange or network: a failed read, round or
-- tick is logged with its traceback and tried again (a round that keeps failing is skipped
-- for 1, 2, 4 … up to 60 s: bybit.events.protect); the streams reconnect by themselves,
-- and a subscription that cannot be opened is tried again after 1, 2, 4 … up to 30 s,
-- with the rounds going on over REST in between.
-- Only a guard or audit error (exit 3), Ctrl-C, a stop signal or --timeout end it.
-- When reading the exchange (a round, the account) or subscribing has failed for ALERT_S
-- seconds in a row, it sends one `bybit.notify` alert at level error, and one at info when
-- a read works again (the run's webhooks: [notify] in config.toml or --notify URL).
local bybit = require "bybit"
local margin = require "bybit.margin"
local protect = require("bybit.events").protect

local MIN_PCT = D(arg[1] or "3")          -- act when the mark is closer than this
local TARGET_PCT = D(arg[2] or "8")       -- and restore this much distance
local ROUNDS = math.tointeger(tonumber(arg[3] or "8"))
local PERIOD = tonumber(arg[4] or (bybit.paper and "0" or "10"))
local REDUCE_PCT = D(arg[5] or "1.5")     -- past the cap: cut the position when closer than this
local FRACTION = D(arg[6] or "0.25")      -- and cut this share of it each round it gets closer
assert(REDUCE_PCT < MIN_PCT, "REDUCE_PCT must be below MIN_PCT")
assert(FRACTION:sign() > 0 and FRACTION <= 1, "FRACTION must be above 0 and at most 1")
local STEP = { USDT = D"1000", USDC = D"1000", BTC = D"0.01" }   -- largest single add, per settle coin
local CAP_SCALE = D(arg[7] or "1")
local ALERT_S = tonumber(arg[8] or "30")  -- seconds of failing reads before a person is alerted
assert(ALERT_S and ALERT_S >= 0, "ALERT_S must be a number of seconds, 0 or more")
local CAP = { USDT = D"5000" * CAP_SCALE, USDC = D"5000" * CAP_SCALE, BTC = D"0.05" * CAP_SCALE }   -- most it adds per run

local added = { USDT = D"0", USDC = D"0", BTC = D"0" }
local capped = {}      -- settle coin -> true once --max-margin refused an add
local last_pct = {}    -- "symbol/positionIdx" -> the distance seen in the round before
local reduced = 0      -- reduce-only orders placed
local known = {}       -- "symbol/positionIdx" -> the position as last read or pushed
local trigger = "round" -- what the guard is answering: a "tick" or a "round" (logged)
local ticked = {}      -- key -> the distance a tick judged since the last round

local function key_of(p) return p.symbol .. "/" .. tostring(p.positionIdx) end

local function fatal(err) return type(err) == "table" and (err.kind == "guard" or err.kind == "audit") end

-- An outage a person should hear about: one alert once something the guard needs (reading
-- the account or the positions, subscribing to the streams) has failed for ALERT_S seconds in a row, and
-- one when everything that failed works again. Failures are timed, not counted: a failing
-- round is retried on a backoff (protect), the subscription on its own.
local failing_since = {}  -- what -> bybit.now() of its first failure in a row
local outage = nil        -- what was failing when the alert went out
local function failing(what, err)
  local now = bybit.now()
  failing_since[what] = failing_since[what] or now
  if not outage and now - failing_since[what] >= ALERT_S * 1000 then
    outage = what
    bybit.notify("liquidation_guard: " .. what .. " is failing: retrying; positions are unguarded",
      { error = err and tostring(err) or "see the log", failing_s = (now - failing_since[what]) // 1000 }, "error")
  end
end
local function recovered(what)
  failing_since[what] = nil
  if outage and next(failing_since) == nil then
    bybit.notify("liquidation_guard is guarding again: " .. outage .. " works again", nil, "info")
    outage = nil
  end
end

-- `fn()` until it works: a guard that exits on a failed read leaves the account
-- unguarded, so reads that must happen are retried, 1, 2, 4 … up to 30 s apart.
local function until_done(what, fn)
  local wait = 1
  while true do
    local ok, result = pcall(fn)
    if ok then recovered(what); return result end
    if fatal(result) then error(result, 0) end
    bybit.log.error(what .. " failed: trying again", { in_s = wait, error = tostring(result) })
    failing(what, result)
    bybit.sleep(wait)
    wait = math.min(wait * 2, 30)
  end
end

-- Margin is added to isolated positions only; the account says which mode it is in
-- (a position's tradeMode is deprecated and does not).
local MODE = until_done("reading the account", function() return bybit.account().marginMode end)
local ISOLATED = MODE == "ISOLATED_MARGIN"
if not ISOLATED then
  bybit.log.warn("account is not in isolated margin: watching only", { marginMode = MODE })
end

local settle_coins = {}
local function coin_of(p)   -- asked once per symbol per run (an instrument is a 40-field table)
  local coin = settle_coins[p.symbol]
  if not coin then
    coin = bybit.instrument(p.symbol, margin.category(p)).settleCoin
    settle_coins[p.symbol] = coin
  end
  return coin
end

-- Past the cap: cut FRACTION of the position while the distance is below REDUCE_PCT
-- and still shrinking (a first reading counts as shrinking: nothing says it recovers).
local function reduce_if_shrinking(p, dist, previous, why)
  if dist >= REDUCE_PCT or (previous and dist >= previous) then
    bybit.log.warn(why .. ", not adding", { symbol = p.symbol, distance_pct = dist })
    return
  end
  local ok, order, after = pcall(margin.reduce, p, { fraction = FRACTION })
  if not ok then
    bybit.log.error("could not reduce", { symbol = p.symbol, distance_pct = dist, error = tostring(order) })
    return
  end
  reduced = reduced + 1
  if not order.dryRun then known[key_of(p)] = after end   -- nil once closed
  local sent = order.dryRun and order.request or order   -- under --dry-run: what would have been sent
  bybit.log.warn(why .. (order.dryRun and ": would reduce the position" or ": reduced the position"), {
    symbol = p.symbol, side = sent.side, qty = sent.qty, was_size = p.size, now_size = after and after.size or 0,
    distance_pct = dist, orderLinkId = sent.orderLinkId })
end

local function guard(p, dist)   -- dist: p's distance, when the caller has it already
  dist = dist or margin.distance_pct(p)
  if dist == nil then return end
  local key = key_of(p)
  local previous = last_pct[key]
  last_pct[key] = dist
  if dist >= MIN_PCT then return end
  local coin = coin_of(p)
  if not ISOLATED then
    local what = MODE == "REGULAR_MARGIN" and "cross margin" or "portfolio margin"
    bybit.log.warn(what .. ", not adding", { symbol = p.symbol, distance_pct = dist, marginMode = MODE })
    return
  end
  local left = (CAP[coin] or D"0") - (added[coin] or D"0")
  if capped[coin] then return reduce_if_shrinking(p, dist, previous, "--max-margin reached") end
  if left:sign() <= 0 then return reduce_if_shrinking(p, dist, previous, "cap reached") end
  -- count each add as it is made, so what went through before an error is in the total;
  -- one whose outcome is unknown may have been applied, so it counts too
  local function add(args)
    local ok, result = pcall(bybit.add_margin, args)
    if ok or (type(result) == "table" and result.kind == "outcome_unknown") then
      added[coin] = (added[coin] or D"0") + args.margin
    end
    if not ok then error(result, 0) end
    return result
  end
  local ok, amount, after = pcall(margin.ensure_buffer, p, TARGET_PCT,
                                  { step = STEP[coin], cap = left, add_margin = add })
  if not ok then
    local err = amount
    -- positions carry no usable margin mode (tradeMode is deprecated): a cross-margin
    -- account answers the first add with CROSS_MARGIN_MODE, and nothing was added
    if type(err) == "table" and err.code == bybit.errors.CROSS_MARGIN_MODE then
      bybit.log.warn("cross margin, not adding", { symbol = p.symbol, distance_pct = dist })
      return
    end
    -- the run's --max-margin refused an add (nothing sent for it; earlier steps stand,
    -- so the position is read again before deciding on a cut)
    if type(err) == "table" and err.kind == "guard" then
      capped[coin] = true
      bybit.log.warn("--max-margin reached, adding no more " .. coin, { symbol = p.symbol, message = err.message })
      p = bybit.position{ symbol = p.symbol, category = p.category, positionIdx = p.positionIdx } or p
      known[key] = p
      dist = margin.distance_pct(p) or dist
      last_pct[key] = dist
      return reduce_if_shrinking(p, dist, previous, "--max-margin reached")
    end
    -- what the position is now is unknown (an add may have been applied): ticks leave it
    -- alone until a round reads it again; the run's log says what failed
    known[key], last_pct[key] = nil, nil
    error(err, 0)
  end
  known[key] = after
  last_pct[key] = margin.distance_pct(after) or dist   -- the next round compares with this
  bybit.log.info("added margin", { symbol = p.symbol, margin = amount, coin = coin, was_pct = dist, on = trigger,
                                   now_pct = last_pct[key], liqPrice = after.liqPrice })
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
      -- the exchange's mark now (bybit.ticker answers from the stream, up to a push behind)
      bybit.paper.set_mark_price(p.symbol, (bybit.paper.mark_price(p.symbol) * factor):round(2))
    end
  end
end

-- A round: every open position re-read and checked (at start, then on each heartbeat).
local function check_all()
  trigger = "round"
  local open = open_positions()   -- read first: a failed read keeps what was known
  known = {}
  for _, p in ipairs(open) do
    local key = key_of(p)
    known[key] = p
    -- isolated or not, the exchange's answer decides; a distance a tick judged is not judged twice
    local seen = ticked[key]
    if p.liqPrice and not (seen and seen:eq(margin.distance_pct(p))) then guard(p) end
  end
  ticked = {}
end

-- A tick: the positions on its symbol, at the pushed mark. Only a distance that moved
-- since it was last judged is judged again (a tick of the mark a round just used is not).
local function on_tick(symbol, mark)
  trigger = "tick"
  for key, p in pairs(known) do
    if p.symbol == symbol and p.liqPrice and mark and last_pct[key] then
      local dist = margin.distance_pct(p, mark)
      if dist and not dist:eq(last_pct[key]) then
        ticked[key] = dist
        guard(setmetatable({ markPrice = mark }, { __index = p }), dist)   -- the position at the pushed mark
      end
    end
  end
end

-- A pushed position replaces the one known unless it is older (a push can trail the
-- re-read that followed this script's own add or cut).
local function on_position(p)
  local key = key_of(p)
  local old = known[key]
  if old and old.updatedTime and p.updatedTime and p.updatedTime <= old.updatedTime then return end
  if p.size == nil or p.size:sign() == 0 then known[key] = nil else known[key] = p end
end

local function symbols_of(positions)
  local list, seen = {}, {}
  for _, p in pairs(positions) do
    if not seen[p.symbol] then seen[p.symbol] = true; list[#list + 1] = p.symbol end
  end
  table.sort(list)
  return list
end

local round = 1
-- Each kind of event is handled under bybit.events.protect: an error is logged and the
-- loop goes on (a guard or audit error still ends the run).
local tick = protect(on_tick, "tick")
local pushed = protect(on_position, "position")
local round_of = protect(function()
  check_all()
  if bybit.paper and (ROUNDS == 0 or round < ROUNDS) then push_marks() end
end, "round")

if bybit.paper then push_marks() end
until_done("the first round", check_all)
-- Paper: the next move now, so its ticks (pushed within 100 ms) reach the loop before the
-- round that would otherwise find it: the demo shows the guard reacting to them.
if bybit.paper and ROUNDS ~= 1 then push_marks() end
local HEARTBEAT = PERIOD > 0 and PERIOD or (bybit.paper and 0.25 or 0.01)

-- A heartbeat: the next round. One that ran read the exchange; a skipped one (backing
-- off after failures) says nothing.
local function heartbeat()
  round = round + 1
  local ok, why = round_of()
  if ok then recovered("reading the positions") elseif why == "failed" then failing("reading the positions") end
end

-- One subscription's life: it ends when the rounds are done or a position appears on a
-- symbol not watched yet (then the loop subscribes again, with its ticks).
local function listen(watched)
  local opened = false
  for ev in bybit.events{ tickers = watched, positions = true, every = HEARTBEAT } do
    if not opened then opened = true; recovered("subscribing to the streams") end
    if ev.type == "ticker" then
      tick(ev.symbol, ev.markPrice)
    elseif ev.type == "position" then
      pushed(ev.position)
    elseif ev.type == "timer" then
      heartbeat()
      if ROUNDS ~= 0 and round >= ROUNDS then break end
      if table.concat(symbols_of(known), ",") ~= table.concat(watched, ",") then break end
    end
  end
end

-- Waiting to subscribe again: the rounds go on meanwhile over REST, on a loop of timers
-- only (it opens no stream), so streams that cannot be opened leave no gap in the rounds.
local function rounds_for(seconds)
  local deadline = bybit.now() + seconds * 1000
  for ev in bybit.events{ every = math.min(HEARTBEAT, seconds) } do
    if ev.type == "timer" then heartbeat() end
    if (ROUNDS ~= 0 and round >= ROUNDS) or bybit.now() >= deadline then break end
  end
end

local wait = 1
while ROUNDS == 0 or round < ROUNDS do
  local ok, err = pcall(listen, symbols_of(known))
  if ok then
    wait = 1
  else
    -- the streams could not be opened (the exchange or the network is down): try again
    if fatal(err) then error(err, 0) end
    bybit.log.error("subscribing failed: trying again", { in_s = wait, error = tostring(err) })
    failing("subscribing to the streams", err)
    rounds_for(wait)
    wait = math.min(wait * 2, 30)
  end
end

print(("liquidation_guard: %d rounds on %s; added %s USDT and %s BTC"):format(
  round, bybit.env, added.USDT, added.BTC))
if added.USDC:sign() > 0 then print(("  and %s USDC"):format(added.USDC)) end
if reduced > 0 then print(("  and placed %d reduce-only order(s)"):format(reduced)) end
for _, p in ipairs(bybit.positions{ category = "linear", settleCoin = "USDT" }) do
  print(("  %-8s %-4s size %-7s mark %-10s liq %-10s %s%% away"):format(
    p.symbol, p.side, p.size, p.markPrice, p.liqPrice, margin.distance_pct(p)))
end
