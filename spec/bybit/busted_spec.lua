-- The test framework checking itself: assertions, negation, hooks and spies.
describe("assertions", function()
  it("compare deeply and by identity", function()
    assert.are.same({ 1, { a = 2 } }, { 1, { a = 2 } })
    assert.are_not.same({ 1 }, { 2 })
    assert.is_not.equal({}, {})
    assert.equal(3, 3)
  end)

  it("check truth and types", function()
    assert.is_true(true)
    assert.is_false(false)
    assert.truthy(0)
    assert.falsy(nil)
    assert.is_nil(nil)
    assert.is_not_nil(1)
    assert.is_string("s")
    assert.is_number(1)
  end)

  it("check errors, with or without the position prefix", function()
    assert.has_error(function() error("boom") end, "boom")
    assert.has_error(function() error({ code = 1 }) end, { code = 1 })
    assert.has_no.error(function() end)
    assert.has_error(function() assert.are.equal(1, 2) end)
  end)

  it("compares with a tolerance", function()
    assert.near(1.0, 1.05, 0.1)
    assert.is_not.near(1.0, 1.5, 0.1)
  end)
end)

describe("hooks", function()
  local log = {}
  setup(function() log[#log + 1] = "setup" end)
  before_each(function() log[#log + 1] = "before" end)
  after_each(function() log[#log + 1] = "after" end)

  it("runs setup once, then before_each", function()
    assert.are.same({ "setup", "before" }, log)
  end)

  it("runs after_each between tests", function()
    assert.are.same({ "setup", "before", "after", "before" }, log)
  end)

  describe("nested", function()
    before_each(function() log[#log + 1] = "inner" end)
    it("runs outer before_each before inner", function()
      assert.are.equal("inner", log[#log])
      assert.are.equal("before", log[#log - 1])
    end)
  end)
end)

describe("spies and stubs", function()
  local calc = { add = function(a, b) return a + b end }

  it("spy.on records calls and keeps behaviour", function()
    local s = spy.on(calc, "add")
    assert.are.equal(5, calc.add(2, 3))
    assert.spy(s).was.called(1)
    assert.spy(s).was.called_with(2, 3)
    assert.spy(s).was_not.called_with(1, 1)
  end)

  it("is reverted after the test", function()
    assert.are.equal("function", type(calc.add))
  end)

  it("stub replaces the result", function()
    stub(calc, "add", 99)
    assert.are.equal(99, calc.add(1, 1))
    assert.stub(calc.add).was.called()
  end)

  pending("a pending test is counted as skipped")
end)
