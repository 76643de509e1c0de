-- bybit.request against this file's own fresh paper exchange (default book: BTCUSDT long
-- 1 @ 60,000 x10, ETHUSDT short 10 @ 3,000 x10, BTCUSD long 10,000 @ 60,000 x10).
local bybit = require("bybit")

local function fails(pattern, fn, ...)
  local ok, err = pcall(fn, ...)
  assert.is_false(ok, "expected an error")
  assert.truthy(tostring(err):find(pattern, 1, true), tostring(err))
  return err
end

local function get(path, params) return bybit.request{ method = "GET", path = path, params = params } end
local function post(path, params) return bybit.request{ method = "POST", path = path, params = params } end

describe("bybit.request", function()
  it("reads any allowed endpoint and converts its result", function()
    local t = get("/v5/market/time")
    assert.are.equal("integer", math.type(t.timeSecond))
    local page = get("/v5/position/list", { category = "linear", symbol = "BTCUSDT" })
    local p = page.list[1]
    assert.are.equal("BTCUSDT", p.symbol)
    assert.is_true(decimal.is(p.size) and p.size:eq(1))
    assert.are.equal(0, p.positionIdx)
    local info = get("/v5/account/info")
    assert.truthy(info.marginMode)
  end)

  it("refuses endpoints outside the allow-list, naming the path", function()
    for _, path in ipairs{ "/v5/asset/withdraw/create", "/v5/asset/transfer/inter-transfer", "/v5/user/query-api" } do
      local err = fails("is not on the allow-list of endpoints a script may reach", post, path, { coin = "USDT" })
      assert.are.equal("guard", err.kind)
      assert.truthy(err.message:find(path, 1, true))
      assert.are.equal(path, err.request.path)
      fails("is not on the allow-list of endpoints a script may reach", get, path)
    end
  end)

  it("refuses every spelling that is not a canonical path", function()
    for _, path in ipairs{ "/v5/position/../asset/withdraw/create", "/v5/POSITION/list", "/v5/asset%2Fwithdraw",
                           "/v5//user/x", "/v5/position/list?x=/v5/asset", "/v5/market/time/", "/v5/market/time\n",
                           "/v5/market/time\0", string.rep("/v5/market", 1000) } do
      assert.are.equal("guard", fails("is not a canonical v5 path", get, path).kind)
    end
  end)

  it("takes strings, integers, decimals and booleans, and nothing else", function()
    fails("field 'method'", bybit.request, { method = "DELETE", path = "/v5/market/time" })
    fails("field 'path': string expected", bybit.request, { method = "GET" })
    fails("field 'params.f'", get, "/v5/market/time", { f = print })
    fails("non-finite", get, "/v5/market/time", { x = 0/0 })
    fails("list of strings", get, "/v5/market/time", { x = { {} } })
    fails("is not a parameter name", get, "/v5/market/time", { ["a=b"] = "1" })
    fails("a GET query has no lists", get, "/v5/market/mark-price-kline", { x = { "a" } })
    fails("unknown parameter 'x' for /v5/market/time (it takes none)", get, "/v5/market/time", { x = { "a" } })
    fails("unknown field 'verb'", bybit.request, { verb = "GET", method = "GET", path = "/v5/market/time" })
  end)

  it("checks a declared endpoint the way the typed call does", function()
    fails("upper-case", get, "/v5/position/list", { category = "linear", symbol = "btcusdt" })
    fails("unknown parameter 'sybmol'", get, "/v5/position/list", { category = "linear", sybmol = "BTCUSDT" })
    fails("is a POST endpoint, not GET", get, "/v5/position/add-margin")
  end)

  it("adds margin through add_margin's own code", function()
    local before = bybit.position("BTCUSDT").positionIM
    local p = post("/v5/position/add-margin", { symbol = "BTCUSDT", margin = D"100" })
    assert.is_true((p.positionIM - before):eq(100))
    fails("bad argument", post, "/v5/position/add-margin", { symbol = "BTCUSDT", margin = "1.00001" })
    fails("unknown field 'params.amount'", post, "/v5/position/add-margin", { symbol = "BTCUSDT", amount = "1" })
  end)

  it("places reduce-only orders through bybit.order's rules", function()
    local err = fails("reduceOnly = false", post, "/v5/order/create",
                      { symbol = "BTCUSDT", side = "Buy", qty = "0.1", reduceOnly = false })
    assert.are.equal("guard", err.kind)
    local o = post("/v5/order/create", { symbol = "BTCUSDT", side = "Sell", qty = "0.1" })
    assert.is_true(o.reduceOnly)
    assert.truthy(o.orderLinkId)
    assert.is_true(bybit.position("BTCUSDT").size:eq("0.9"))
    -- an amend reaches only an order shown to be reduce-only (this run does not allow open orders)
    local gone = fails("was not found", post, "/v5/order/amend",
                       { category = "linear", symbol = "BTCUSDT", orderLinkId = "no-such-order", qty = "1" })
    assert.are.equal("guard", gone.kind)
  end)

  it("answers Bybit's refusals as api errors with the code", function()
    local args = { category = "linear", symbol = "ETHUSDT", buyLeverage = "4", sellLeverage = "4" }
    assert.are.same({}, post("/v5/position/set-leverage", args))
    local err = fails("110043", post, "/v5/position/set-leverage", args)
    assert.are.equal("api", err.kind)
    assert.are.equal(110043, err.code)
  end)
end)
