local inspect = require("bybit.inspect")

describe("bybit.inspect", function()
  it("prints scalars like Lua source", function()
    assert.are.equal('"a\\nb"', inspect("a\nb"))
    assert.are.equal("42", inspect(42))
    assert.are.equal("1.0", inspect(1.0))
    assert.are.equal("0.1", inspect(0.1))
    assert.are.equal("nil", inspect(nil))
    assert.are.equal("true", inspect(true))
  end)

  it("sorts keys: array part first, then numbers, then strings", function()
    assert.are.equal('{ "x", "y", [10] = 1, a = 2, b = 3 }', inspect({ "x", "y", b = 3, a = 2, [10] = 1 }))
  end)

  it("quotes keys that are not identifiers", function()
    assert.are.equal('{ ["end"] = 1, ["two words"] = 2 }', inspect({ ["end"] = 1, ["two words"] = 2 }))
  end)

  it("breaks long tables over lines, nested", function()
    local t = { alpha = string.rep("a", 40), beta = string.rep("b", 40), nested = { 1, 2 } }
    local out = inspect(t)
    assert.truthy(out:find("^{\n  alpha = "))
    assert.truthy(out:find("\n  nested = { 1, 2 }\n}$"))
  end)

  it("marks cycles and stops at the depth limit", function()
    local c = {}
    c.self = c
    assert.are.equal("{ self = <cycle> }", inspect(c))
    assert.are.equal("{ a = {...} }", inspect({ a = { b = 1 } }, { depth = 1 }))
  end)

  it("uses __tostring for values that have one (decimals print exactly)", function()
    local v = setmetatable({}, { __tostring = function() return "10.50" end })
    assert.are.equal("{ price = 10.50 }", inspect({ price = v }))
  end)
end)

describe("bybit.inspect, what a user must not misread", function()
  it("prints NaN as nan, never C's -nan", function()
    assert.are.equal("nan", inspect(0 / 0))
    assert.are.equal("nan", inspect(-(0 / 0)))
    assert.are.equal("{ nan, inf, -inf }", inspect({ 0 / 0, math.huge, -math.huge }))
  end)

  it("typed: shows decimals as D\"…\" so they differ from numbers", function()
    assert.are.equal('{ 1, D"1.50" }', inspect({ 1, D"1.50" }, { typed = true }))
    assert.are.equal("{ 1, 1.50 }", inspect({ 1, D"1.50" }))
  end)
end)

describe("assertion messages", function()
  it("name the types when a decimal and a number print alike", function()
    local ok, err = pcall(assert.are.equal, D"1", 1)
    assert.is_false(ok)
    assert.are.equal("Expected objects to be equal.\nPassed in:\n(number) 1\nExpected:\n(decimal) D\"1\"", err.message)
  end)
end)
