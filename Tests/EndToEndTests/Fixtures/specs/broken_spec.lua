describe("broken", function()
  it("has a syntax error below", function() end)
end)
this is not lua
