-- profile_add_margin.lua: 1 warm-up add_margin call, then N more, untimed (scripts/bench
-- --profile runs it under callgrind with N = 0 and N = P and divides the difference by P,
-- which leaves the cost of one call without start-up, connection set-up and first use).
local N = math.tointeger(tonumber(arg[1] or "300"))
add_margin{ category = "linear", symbol = "BTCUSDT", margin = "10" }
for _ = 1, N do add_margin{ category = "linear", symbol = "BTCUSDT", margin = "10" } end
