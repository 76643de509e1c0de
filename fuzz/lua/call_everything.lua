-- Calls every registered function with random arguments, under pcall, against the
-- paper exchange; then checks that the VM still computes and that a real add_margin works.
--
--   bybit-lua run fuzz/lua/call_everything.lua CALLS SEED TYPES_DIR
--
-- TYPES_DIR holds `bybit-lua types --out DIR`: the definition files generated from the
-- catalog that registers the natives. The targets are read from there, not from a hand
-- list; the Decimal metamethods come from the live metatable.
local calls, seed, types_dir = tonumber(arg[1]) or 5000, tonumber(arg[2]) or 1, arg[3]
assert(types_dir, "usage: call_everything.lua CALLS SEED TYPES_DIR")
local bybit = require "bybit"
-- Mutations go to the paper exchange only.
assert(bybit.env == "paper" and bybit.paper, "refusing to fuzz outside the paper exchange (env " .. bybit.env .. ")")
local here = arg[0]:match("^(.*)/[^/]*$") or "."
local values = dofile(here .. "/values.lua")
math.randomseed(seed)

-- Targets from the catalog: `function bybit.x(`, `function log.x(`, `function Decimal:x(`...
local owners = { bybit = bybit, log = bybit.log, paper = bybit.paper, state = bybit.state, decimal = decimal }
local targets, names = {}, {}
for _, file in ipairs({ "bybit.d.lua", "decimal.d.lua", "globals.d.lua" }) do
  for line in io.lines(types_dir .. "/" .. file) do
    local owner, sep, name = line:match("^function ([%w_]+)([.:])([%w_]+)%(")
    if not owner then name = line:match("^function ([%w_]+)%(") end
    if name then
      local fn, label
      if sep == ":" then
        fn, label = D"1"[name], "Decimal:" .. name  -- through __index, as a script reaches it
      elseif owner then
        fn, label = owners[owner][name], owner .. "." .. name
      else
        fn, label = _G[name], name
      end
      assert(type(fn) == "function", label .. " is in the catalog but not registered")
      targets[#targets + 1] = { label = label, fn = fn, method = sep == ":" }
      names[fn] = label
    end
  end
end
-- Every function the live module registers is in the catalog (else it would go unfuzzed).
for _, t in ipairs({ bybit, bybit.log, bybit.paper, bybit.state, decimal }) do
  for k, v in pairs(t) do
    assert(type(v) ~= "function" or names[v], "registered but not in the catalog: " .. tostring(k))
  end
end
local catalog_count = #targets
-- The Decimal metamethods and the callable `decimal` table, from the live metatables.
local mt = debug.getmetatable(D"1")
for k, v in pairs(mt) do
  if type(v) == "function" then targets[#targets + 1] = { label = "Decimal." .. k, fn = v, metamethod = true } end
end
targets[#targets + 1] = { label = "decimal(...)", fn = debug.getmetatable(decimal).__call }
local operators = {
  function(a, b) return a + b end, function(a, b) return a - b end, function(a, b) return a * b end,
  function(a, b) return a / b end, function(a, b) return a // b end, function(a, b) return a % b end,
  function(a) return -a end, function(a, b) return a < b end, function(a, b) return a <= b end,
  function(a, b) return a == b end, function(a, b) return a .. b end, function(a) return tostring(a) end,
  function(a, b) return a ^ b end, function(a) return #a end, function(a, b) return a[b] end,
}

local closed = io.open(arg[0]); closed:close()
local extra = { closed_file = closed, light = debug.upvalueid(function() return seed end, 1) }
local sleep = bybit.sleep
-- bybit.run and bybit.watch wait for events until stopped, by design: a run gets a timer
-- that stops it at once (in place of the fuzzed handlers, which may print), a watch one
-- tick, printed nowhere (stdout is the summary line's).
local run, watch, events = bybit.run, bybit.watch, require("bybit.events")
local ok_count, err_count, per_target = 0, 0, {}
for i = 1, calls do
  local target = targets[math.random(#targets)]
  local args, n = values.args(extra)
  if target.method or target.metamethod then
    -- self (or one operand) is usually a decimal, in either position for metamethods
    for k = n, 1, -1 do args[k + 1] = args[k] end
    args[1], n = values.value(0, extra), n + 1
    if math.random(3) > 1 then args[1] = values.pick({ D"1.5", D"-2", D"0" }) end
    if target.metamethod and n > 1 and math.random(2) == 1 then args[1], args[2] = args[2], args[1] end
  end
  -- bybit.sleep waits for real: keep the fuzz bounded (any shape still reaches it).
  if target.fn == sleep and type(args[1]) == "number" and args[1] > 0.001 and args[1] <= 86400 then args[1] = 0.001 end
  if target.fn == run then
    events.clear()
    bybit.every(0.001, bybit.stop)
  elseif target.fn == watch then
    args[2], n = { ticks = 1 }, math.max(n, 2)
  end
  local ok
  local print_ = print
  if target.fn == watch then print = function() end end
  if math.random(8) == 1 then
    local a, b = D"1.25", values.value(0, extra)
    if math.random(2) == 1 then a, b = b, a end
    ok = pcall(operators[math.random(#operators)], a, b)
  else
    ok = pcall(target.fn, table.unpack(args, 1, n))
  end
  print = print_
  if ok then ok_count = ok_count + 1 else err_count = err_count + 1 end
  per_target[target.label] = (per_target[target.label] or 0) + 1
  if i % 1000 == 0 then collectgarbage("step", 100) end
end

-- The VM is still sound: exact arithmetic, tables, strings, coroutines.
collectgarbage()
assert(tostring(D"1.10" + D"2.205") == "3.305")
assert(decimal.sum({ 1, "2.5", D"0.5" }):eq(4) and (D"10" / 4):eq("2.5"))
assert(select(2, coroutine.resume(coroutine.create(function() return D"7" * 6 end))):eq(42))
-- A real add_margin on a position the fuzz never names, checked against the exchange.
local before = bybit.position("ETHUSDT").positionIM
local after = add_margin{ symbol = "ETHUSDT", margin = "1.5" }.positionIM
assert((after - before):eq("1.5"), ("positionIM %s -> %s"):format(before, after))
local touched = 0
for _ in pairs(per_target) do touched = touched + 1 end
print(("fuzz: %d calls (%d ok, %d raised) over %d targets (%d from the catalog), seed %d: VM sound, add_margin ok")
  :format(calls, ok_count, err_count, touched, catalog_count, seed))
