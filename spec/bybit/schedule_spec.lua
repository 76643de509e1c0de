local schedule = require("bybit.schedule")
local bybit = require("bybit")

describe("bybit.schedule", function()
  it("every runs a function on a period, a given number of times", function()
    local seen, started = {}, bybit.now()
    local n = schedule.every(0.02, function(i) seen[#seen + 1] = i end, { times = 3 })
    assert.are.equal(3, n)
    assert.are.same({ 1, 2, 3 }, seen)
    assert.is_true(bybit.now() - started >= 40)     -- two waits between three runs
  end)

  it("every stops when the function returns false", function()
    local n = schedule.every(0, function(i) return i < 4 end)
    assert.are.equal(4, n)
  end)

  it("until_ returns the first truthy value", function()
    local calls = 0
    local v = schedule.until_(function() calls = calls + 1; return calls >= 3 and "ready" end, { every = 0.01 })
    assert.are.equal("ready", v)
    assert.are.equal(3, calls)
  end)

  it("until_ gives up after its timeout", function()
    local v, why = schedule.until_(function() return false end, { every = 0.01, timeout = 0.05 })
    assert.is_nil(v)
    assert.are.equal("timeout", why)
  end)

  it("waits on the paper exchange's state", function()
    bybit.paper.set_mark_price("BTCUSDT", "59000")
    local mark = schedule.until_(function()
      local m = bybit.ticker("BTCUSDT").markPrice
      return m:eq("59000") and m
    end, { every = 0.01, timeout = 2 })
    assert.is_true(mark:eq(59000))
  end)

  it("refuses bad arguments", function()
    assert.has_error(function() schedule.every(-1, function() end) end, "bad argument #1 to 'every' (seconds >= 0 expected)")
    assert.has_error(function() schedule.every(1, nil) end, "bad argument #2 to 'every' (function expected)")
    assert.has_error(function() schedule.until_(nil) end, "bad argument #1 to 'until_' (function expected)")
  end)
end)
