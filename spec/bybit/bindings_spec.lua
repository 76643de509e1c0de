-- The bybit bindings against this file's own fresh paper exchange (default book:
-- 100,000 USDT, 2 BTC; BTCUSDT long 1 @ 60,000 x10, ETHUSDT short 10 @ 3,000 x10,
-- BTCUSD long 10,000 @ 60,000 x10; MMR 0.5 %).
local bybit = require("bybit")

local function fails(pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  assert.is_false(ok, "expected an error")
  assert.truthy(tostring(err):find(pattern, 1, true), tostring(err))
  return err
end

describe("bybit module", function()
  it("exposes the globals' functions too", function()
    assert.is_function(bybit.add_margin)
    assert.is_function(bybit.set_auto_add_margin)
    assert.are.equal(decimal, bybit.decimal)
    assert.are.equal("paper", bybit.env)
    assert.are.equal(110033, bybit.errors.NO_OPEN_POSITION)
    assert.is_function(bybit.paper.set_mark_price)
  end)

  it("reads positions as plain tables with decimals and integers", function()
    local p = bybit.position("BTCUSDT")
    assert.are.equal("Buy", p.side)
    assert.is_true(decimal.is(p.size) and p.size:eq(1))
    assert.is_true(p.liqPrice:eq("54300"))            -- 60,000 - (6,000 - 300) / 1
    assert.are.equal("integer", math.type(p.updatedTime))
    assert.are.equal(0, p.positionIdx)
    assert.is_nil(bybit.position("SOLUSDT"))           -- flat
    local all = bybit.positions{ category = "linear", settleCoin = "USDT" }
    assert.are.equal(2, #all)
    local inverse = bybit.positions{ category = "inverse" }
    assert.are.equal("BTCUSD", inverse[1].symbol)
  end)

  it("reads tickers, the wallet and the clock", function()
    assert.is_true(bybit.ticker("BTCUSDT").markPrice:eq(60000))
    -- an unlisted symbol is an error naming it, never nil (which would read as "no price")
    fails("unknown symbol 'NOPEUSDT'", bybit.ticker, "NOPEUSDT")
    fails("unknown symbol 'NOPEUSDT'", bybit.ticker, "NOPEUSDT", "linear")
    fails("'BTCUSD' is listed as inverse, not linear", bybit.ticker, "BTCUSD", "linear")
    local w = bybit.wallet{ coin = "USDT" }
    assert.are.equal("USDT", w.coin[1].coin)
    assert.are.equal("integer", math.type(bybit.server_time()))
    assert.is_true(math.abs(bybit.server_time() - bybit.now()) < 5000)
  end)
end)

describe("the category of a symbol", function()
  it("comes from the exchange's instrument list when not given", function()
    assert.are.equal("inverse", bybit.category("BTCUSD"))
    assert.are.equal("linear", bybit.category("BTCUSDT"))
    fails("unknown symbol 'NOPEUSD'", bybit.category, "NOPEUSD")
    assert.is_true(bybit.ticker("BTCUSD").markPrice:eq(60000))
    local p = bybit.position("BTCUSD")                   -- inverse, found without a category
    assert.are.equal("inverse", p.category)             -- rows carry the category they were listed under
    local after = add_margin{ symbol = "BTCUSD", margin = "0.001" }
    assert.are.equal("inverse", after.category)
    assert.is_true(after.liqPrice < p.liqPrice)         -- more margin: a long's liquidation moves down
    add_margin{ symbol = "BTCUSD", margin = "-0.001" }
    assert.is_true(bybit.position("BTCUSD").liqPrice:eq(p.liqPrice))
    assert.are.equal("BTCUSD", bybit.positions{ symbol = "BTCUSD" }[1].symbol)
    fails("'BTCUSD' is listed as inverse, not linear", bybit.position, { symbol = "BTCUSD", category = "linear" })
    fails("field 'symbol': unknown symbol 'NOPEUSDT'", add_margin, { symbol = "NOPEUSDT", margin = "1" })
    fails("unknown symbol 'NOPEUSDT'", set_auto_add_margin, { symbol = "NOPEUSDT", autoAddMargin = true })
  end)

  it("a positionIdx that does not match the position mode is an error, not flat", function()
    fails("positionIdx 1 does not match BTCUSDT's position mode: it is in one-way mode",
          bybit.position, { symbol = "BTCUSDT", positionIdx = 1 })
    assert.are.equal(0, bybit.position{ symbol = "BTCUSDT", positionIdx = 0 }.positionIdx)
    assert.is_nil(bybit.position{ symbol = "SOLUSDT", positionIdx = 0 })   -- flat, and the right slot
  end)
end)

describe("add_margin", function()
  it("adds margin and moves the liquidation price", function()
    local p = add_margin{ symbol = "BTCUSDT", margin = "1000" }
    assert.is_true(p.liqPrice:eq("53300"))             -- each USDT moves it 1/size
    p = add_margin{ symbol = "BTCUSDT", margin = D"-1000" }
    assert.is_true(p.liqPrice:eq("54300"))
  end)

  it("takes integers, decimals, strings and floats for margin", function()
    add_margin{ symbol = "BTCUSDT", margin = 10 }
    add_margin{ symbol = "BTCUSDT", margin = 0.5 }
    add_margin{ symbol = "BTCUSDT", margin = D"-10.5" }
    assert.is_true(bybit.position("BTCUSDT").liqPrice:eq("54300"))
  end)

  it("raises structured api errors", function()
    local err = fails("110033", add_margin, { symbol = "SOLUSDT", margin = "10" })
    assert.are.equal("api", err.kind)
    assert.are.equal(bybit.errors.NO_OPEN_POSITION, err.code)
    assert.are.equal("/v5/position/add-margin", err.endpoint)
    assert.truthy(tostring(err):find("^bybit: api error 110033 on /v5/position/add%-margin: "))
    err = fails("110014", add_margin, { symbol = "BTCUSDT", margin = "1000000" })
    assert.are.equal(bybit.errors.INSUFFICIENT_BALANCE, err.code)
  end)

  it("refuses bad arguments before the wire, naming the problem", function()
    fails("bad argument #1 to 'add_margin' (table expected, got no value)", add_margin)
    fails("bad argument #1 to 'add_margin' (table expected, got nil)", add_margin, nil)
    fails("table expected, got string", add_margin, "BTCUSDT")
    fails("unknown field 'margn'", add_margin, { symbol = "BTCUSDT", margn = "1" })
    fails("field 'symbol': missing", add_margin, { margin = "1" })
    fails("field 'margin': missing", add_margin, { symbol = "BTCUSDT" })
    fails("field 'symbol': string expected, got number", add_margin, { symbol = 1, margin = "1" })
    fails("upper-case", add_margin, { symbol = "btcusdt", margin = "1" })
    fails("symbol", add_margin, { symbol = "", margin = "1" })
    fails("must not be zero", add_margin, { symbol = "BTCUSDT", margin = 0 })
    fails("decimals", add_margin, { symbol = "BTCUSDT", margin = "1.00001" })
    fails("non-finite", add_margin, { symbol = "BTCUSDT", margin = 0 / 0 })
    fails("non-finite", add_margin, { symbol = "BTCUSDT", margin = math.huge })
    fails("invalid decimal", add_margin, { symbol = "BTCUSDT", margin = "1,5" })
    fails("decimal expected, got table", add_margin, { symbol = "BTCUSDT", margin = {} })
    fails("38", add_margin, { symbol = "BTCUSDT", margin = string.rep("9", 60) })
    fails("positionIdx must be 0", add_margin, { symbol = "BTCUSDT", margin = "1", positionIdx = 3 })
    fails("positionIdx must be 0", add_margin, { symbol = "BTCUSDT", margin = "1", positionIdx = -1 })
    fails("integer expected", add_margin, { symbol = "BTCUSDT", margin = "1", positionIdx = 1.5 })
    fails("not allowed", add_margin, { category = "spot", symbol = "BTCUSDT", margin = "1" })
    fails("category", add_margin, { category = 5, symbol = "BTCUSDT", margin = "1" })
    -- nothing was sent: the position is unchanged
    assert.is_true(bybit.position("BTCUSDT").liqPrice:eq("54300"))
  end)

  it("leaves the VM usable after a thousand bad calls", function()
    for i = 1, 1000 do pcall(add_margin, { symbol = "BTCUSDT", margin = i % 2 == 0 and "x" or nil }) end
    assert.are.equal("3", tostring(D"1" + 2))
  end)
end)

describe("set_auto_add_margin", function()
  it("sets the flag with true/false or 1/0", function()
    assert.is_true(set_auto_add_margin{ symbol = "BTCUSDT", autoAddMargin = true })
    assert.are.equal(1, bybit.position("BTCUSDT").autoAddMargin)
    set_auto_add_margin{ symbol = "BTCUSDT", autoAddMargin = 0 }
    assert.are.equal(0, bybit.position("BTCUSDT").autoAddMargin)
  end)

  it("refuses what Bybit refuses", function()
    fails("not allowed", set_auto_add_margin, { category = "inverse", symbol = "BTCUSD", autoAddMargin = true })
    fails("true, false, 1 or 0 expected, got 2", set_auto_add_margin, { symbol = "BTCUSDT", autoAddMargin = 2 })
    fails("true, false, 1 or 0 expected, got string", set_auto_add_margin, { symbol = "BTCUSDT", autoAddMargin = "yes" })
    fails("field 'autoAddMargin': missing", set_auto_add_margin, { symbol = "BTCUSDT" })
    fails("unknown field 'margin'", set_auto_add_margin, { symbol = "BTCUSDT", autoAddMargin = true, margin = "1" })
  end)
end)

describe("reads refuse bad arguments", function()
  it("names the problem", function()
    fails("bad argument #1 to 'bybit.position' (string or table expected, got no value)", bybit.position)
    fails("unknown field 'symbl'", bybit.position, { symbl = "BTCUSDT" })
    fails("upper-case", bybit.position, "btcusdt")
    fails("string expected, got no value", bybit.ticker)
    fails("unknown field 'currency'", bybit.wallet, { currency = "USDT" })
    fails("seconds must be from 0 to 86400", bybit.sleep, -1)
    fails("number expected, got string", bybit.sleep, "1")
    fails("price must be positive", bybit.paper.set_mark_price, "BTCUSDT", "-1")
  end)
end)

describe("account and instrument reads", function()
  it("says the account's margin mode and an instrument's filters", function()
    local account = bybit.account()
    assert.are.equal("ISOLATED_MARGIN", account.marginMode)
    assert.are.equal("integer", math.type(account.unifiedMarginStatus))
    local btc = bybit.instrument("BTCUSDT")
    assert.are.equal("BTCUSDT", btc.symbol)
    assert.are.equal("USDT", btc.settleCoin)
    assert.is_true(decimal.is(btc.lotSizeFilter.qtyStep) and btc.lotSizeFilter.qtyStep > 0)
    assert.is_true(decimal.is(btc.priceFilter.tickSize))
    assert.is_true(decimal.is(btc.leverageFilter.maxLeverage))
    assert.are.equal("integer", math.type(btc.priceScale))
    assert.are.equal("BTCUSD", bybit.instrument("BTCUSD").symbol)     -- inverse, from the list
    assert.are.equal("USDC", bybit.instrument("BTCPERP", "linear").settleCoin)
  end)

  it("refuses bad arguments naming the problem", function()
    fails("unknown symbol 'NOPEUSDT'", bybit.instrument, "NOPEUSDT")
    fails("string expected, got no value", bybit.instrument)
    fails("string expected, got table", bybit.instrument, {})
    fails("'BTCUSD' is listed as inverse, not linear", bybit.instrument, "BTCUSD", "linear")
  end)
end)
