-- profile_decimal.lua: N decimal additions x = x + b (scripts/bench --profile runs it
-- under callgrind with N = 0 and N = P; the difference / P is the cost of one `+`).
local N = math.tointeger(tonumber(arg[1] or "200000"))
local b, x = D"0.25", D"0"
for _ = 1, N do x = x + b end
assert(x:eq(D"0.25" * N))
