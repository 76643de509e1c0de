local N = math.tointeger(tonumber(arg[1] or "1000000"))
local a, b, x = D"1812.70004844", D"0.25", D"0"
local clock = os.clock
local t = clock(); for _ = 1, N do x = x + b end; local add = (clock() - t) * 1e9 / N
local y; t = clock(); for _ = 1, N do y = a * b end; local mul = (clock() - t) * 1e9 / N
local c; t = clock(); for _ = 1, N do c = b < a end; local lt = (clock() - t) * 1e9 / N
print(("add %.1f mul %.1f lt %.1f  x=%s"):format(add, mul, lt, tostring(x)))
