-- A first script: prints what it was given. The margin strategies replace it as the
-- demo once the Bybit bindings land.
print(_VERSION .. " via bybit-lua")
for i = 1, #arg do print(("arg[%d] = %s"):format(i, arg[i])) end
