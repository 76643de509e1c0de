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

-- margin.reduce places real reduce-only orders on this file's paper exchange; each test
-- opens the position it cuts (paper.open_position replaces the slot, entry at the mark).
describe("bybit.margin.reduce", function()
  local function never_called() error("an order was sent", 2) end

  it("cuts a fraction of a long, rounded down to the qtyStep, and re-reads the position", function()
    bybit.paper.open_position{ symbol = "BTCUSDT", side = "Buy", size = "0.75" }
    local p = bybit.position("BTCUSDT")
    local order, after = margin.reduce(p, { fraction = "0.25" })      -- 0.1875 -> 0.187 (qtyStep 0.001)
    assert.are.equal("Sell", order.side)
    assert.are.equal("0.187", tostring(order.qty))
    assert.is_true(order.reduceOnly)
    assert.are.equal("Filled", order.orderStatus)
    assert.are.equal("Buy", after.side)
    assert.are.equal("0.563", tostring(after.size))                 -- exactly 0.75 - 0.187
    assert.are.equal(0, after.positionIdx)
  end)

  it("cuts a short by qty, the order buying on the same slot", function()
    bybit.paper.open_position{ symbol = "ETHUSDT", side = "Sell", size = "10" }
    local order, after = margin.reduce(bybit.position("ETHUSDT"), { qty = "2.345" })   -- qtyStep 0.01
    assert.are.equal("Buy", order.side)
    assert.are.equal("2.34", tostring(order.qty))
    assert.are.equal("Sell", after.side)
    assert.is_true(after.size:eq("7.66"))
  end)

  it("sizes inverse positions in whole contracts", function()
    local p = bybit.position{ symbol = "BTCUSD", category = "inverse" }     -- 10,000 USD long
    local order, after = margin.reduce(p, { fraction = "0.33333" })       -- 3,333.3 -> 3,333
    assert.are.equal("3333", tostring(order.qty))
    assert.is_true(after.size:eq(p.size - 3333))
    assert.are.equal("inverse", after.category)
  end)

  it("never sends more than the position: a larger qty or fraction 1 closes it", function()
    bybit.paper.open_position{ symbol = "BTCUSDT", side = "Buy", size = "0.2" }
    local order, after = margin.reduce(bybit.position("BTCUSDT"), { qty = "5" })
    assert.is_true(order.qty:eq("0.2"))
    assert.is_nil(after)                                           -- flat now
    bybit.paper.open_position{ symbol = "ETHUSDT", side = "Sell", size = "1.5" }
    order, after = margin.reduce(bybit.position("ETHUSDT"), { fraction = 1 })
    assert.is_true(order.qty:eq("1.5"))
    assert.is_nil(after)
  end)

  it("sends the reduce-only order the position calls for, on its hedge-mode side", function()
    bybit.paper.set_position_mode("SOLUSDT", "hedge")
    bybit.paper.open_position{ symbol = "SOLUSDT", side = "Buy", size = "10", positionIdx = 1 }
    bybit.paper.open_position{ symbol = "SOLUSDT", side = "Sell", size = "4", positionIdx = 2 }
    local short = bybit.position{ symbol = "SOLUSDT", positionIdx = 2 }
    local sent
    local order, after = margin.reduce(short, { fraction = "0.5", order = function(args)
      sent = args
      return bybit.order(args)
    end })
    assert.are.same({ category = "linear", symbol = "SOLUSDT", side = "Buy", qty = D"2.0", orderType = "Market",
                      reduceOnly = true, positionIdx = 2 }, sent)
    assert.are.equal(2, order.positionIdx)
    assert.is_true(after.size:eq(2))
    assert.is_true(bybit.position{ symbol = "SOLUSDT", positionIdx = 1 }.size:eq(10))   -- the other side untouched
  end)

  it("refuses a size that rounds below minOrderQty, sending nothing", function()
    bybit.paper.open_position{ symbol = "BTCUSDT", side = "Buy", size = "0.003" }
    local p = bybit.position("BTCUSDT")
    local ok, err = pcall(margin.reduce, p, { fraction = "0.25", order = never_called })   -- 0.00075 -> 0.000
    assert.is_false(ok)
    assert.truthy(tostring(err):find("qty 0.00075 of BTCUSDT rounds down to 0.000 on its qtyStep 0.001, " ..
                                     "below its minOrderQty 0.001: nothing sent", 1, true), tostring(err))
    assert.is_true(bybit.position("BTCUSDT").size:eq("0.003"))
  end)

  it("refuses bad input with a clear error, sending nothing", function()
    local p = bybit.position("BTCUSDT")
    local flat = { symbol = "SOLUSDT", side = "", size = D"0", positionIdx = 0 }   -- a flat row as Bybit lists it
    for _, case in ipairs({
      { p, { fraction = "0" }, "fraction must be above 0 and at most 1, got 0" },
      { p, { fraction = "-0.5" }, "fraction must be above 0 and at most 1, got -0.5" },
      { p, { fraction = "1.01" }, "fraction must be above 0 and at most 1, got 1.01" },
      { p, { qty = 0 }, "qty must be positive, got 0" },
      { p, { qty = "-1" }, "qty must be positive, got -1" },
      { p, { qty = "1,5" }, "qty must be a number or a numeric string, got '1,5'" },
      { p, { fraction = {} }, "fraction must be a number or a numeric string, got table" },
      { p, { fraction = "0.5", qty = "0.001" }, "give exactly one of fraction and qty" },
      { p, {}, "give exactly one of fraction and qty" },
      { p, { fractoin = "0.5" }, "unknown option 'fractoin'" },
      { p, nil, "options expected ({ fraction = ... } or { qty = ... }), got nil" },
      { flat, { fraction = "0.5" }, "position SOLUSDT is flat: nothing to reduce" },
      { nil, { fraction = "0.5" }, "position table expected, got nil" },
      { "BTCUSDT", { fraction = "0.5" }, "position table expected, got string" },
      { { dryRun = true }, { fraction = "0.5" }, "not a position: it has no symbol" },
      { { symbol = "BTCUSDT", side = "Long", size = D"1" }, { qty = 1 },
        "not a position: side must be Buy or Sell, got Long" },
      { { symbol = "BTCUSDT", side = "Buy" }, { qty = 1 }, "not a position: the position's size must be a number" },
    }) do
      if case[2] then case[2].order = never_called end
      local ok, err = pcall(margin.reduce, case[1], case[2])
      assert.is_false(ok, case[3])
      assert.truthy(tostring(err):find("margin.reduce: " .. case[3], 1, true), tostring(err))
    end
    assert.is_true(bybit.position("BTCUSDT").size:eq("0.003"))
  end)
end)
