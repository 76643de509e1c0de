-- bybit.events, and bybit.on/every/run over it, against this file's own fresh paper
-- exchange, streams included (default book: BTCUSDT long 1 @ 60,000 x10, ETHUSDT short 10
-- @ 3,000 x10, BTCUSD long 10,000; SOLUSDT flat). The tests run in order and share the book.
local bybit = require("bybit")
local events = require("bybit.events")

local function refused(args)
  local ok, err = pcall(bybit.events, args)
  assert.is_false(ok, "expected an error")
  return tostring(err)
end

describe("bybit.events", function()
  it("ticks its timer when nothing else happens", function()
    local n = 0
    for ev in bybit.events{ every = 0.02 } do
      assert.are.equal("timer", ev.type)
      n = n + 1
      if n == 3 then break end
    end
    assert.are.equal(3, n)
  end)

  it("refuses bad arguments by name, before anything is subscribed", function()
    assert.truthy(refused{ tickerz = { "BTCUSDT" } }:find("unknown field 'tickerz'", 1, true))
    assert.truthy(refused{ tickers = 5 }:find("field 'tickers': list of symbols expected", 1, true))
    assert.truthy(refused{ tickers = { "BTCUSDT", 7 } }:find("item 2 must be a symbol", 1, true))
    assert.truthy(refused{ tickers = {} }:find("nothing to wait for", 1, true))
    assert.truthy(refused{ every = 0 }:find("field 'every': seconds above 0", 1, true))
    assert.truthy(refused{ every = "5" }:find("field 'every': number of seconds expected", 1, true))
    assert.truthy(refused{ positions = "yes" }:find("field 'positions'", 1, true))
    assert.truthy(refused{ tickers = { "NOPEUSDT" } }:find("NOPEUSDT", 1, true))
    assert.truthy(refused(nil):find("table expected", 1, true))
  end)

  it("yields the ticker the exchange pushes, as state the ticker read answers from", function()
    local seen
    for ev in bybit.events{ tickers = { "BTCUSDT" }, every = 0.05 } do
      if ev.type == "timer" then
        bybit.paper.set_mark_price("BTCUSDT", "61234.5")
      elseif ev.type == "ticker" and ev.markPrice:eq("61234.5") then
        seen = ev
        assert.is_true(bybit.ticker("BTCUSDT").markPrice:eq("61234.5"))
        break
      end
    end
    assert.are.equal("BTCUSDT", seen.symbol)
    assert.are.equal("BTCUSDT", seen.ticker.symbol)
    assert.is_true(seen.ticker.markPrice:eq(seen.markPrice))
    assert.are.equal("integer", math.type(seen.skipped))
  end)

  it("conflates the ticks a busy script missed: the newest once, with how many were merged", function()
    local busy = false
    for ev in bybit.events{ tickers = { "ETHUSDT" } } do
      if not busy then
        busy = true   -- the snapshot; now three pushes arrive while the script is busy
        for _, m in ipairs{ "3010", "3020", "3030" } do
          bybit.paper.set_mark_price("ETHUSDT", m)
          bybit.sleep(0.25)
        end
        -- the stream's state (bybit.ticker) has the last push before the loop goes on
        while not bybit.ticker("ETHUSDT").markPrice:eq("3030") do bybit.sleep(0.05) end
      else
        assert.are.equal("ticker", ev.type)
        assert.is_true(ev.markPrice:eq("3030"))
        assert.is_true(ev.skipped >= 1)   -- 2 unless the exchange merged two pushes itself
        break
      end
    end
  end)

  it("yields the position after a margin call, in the same shape as bybit.position()", function()
    local before = bybit.position("BTCUSDT")
    local pushed
    for ev in bybit.events{ positions = true, every = 0.05 } do
      if ev.type == "timer" and not pushed then
        add_margin{ symbol = "BTCUSDT", margin = "100" }
      elseif ev.type == "position" and ev.position.symbol == "BTCUSDT"
          and ev.position.positionIM > before.positionIM then
        pushed = ev.position
        break
      end
    end
    local after = bybit.position("BTCUSDT")
    assert.is_true(pushed.liqPrice:eq(after.liqPrice))
    assert.is_true(pushed.avgPrice:eq(after.avgPrice))
    assert.are.equal("linear", pushed.category)
  end)

  it("yields the order, its execution and the wallet after a reduce-only order", function()
    local placed
    local seen = {}
    for ev in bybit.events{ orders = true, executions = true, wallet = true, every = 0.05 } do
      if ev.type == "timer" and not placed then
        placed = bybit.order{ symbol = "ETHUSDT", side = "Buy", qty = "1" }
      elseif ev.type == "order" and placed and ev.order.orderLinkId == placed.orderLinkId then
        seen.order = ev.order
      elseif ev.type == "execution" and placed and ev.execution.orderLinkId == placed.orderLinkId then
        seen.execution = ev.execution
      elseif ev.type == "wallet" and placed then
        seen.wallet = ev.wallet
      end
      if seen.order and seen.order.orderStatus == "Filled" and seen.execution and seen.wallet then break end
    end
    assert.are.equal("ETHUSDT", seen.order.symbol)
    assert.is_true(seen.order.reduceOnly)
    assert.is_true(seen.execution.execQty:eq("1"))
    assert.are.equal("table", type(seen.wallet.coin))
  end)

  it("says stale once when a subscribed feed is quiet for stale_after seconds", function()
    local stale
    for ev in bybit.events{ tickers = { "SOLUSDT" }, stale_after = 0.2 } do
      if ev.type == "stale" then stale = ev; break end
    end
    assert.are.equal("linear", stale.feed)
    assert.is_true(stale.silent_ms >= 200)
  end)

  it("ends on bybit.stop() and runs the code after the loop", function()
    local n = 0
    for _ in bybit.events{ every = 0.01 } do
      n = n + 1
      assert.is_true(bybit.stop())
    end
    assert.are.equal(1, n)
    assert.is_false(bybit.stop())
  end)
end)

