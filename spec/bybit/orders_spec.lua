-- Orders and position settings against this file's own fresh paper exchange (default
-- book: BTCUSDT long 1 @ 60,000 x10, ETHUSDT short 10 @ 3,000 x10, BTCUSD long 10,000;
-- SOLUSDT flat). The tests run in order and share the book.
local bybit = require("bybit")

local function fails(fn, args)
  local ok, err = pcall(fn, args)
  assert.is_false(ok, "expected an error")
  return err
end

describe("bybit.order", function()
  it("cuts a position with a reduce-only market order and reads it back", function()
    local o = bybit.order{ symbol = "BTCUSDT", side = "Sell", qty = "0.2" }
    assert.are.equal("Filled", o.orderStatus)
    assert.is_true(o.reduceOnly)
    assert.are.equal(1, o.sends)
    assert.is_false(o.recovered)
    assert.is_true(bybit.position("BTCUSDT").size:eq("0.8"))
    local s = bybit.order_status{ orderLinkId = o.orderLinkId }
    assert.are.equal(o.orderId, s.orderId)
    assert.is_true(s.cumExecQty:eq("0.2"))
  end)

  it("rests a reduce-only limit order, lists it and cancels it", function()
    local o = bybit.order{ symbol = "ETHUSDT", side = "Buy", qty = "1", orderType = "Limit", price = "2500",
      orderLinkId = "spec-limit-1" }
    assert.are.equal("New", o.orderStatus)
    assert.are.equal(1, #bybit.orders{ symbol = "ETHUSDT" })
    bybit.cancel{ symbol = "ETHUSDT", orderLinkId = "spec-limit-1" }
    assert.are.equal(0, #bybit.orders())
    assert.are.equal("Cancelled", bybit.order_status{ orderLinkId = "spec-limit-1" }.orderStatus)
  end)

  it("refuses an order that could open a position unless the run allows it", function()
    local err = fails(bybit.order, { symbol = "SOLUSDT", side = "Buy", qty = "1", reduceOnly = false })
    assert.are.equal("guard", err.kind)
    assert.is_nil(bybit.position("SOLUSDT"))
  end)

  it("surfaces Bybit's refusal of a reduce-only order on a flat position", function()
    local err = fails(bybit.order, { symbol = "SOLUSDT", side = "Sell", qty = "1" })
    assert.are.equal("api", err.kind)
    assert.are.equal(bybit.errors.NOTHING_TO_REDUCE, err.code)
    assert.is_string(err.orderLinkId)
    assert.is_nil(bybit.order_status{ orderLinkId = err.orderLinkId })
  end)

  it("names the bad argument", function()
    local err = fails(bybit.order, { symbol = "BTCUSDT", side = "Sell", qty = "-1" })
    assert.truthy(tostring(err):find("qty must be greater than zero", 1, true), tostring(err))
  end)
end)

describe("position settings", function()
  it("sets leverage, and says when it was already set", function()
    assert.is_true(bybit.set_leverage{ symbol = "BTCUSDT", buyLeverage = 5, sellLeverage = 5 }.changed)
    assert.is_true(bybit.position("BTCUSDT").leverage:eq(5))
    assert.is_false(bybit.set_leverage{ symbol = "BTCUSDT", buyLeverage = "5", sellLeverage = "5" }.changed)
  end)

  it("keeps a server-side stop-loss that closes the position when the mark crosses it", function()
    assert.is_true(bybit.trading_stop{ symbol = "ETHUSDT", stopLoss = "3200" })
    assert.is_true(bybit.position("ETHUSDT").stopLoss:eq(3200))
    bybit.paper.set_mark_price("ETHUSDT", "3210")
    assert.is_nil(bybit.position("ETHUSDT"))
  end)

  it("switches a flat symbol to hedge mode and the account's margin mode", function()
    assert.is_true(bybit.switch_mode{ symbol = "SOLUSDT", mode = "hedge" }.changed)
    assert.is_false(bybit.switch_mode{ symbol = "SOLUSDT", mode = "hedge" }.changed)
    local err = fails(bybit.switch_mode, { symbol = "BTCUSDT", mode = "hedge" })
    assert.are.equal(bybit.errors.SWITCH_MODE_HAS_POSITION, err.code)
    assert.is_true(bybit.set_margin_mode("REGULAR_MARGIN").changed)
    assert.are.equal("REGULAR_MARGIN", bybit.account().marginMode)
    assert.is_false(bybit.set_margin_mode("REGULAR_MARGIN").changed)
  end)
end)
