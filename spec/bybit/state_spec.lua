-- bybit.state under `bybit-lua test`: each spec file gets an empty store in memory, so
-- specs can exercise code that remembers without touching the user's state files.
local bybit = require("bybit")
local state = bybit.state

describe("bybit.state", function()
  it("starts empty in a spec file", function()
    assert.are.same({}, state.keys())
    assert.is_nil(state.get("anything"))
  end)

  it("keeps decimals exactly, integers as integers and nested tables", function()
    state.set("added", D"0.1" + D"0.2")
    state.set("rounds", 3)
    state.set("seen", { BTCUSDT = { at = 1700000000000, margin = D"250.50" }, [1] = "first" })
    assert.is_true(decimal.is(state.get("added")) and state.get("added"):eq("0.3"))
    assert.are.equal("integer", math.type(state.get("rounds")))
    local seen = state.get("seen")
    assert.are.equal("250.50", tostring(seen.BTCUSDT.margin))
    assert.are.equal("first", seen[1])
    assert.are.same({ "added", "rounds", "seen" }, state.keys())
  end)

  it("deletes with nil", function()
    state.set("gone", true)
    state.set("gone", nil)
    assert.is_nil(state.get("gone"))
  end)

  it("refuses what it cannot keep, naming where it is", function()
    local ok, err = pcall(function() state.set("bad", { handlers = { on_tick = print } }) end)
    assert.is_false(ok)
    assert.truthy(tostring(err):find("value.handlers.on_tick is a function", 1, true), tostring(err))
    assert.is_nil(state.get("bad"))
  end)
end)
