local N = math.tointeger(tonumber(arg[1] or "200000"))
local b, x = D"0.25", D"0"
for _ = 1, N do x = x + b end
