-- Fixture for the test runner's own tests: 2 pass, 2 fail, 1 error, 1 pending, 1 timeout.
describe("mixed #fast", function()
  it("passes one", function() assert.is_true(true) end)
  it("passes two #tagged", function() assert.are.equal(1, 1) end)
  it("fails an equality", function() assert.are.equal(1, 2) end)
  it("fails with a custom message", function() assert.is_true(false, "custom words") end)
  it("raises an error", function() local t = nil; return t.field end)
  pending("not written yet")
end)

describe("slow", function()
  it("never finishes", function() while true do end end)
end)
