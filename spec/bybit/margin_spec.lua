-- bybit.margin against the paper exchange's own numbers (the same formulas).
local bybit = require("bybit")
local margin = require("bybit.margin")

describe("bybit.margin", function()
  it("measures the distance to liquidation", function()
    local p = bybit.position("BTCUSDT")                 -- long, liq 54,300, mark 60,000
    assert.are.equal("9.5000", tostring(margin.distance_pct(p)))
    local s = bybit.position("ETHUSDT")                 -- short 10 @ 3,000, liq 3,285
    assert.are.equal("9.5000", tostring(margin.distance_pct(s)))
    assert.are.equal("0.0000", tostring(margin.distance_pct(p, "54300")))         -- at it
    assert.is_true(margin.distance_pct(p, "54000"):sign() < 0)                     -- past it
  end)

  it("computes the margin for a target distance, linear long and short", function()
    for _, sym in ipairs({ "BTCUSDT", "ETHUSDT" }) do
      local p = bybit.position(sym)
      local need = margin.margin_for_distance(p, 12)
      assert.is_true(need:sign() > 0)
      local after = add_margin{ symbol = sym, margin = need }
      assert.near(12, margin.distance_pct(after):tonumber(), 0.001)
      add_margin{ symbol = sym, margin = -need }
    end
  end)

  it("computes the margin for a target distance, inverse", function()
    local p = bybit.position{ symbol = "BTCUSD", category = "inverse" }
    assert.are.equal("inverse", margin.category(p))
    local need = margin.margin_for_distance(p, 12)
    local after = add_margin{ category = "inverse", symbol = "BTCUSD", margin = need }
    assert.near(12, margin.distance_pct(after):tonumber(), 0.01)
    add_margin{ category = "inverse", symbol = "BTCUSD", margin = -need }
  end)

  it("takes the category from the position, else from the exchange's instrument list", function()
    assert.are.equal("linear", margin.category({ symbol = "BTCUSD", category = "linear" }))  -- the table's own word
    assert.are.equal("inverse", margin.category({ symbol = "ETHUSD" }))      -- listed as inverse
    assert.are.equal("linear", margin.category({ symbol = "SOLUSDT" }))      -- listed as linear
    local ok, err = pcall(margin.category, { symbol = "BTCUSDZ26" })        -- inverse by its spelling, but not listed
    assert.is_false(ok)
    assert.truthy(tostring(err):find("unknown symbol 'BTCUSDZ26'", 1, true))
  end)

  it("handles inverse shorts by the same formula (coin margin)", function()
    -- 10,000 USD short @ 60,000 x10, MMR 0.5 %: LP = 10,000 / (PV - IM + MM) = 66,298.34
    local short = { symbol = "BTCUSD", side = "Sell", size = D"10000", liqPrice = D"66298.34", markPrice = D"60000" }
    assert.are.equal("inverse", margin.category(short))
    assert.are.equal("10.4972", tostring(margin.distance_pct(short)))
    -- target LP 69,000: 10,000/66,298.34 - 10,000/69,000 = 0.0059058 BTC, rounded up
    assert.are.equal("0.0060", tostring(margin.margin_for_distance(short, 15)))
    assert.is_true(margin.margin_for_distance(short, 5):sign() < 0)   -- already further than 5 %
  end)

  it("releases only extra margin", function()
    local p = bybit.position("BTCUSDT")
    assert.is_true(margin.releasable(p, 5):eq(0))       -- nothing added yet
    p = add_margin{ symbol = "BTCUSDT", margin = "2000" }
    assert.is_true(margin.extra_margin(p):eq(2000))
    local r = margin.releasable(p, 5)
    assert.is_true(r:eq(2000))                          -- capped at the extra
    p = add_margin{ symbol = "BTCUSDT", margin = -r }
    assert.is_true(p.liqPrice:eq("54300"))
  end)

  it("ensure_buffer adds in steps up to the cap", function()
    bybit.paper.set_mark_price("BTCUSDT", "56000")       -- 3.04 % from liquidation
    local p = bybit.position("BTCUSDT")
    local added, after = margin.ensure_buffer(p, 8, { step = "500", cap = "1200" })
    assert.is_true(added:eq(1200))                      -- needed more, the cap held
    assert.is_true(margin.distance_pct(after) > margin.distance_pct(p))
    added, after = margin.ensure_buffer(after, 8, { step = "2000" })
    assert.near(8, margin.distance_pct(after):tonumber(), 0.001)
  end)

  it("ensure_buffer's calls can be spied on", function()
    local calls = {}
    local fake = { symbol = "BTCUSDT", side = "Buy", size = D"1", liqPrice = D"54300", markPrice = D"56000" }
    local added = margin.ensure_buffer(fake, 8, {
      step = "1000",
      add_margin = function(args) calls[#calls + 1] = args.margin; fake.liqPrice = fake.liqPrice - args.margin; return fake end,
      position = function() return fake end,
    })
    -- target liq = 56,000 x 0.92 = 51,520: 2,780 USDT in steps of at most 1,000
    assert.are.same({ D"1000", D"1000", D"780" }, calls)
    assert.is_true(added:eq(2780))
  end)
end)
