-- Fixture for `bybit-lua test --scenario hedge.json`: the stdlib in hedge mode against
-- the paper exchange. ETHUSDT long and short 10 @ 3,000 x10 (liq 2,715 / 3,285, both
-- 9.5 % away); BTCUSDT hedge long 1 @ 60,000 with 3,000 extra (sell side flat);
-- BTCUSD inverse one-way long.
local bybit = require("bybit")
local margin = require("bybit.margin")

describe("hedge mode", function()
  it("ensure_buffer adds to one side in steps and re-reads that side", function()
    local short = bybit.position{ symbol = "ETHUSDT", positionIdx = 2 }
    local added, after = margin.ensure_buffer(short, 12, { step = "300" })
    assert.is_true(added:eq(750))                      -- 12 % away is 3,360: 75 x 10, in 3 steps
    assert.are.equal(2, after.positionIdx)
    assert.are.equal("3360.00", tostring(after.liqPrice))
    assert.is_true(bybit.position{ symbol = "ETHUSDT", positionIdx = 1 }.positionIM:eq(3000))  -- the long untouched
  end)

  it("ensure_buffer takes the side from opts when the table has none", function()
    local long = bybit.position{ symbol = "ETHUSDT", positionIdx = 1 }
    long.positionIdx = nil                              -- e.g. a table built by hand
    local added, after = margin.ensure_buffer(long, 12, { step = "500", positionIdx = 1 })
    assert.is_true(added:eq(750))
    assert.are.equal("Buy", after.side)
    assert.are.equal("2640.00", tostring(after.liqPrice))
  end)

  it("releasable and extra_margin read the side they are given", function()
    local btc = bybit.position{ symbol = "BTCUSDT", positionIdx = 1 }
    assert.is_true(margin.extra_margin(btc):eq(3000))
    local r = margin.releasable(btc, 10)
    assert.is_true(r:eq(2700))
    local after = add_margin{ symbol = "BTCUSDT", positionIdx = 1, margin = -r }
    assert.are.equal("10.0000", tostring(margin.distance_pct(after)))
  end)

  it("a positionIdx of the other mode is an error, never flat", function()
    local ok, err = pcall(bybit.position, { symbol = "ETHUSDT", positionIdx = 0 })
    assert.is_false(ok)
    assert.truthy(err:find("positionIdx 0 does not match ETHUSDT's position mode", 1, true))
    assert.is_nil(bybit.position{ symbol = "BTCUSDT", positionIdx = 2 })   -- the flat side
    assert.are.equal(0, bybit.position("BTCUSD").positionIdx)              -- inverse stays one-way
  end)

  it("schedule.every drives a guard that names each side", function()
    local schedule = require("bybit.schedule")
    bybit.paper.set_mark_price("ETHUSDT", "3200")      -- against the short
    local sides = {}
    schedule.every(0, function()
      for _, p in ipairs(bybit.positions{ symbol = "ETHUSDT" }) do
        if margin.distance_pct(p) < D"8" then
          local _, after = margin.ensure_buffer(p, 8)
          sides[#sides + 1] = after.positionIdx
        end
      end
    end, { times = 1 })
    assert.are.same({ 2 }, sides)
  end)
end)