describe("bybit.on / every / run", function()
  before_each(function() events.clear() end)

  it("calls the handlers until a handler stops the run", function()
    local ticks, timers = 0, 0
    bybit.on("ticker", "ETHUSDT", function(ev)
      assert.are.equal("ETHUSDT", ev.symbol)
      ticks = ticks + 1
    end)
    bybit.every(0.02, function()
      timers = timers + 1
      if timers == 3 then bybit.stop() end
    end)
    bybit.run()
    assert.are.equal(3, timers)
    assert.is_true(ticks >= 1)   -- the snapshot on subscribe
  end)

  it("calls a position handler for its symbol only", function()
    local added, seen = false, {}
    bybit.on("position", "BTCUSDT", function(ev)
      seen[#seen + 1] = ev.position.symbol
      if added and ev.position.positionIM then bybit.stop() end
    end)
    bybit.every(0.02, function()
      if not added then
        added = true
        add_margin{ symbol = "ETHUSDT", margin = "10" }
        add_margin{ symbol = "BTCUSDT", margin = "10" }
      end
    end)
    bybit.run()
    assert.is_true(#seen >= 1)
    for _, s in ipairs(seen) do assert.are.equal("BTCUSDT", s) end
  end)

  it("logs a handler that raises and goes on", function()
    local calls = 0
    bybit.every(0.01, function()
      calls = calls + 1
      if calls == 1 then error("boom") end
      bybit.stop()
    end)
    bybit.run()
    assert.are.equal(2, calls)
  end)

  it("stops the run on a guard error", function()
    bybit.every(0.01, function() error(setmetatable({ kind = "guard", message = "capped" }, {}), 0) end)
    local ok, err = pcall(bybit.run)
    assert.is_false(ok)
    assert.are.equal("guard", err.kind)
  end)

  -- What the dispatcher logged, by level, while `fn` ran.
  local function logged(fn)
    local lines, saved = { error = {}, warn = {}, info = {} }, {}
    for level in pairs(lines) do
      saved[level] = bybit.log[level]
      bybit.log[level] = function(message, fields)
        table.insert(lines[level], { message = message, fields = fields or {} })
      end
    end
    local ok, err = pcall(fn)
    for level, f in pairs(saved) do bybit.log[level] = f end
    if not ok then error(err, 0) end
    return lines
  end

  it("skips a handler that keeps failing (1 s, then 2 s) and says so once per skip", function()
    local calls, started = 0, bybit.now()
    local lines = logged(function()
      bybit.every(0.01, function()
        calls = calls + 1
        if calls <= 3 then error("down " .. calls) end
        bybit.stop()
      end)
      bybit.run()
    end)
    assert.are.equal(4, calls)   -- the timer fired ~300 times; the skips held the handler back
    assert.is_true(bybit.now() - started >= 3000)
    assert.are.equal(3, #lines.error)
    assert.are.equal("handler failed", lines.error[1].message)
    assert.truthy(lines.error[3].fields.error:find("down 3", 1, true))
    assert.truthy(lines.error[3].fields.error:find("stack traceback", 1, true))
    assert.are.equal(2, #lines.warn)
    assert.are.same({ 1, 2 }, { lines.warn[1].fields.skip_s, lines.warn[2].fields.skip_s })
    assert.are.equal(1, #lines.info)
    assert.are.equal("handler runs again", lines.info[1].message)
    assert.is_true(lines.info[1].fields.skipped > 0)
  end)

  it("logs an outcome_unknown at error level and never calls the handler again for it", function()
    local calls = 0
    local lines = logged(function()
      bybit.every(0.01, function()
        calls = calls + 1
        if calls == 1 then error(setmetatable({ kind = "outcome_unknown", message = "sent, no answer" }, {}), 0) end
        bybit.stop()
      end)
      bybit.run()
    end)
    assert.are.equal(2, calls)   -- the next timer's call, not a retry of the first
    assert.are.equal(1, #lines.error)
    assert.truthy(lines.error[1].message:find("outcome is unknown", 1, true))
  end)

  it("subscribes again when the loop cannot start, 1 s then 2 s later", function()
    local real, refusals = bybit.events, 0
    bybit.events = function(args)
      if refusals < 2 then
        refusals = refusals + 1
        error(setmetatable({ kind = "network", message = "exchange down" }, { __tostring = function() return "exchange down" end }), 0)
      end
      return real(args)
    end
    local ran, started = 0, bybit.now()
    local ok, lines = pcall(logged, function()
      bybit.every(0.01, function() ran = ran + 1; bybit.stop() end)
      bybit.run()
    end)
    bybit.events = real
    assert.is_true(ok, tostring(lines))
    assert.are.equal(1, ran)
    assert.is_true(bybit.now() - started >= 3000)
    assert.are.equal(2, #lines.error)
    assert.are.equal("event loop failed: subscribing again", lines.error[1].message)
    assert.are.same({ 1, 2 }, { lines.error[1].fields.in_s, lines.error[2].fields.in_s })
  end)

  it("does not subscribe again after an error that would come back: a bad subscription ends run", function()
    local real, calls = bybit.events, 0
    bybit.events = function()
      calls = calls + 1
      error(setmetatable({ kind = "validation", message = "unknown symbol NOPE" }, { __tostring = function() return "unknown symbol NOPE" end }), 0)
    end
    local ok, err = pcall(function()
      bybit.every(0.01, function() bybit.stop() end)
      bybit.run()
    end)
    bybit.events = real
    assert.is_false(ok)
    assert.are.equal("validation", err.kind)
    assert.are.equal(1, calls)
  end)

  it("protect: true and the results; false, 'failed' logged; a guard error raised again", function()
    local lines = logged(function()
      local add = events.protect(function(a, b) return a + b, "sum" end, "adder")
      assert.are.same({ true, 5, "sum" }, { add(2, 3) })
      assert.are.same({ false, "failed" }, { add(2, nil) })
    end)
    assert.are.equal("adder", lines.error[1].fields.handler)
    local capped = events.protect(function() error(setmetatable({ kind = "guard", message = "capped" }, {}), 0) end)
    local ok, err = pcall(capped)
    assert.is_false(ok)
    assert.are.equal("guard", err.kind)
    assert.has_error(function() events.protect(nil) end, "bad argument #1 to 'protect' (function expected)")
  end)

  it("schedule.every goes on after an error", function()
    local schedule, n = require("bybit.schedule"), 0
    local lines = logged(function()
      assert.are.equal(3, schedule.every(0.01, function(i)
        n = n + 1
        if i == 1 then error("once") end
      end, { times = 3 }))
    end)
    assert.are.equal(3, n)
    assert.are.equal(1, #lines.error)
  end)

  it("refuses bad registrations", function()
    assert.has_error(function() bybit.on("tick", function() end) end)
    assert.has_error(function() bybit.on("ticker", function() end) end)
    assert.has_error(function() bybit.every(0, function() end) end)
    assert.has_error(function() bybit.run() end)
  end)
end)
