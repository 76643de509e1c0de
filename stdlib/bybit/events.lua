--- bybit.events — handlers over the one event loop, `bybit.events{…}`: register with
--- `on` and `every`, then `run()`. The same functions are `bybit.on`, `bybit.every`,
--- `bybit.run` and `bybit.watch`. A handler that raises is logged with its traceback and
--- the loop goes on; a `guard` (or `audit`) error still stops the run, as it would
--- anywhere else. `bybit.stop()` (from a handler), Ctrl-C, SIGTERM and --timeout end it.
local M = {}

local function bybit() return require("bybit") end

-- Event type -> the bybit.events field that subscribes to it (nil: always delivered).
local FEEDS = { ticker = "tickers", position = "positions", wallet = "wallet", order = "orders",
                execution = "executions", reconnected = false, stale = false }

local handlers = {}   -- { type =, symbols = set|nil, fn = }, in registration order
local timers = {}     -- { period_ms =, fn =, due = }

-- "file:line" of a function, to name a handler in the log (strict sandboxes have no
-- debug.getinfo: then its address).
local function name_of(fn)
  local info = debug.getinfo and debug.getinfo(fn, "S")
  return info and (info.short_src .. ":" .. info.linedefined) or tostring(fn)
end

local function symbol_set(x, what)
  if type(x) == "string" then return { [x] = true } end
  if type(x) ~= "table" or #x == 0 then
    error("bad argument #2 to 'on' (" .. what .. " expected)", 3)
  end
  local set = {}
  for i, s in ipairs(x) do
    if type(s) ~= "string" then error(("bad argument #2 to 'on' (symbol #%d: string expected)"):format(i), 3) end
    set[s] = true
  end
  return set
end

