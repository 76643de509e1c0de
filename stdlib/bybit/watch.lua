--- bybit.watch — the REPL's live view of a few symbols: one line per tick with the mark,
--- the last price and each open position's distance to its liquidation price at that mark,
--- over one `bybit.events` loop, until Ctrl-C (or a number of ticks).

local function list_of(symbols)
  if type(symbols) == "string" then return { symbols } end
  if type(symbols) ~= "table" or #symbols == 0 then error("bad argument #1 to 'watch' (symbol or list of symbols expected)", 3) end
  return symbols
end

local function position_key(p) return p.symbol .. "/" .. tostring(p.positionIdx or 0) end

--- Prints each tick of `symbols` (mark, last, and each open position's distance to its
--- liquidation price at that mark) until Ctrl-C — or `opts.ticks` ticks. Position
--- pushes keep the list of positions current.
---@param symbols string|string[]
---@param opts? {ticks?: integer}
local function watch(symbols, opts)
  local list = list_of(symbols)
  if opts ~= nil and type(opts) ~= "table" then error("bad argument #2 to 'watch' (table expected)", 2) end
  local limit = opts and opts.ticks
  if limit ~= nil and (math.type(limit) ~= "integer" or limit < 1) then
    error("bad argument #2 to 'watch' (field 'ticks': positive integer expected)", 2)
  end
  local b, margin = require("bybit"), require("bybit.margin")
  local open = {}
  for _, s in ipairs(list) do
    for _, p in ipairs(b.positions{ symbol = s }) do open[position_key(p)] = p end
  end
  local seen = 0
  print(("watching %s (Ctrl-C to stop)"):format(table.concat(list, ", ")))
  for ev in b.events{ tickers = list, positions = true } do
    if ev.type == "ticker" then
      local parts = { ("%-10s mark %-12s last %-12s"):format(ev.symbol, tostring(ev.markPrice),
        tostring(ev.ticker.lastPrice)) }
      local keys = {}
      for k, p in pairs(open) do if p.symbol == ev.symbol then keys[#keys + 1] = k end end
      table.sort(keys)
      for _, k in ipairs(keys) do
        local p = open[k]
        local d = ev.markPrice and p.liqPrice and margin.distance_pct(p, ev.markPrice)
        parts[#parts + 1] = ("%s %s liq %s %s"):format(p.side, tostring(p.size), tostring(p.liqPrice),
          d and (tostring(d) .. "% away") or "-")
      end
      print(table.concat(parts, "  "))
      seen = seen + 1
      if limit and seen >= limit then break end
    elseif ev.type == "position" then
      local p = ev.position
      if p.size == nil or p.size:sign() == 0 then open[position_key(p)] = nil else open[position_key(p)] = p end
    elseif ev.type == "stale" or ev.type == "reconnected" then
      print(("-- %s %s"):format(ev.feed, ev.type))
    end
  end
end

return watch