--- Calls `fn(ev)` for each event of `type` ("ticker", "position", "wallet", "order",
--- "execution", "reconnected", "stale"). Tickers need a symbol or a list of them; the
--- account events take one to filter on (`ev.position.symbol`, …).
---@param type string
---@param symbol string|string[]|fun(ev: table)
---@param fn? fun(ev: table)
function M.on(type_, symbol, fn)
  if type(type_) ~= "string" or FEEDS[type_] == nil then
    error("bad argument #1 to 'on' (event type expected: ticker, position, wallet, order, execution, reconnected, stale)", 2)
  end
  if fn == nil and type(symbol) == "function" then symbol, fn = nil, symbol end
  if type(fn) ~= "function" then error("bad argument #3 to 'on' (function expected)", 2) end
  if type_ == "ticker" and symbol == nil then error("bad argument #2 to 'on' (symbol expected for tickers)", 2) end
  local h = { type = type_, fn = fn, name = name_of(fn),
              symbols = symbol ~= nil and symbol_set(symbol, "symbol or list of symbols") or nil }
  handlers[#handlers + 1] = h
  return h
end

--- Calls `fn()` every `seconds`, from the loop's timer: also when the market is quiet.
---@param seconds number
---@param fn fun()
function M.every(seconds, fn)
  if type(seconds) ~= "number" or seconds ~= seconds or seconds <= 0 or seconds > 86400 then
    error("bad argument #1 to 'every' (seconds above 0 and at most 86400 expected)", 2)
  end
  if type(fn) ~= "function" then error("bad argument #2 to 'every' (function expected)", 2) end
  local t = { period_ms = math.max(1, math.floor(seconds * 1000 + 0.5)), fn = fn, name = name_of(fn) }
  timers[#timers + 1] = t
  return t
end

--- Forgets every handler and timer (for tests and for a second `run` with others).
function M.clear()
  handlers, timers = {}, {}
end

local function gcd(a, b)
  while b ~= 0 do a, b = b, a % b end
  return a
end

-- The error and where it came from (down to the handler: the loop's own frames are
-- noise); a table error (bybit's) is kept as it is.
local function with_traceback(e)
  local tb = debug.traceback(type(e) == "string" and e or tostring(e), 2)
  local cut = tb:find("\n\t%[C%]: in function 'xpcall'")
  if cut then tb = tb:sub(1, cut - 1):gsub("\n\t%[C%]: in %?$", "") end
  return { err = e, traceback = tb }
end

-- Errors that end the run wherever they are raised: a guard refused a call, or the audit
-- log could not record one (nothing was sent).
local function fatal(err)
  return type(err) == "table" and (err.kind == "guard" or err.kind == "audit")
end

-- The errors `run` subscribes again after: the exchange or the network is down or busy.
local TRANSIENT = { network = true, timeout = true, rate_limited = true, http = true }
local function transient(err)
  return type(err) == "table" and TRANSIENT[err.kind] == true
end

--- The most a failing handler is skipped for, in seconds.
M.BACKOFF_MAX_S = 60

-- The rest of `call`, given xpcall's results as arguments (no table per call).
local function finished(slot, what, ok, ...)
  if ok then
    if (slot.failures or 0) > 0 then
      if slot.skip_until then
        bybit().log.info("handler runs again", { handler = slot.name, event = what, failures = slot.failures,
                                                 skipped = slot.skipped or 0 })
      end
      slot.failures, slot.skipped, slot.skip_until = 0, 0, nil
    end
    return true, ...
  end
  local failure = ...
  local err = type(failure) == "table" and failure.err or failure
  if fatal(err) then error(err, 0) end
  slot.failures = (slot.failures or 0) + 1
  local trace = type(failure) == "table" and failure.traceback or tostring(err)
  if type(err) == "table" and err.kind == "outcome_unknown" then
    bybit().log.error("handler failed: a mutation's outcome is unknown (not retried: check the exchange)",
                      { handler = slot.name, event = what, error = trace })
  else
    bybit().log.error("handler failed", { handler = slot.name, event = what, error = trace })
  end
  if slot.failures >= 2 then
    local wait = math.min(1 << math.min(slot.failures - 2, 10), M.BACKOFF_MAX_S)
    slot.skip_until = bybit().now() + wait * 1000
    slot.skipped = 0
    bybit().log.warn("handler keeps failing: skipped for a while", { handler = slot.name, event = what,
                                                                    failures = slot.failures, skip_s = wait })
  end
  return false, "failed"
end

-- Runs `slot.fn(...)` protected. A failure is logged with its traceback and the caller
-- goes on; the same slot failing again is skipped for 1 s, then 2, 4, … up to
-- BACKOFF_MAX_S while it keeps failing (one log line when a skip starts, one when it runs
-- again after skips). A guard or audit error is raised again: it ends the run.
-- `outcome_unknown` is logged at error level and never retried: the session raised an
-- alert for it already where it was raised, so it is not alerted twice. Returns true and
-- what fn returned; false, "failed"; or false, "skipped" and the milliseconds left to skip.
local function call(slot, what, ...)
  local skip_until = slot.skip_until
  if skip_until then   -- the clock is read only while skipping: a handler runs on every event
    local now = bybit().now()
    if now < skip_until then
      slot.skipped = (slot.skipped or 0) + 1
      return false, "skipped", skip_until - now
    end
  end
  return finished(slot, what, xpcall(slot.fn, with_traceback, ...))
end

--- Wraps `fn` in the handlers' rules, for a loop the script writes itself (a plain
--- `for ev in bybit.events{…}` body is the script's own code: an error in it ends the loop
--- and the run like any other). The wrapper returns true and `fn`'s results; false,
--- "failed" when `fn` raised (logged with its traceback); or false, "skipped" and the
--- milliseconds left while it is skipped after failing repeatedly (1, 2, 4 … up to 60 s).
--- A `guard` or `audit` error is raised again and ends the run.
---@param fn function
---@param name? string how the log names it (default: its file:line)
---@return fun(...): boolean, any
function M.protect(fn, name)
  if type(fn) ~= "function" then error("bad argument #1 to 'protect' (function expected)", 2) end
  local slot = { fn = fn, name = name or name_of(fn) }
  return function(...) return call(slot, nil, ...) end
end

local function symbol_of(ev)
  if ev.symbol then return ev.symbol end
  local body = ev[ev.type]
  return type(body) == "table" and body.symbol or nil
end

local function dispatch(ev)
  local symbol = symbol_of(ev)
  for _, h in ipairs(handlers) do
    if h.type == ev.type and (h.symbols == nil or (symbol ~= nil and h.symbols[symbol])) then
      call(h, ev.type, ev)
    end
  end
end

local function fire_timers()
  local now = bybit().now()
  for _, t in ipairs(timers) do
    if now >= t.due - 5 then   -- a few ms early still counts: the loop's timer and now() are two clocks
      t.due = t.due + t.period_ms
      if t.due <= now then t.due = now + t.period_ms end   -- a slow handler: skip, never a burst
      call(t, "timer")
    end
  end
end

--- The subscription `run` makes from the handlers (`opts` adds to it: tickers, the
--- account feeds, stale_after).
local function subscription(opts)
  local sub = {}
  for k, v in pairs(opts or {}) do sub[k] = v end
  local seen, tickers = {}, {}
  for _, s in ipairs(sub.tickers or {}) do if not seen[s] then seen[s] = true; tickers[#tickers + 1] = s end end
  for _, h in ipairs(handlers) do
    local feed = FEEDS[h.type]
    if feed == "tickers" then
      local sorted = {}
      for s in pairs(h.symbols) do sorted[#sorted + 1] = s end
      table.sort(sorted)
      for _, s in ipairs(sorted) do if not seen[s] then seen[s] = true; tickers[#tickers + 1] = s end end
    elseif feed then
      sub[feed] = true
    end
  end
  sub.tickers = #tickers > 0 and tickers or nil
  if #timers > 0 then
    local g = timers[1].period_ms
    for i = 2, #timers do g = gcd(g, timers[i].period_ms) end
    sub.every = g / 1000
  end
  return sub
end

-- One life of the loop: the streams subscribed, events dispatched until the loop ends.
-- `seen.events` counts what it yielded (kept when it fails).
local function loop(sub, seen)
  for ev in bybit().events(sub) do
    seen.events = seen.events + 1
    if ev.type == "timer" then fire_timers() else dispatch(ev) end
  end
  return n
end

--- The most `run` waits before subscribing again after its loop failed, in seconds.
M.RESTART_MAX_S = 30

--- Runs the handlers until `bybit.stop()` (or Ctrl-C, SIGTERM, --timeout). `opts` takes
--- the fields of `bybit.events` (more tickers or feeds, `stale_after`). When the loop itself
--- fails because the exchange or the network is down (`network`, `timeout`, `rate_limited`,
--- `http`) it is logged and started again after 1, 2, 4 … up to 30 s; a loop that ran resets
--- the wait. Any other error (a bad subscription, a refused login, `guard`, `audit`) ends it.
---@param opts? table
function M.run(opts)
  if opts ~= nil and type(opts) ~= "table" then error("bad argument #1 to 'run' (table expected)", 2) end
  if #handlers == 0 and #timers == 0 then
    error("bybit.run: no handlers (register some with bybit.on or bybit.every first)", 2)
  end
  local start = bybit().now()
  for _, t in ipairs(timers) do t.due = start + t.period_ms end
  local sub, failures = subscription(opts), 0
  while true do
    local seen = { events = 0 }
    local ok, result = xpcall(loop, with_traceback, sub, seen)
    if ok then return end
    local err = type(result) == "table" and result.err or result
    -- Only an exchange or network that is down is waited out; anything else (a bad
    -- subscription, a refused login, a guard) would fail the same way every time.
    if not transient(err) then error(err, 0) end
    failures = seen.events > 0 and 1 or failures + 1
    local wait = math.min(1 << math.min(failures - 1, 10), M.RESTART_MAX_S)
    bybit().log.error("event loop failed: subscribing again", { in_s = wait, failures = failures,
                                                               error = type(result) == "table" and result.traceback or tostring(err) })
    bybit().sleep(wait)
  end
end

--- Prints each tick of `symbols` until Ctrl-C (or `opts.ticks` ticks): `bybit.watch`.
---@param symbols string|string[]
---@param opts? {ticks?: integer}
function M.watch(symbols, opts) return require("bybit.watch")(symbols, opts) end

return M
