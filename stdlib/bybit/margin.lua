--- bybit.margin — isolated-margin arithmetic on position tables, by the same
--- formulas as the paper exchange (Bybit's published ones), and the "add in steps
--- up to a cap" loop most margin scripts need, and `reduce`, a reduce-only cut of a
--- position sized to the instrument's lot grid. All amounts are exact decimals.
---
--- Linear (USDT):  LP(long) = entry − (IM + extra − MM)/size; LP moves by extra/size.
--- Inverse (coin): LP(long) = size / (PV + IM + extra − MM); shorts mirror both.
local M = {}

---@class bybit.margin.EnsureOptions
---@field step? Decimal|string|number    largest single add (default: all that is needed)
---@field cap? Decimal|string|number     most to add in this call (default: no cap)
---@field category? string               "linear" or "inverse" (default: the position's, see M.category)
---@field positionIdx? integer           hedge-mode side (default: the position's own positionIdx)
---@field add_margin? function           for tests: replaces bybit.add_margin
---@field position? function             for tests: replaces bybit.position

local function dec(x) return decimal(x) end

--- "linear" or "inverse": the position's `category` (positions read through `bybit`
--- carry it), else the category the exchange's instrument list has the symbol in
--- (`bybit.category`, asked once per symbol per run) — never guessed from the spelling.
---@param position {symbol: string, category?: string}
---@return "linear"|"inverse"
function M.category(position)
  if position.category then return position.category end
  if type(position.symbol) ~= "string" then error("position has no symbol", 2) end
  return require("bybit").category(position.symbol)
end

local function side_sign(position)
  if position.side == "Buy" then return 1 end
  if position.side == "Sell" then return -1 end
  error("position has no side (flat?): " .. tostring(position.symbol), 3)
end

--- How far the mark is from the liquidation price, in % of the mark; nil when the
--- position has no liquidation price. Positive means safe, 0 or less means at/past it.
---@param position bybit.Position
---@param mark? Decimal|string  defaults to position.markPrice
---@return Decimal?
function M.distance_pct(position, mark)
  local liq = position.liqPrice
  if liq == nil then return nil end
  mark = dec(mark or position.markPrice)
  local gap = (mark - liq) * side_sign(position)
  return (gap * 100):div(mark, 4, "down")
end

--- The liquidation price that sits `pct` % from the mark, on the losing side.
---@param position bybit.Position
---@param pct Decimal|string|number
---@param mark? Decimal|string
---@return Decimal
function M.target_liq_price(position, pct, mark)
  mark = dec(mark or position.markPrice)
  local away = mark * dec(pct) / 100
  return side_sign(position) > 0 and mark - away or mark + away
end

--- Margin to add (positive) or that may come off (negative) so the liquidation
--- price sits `pct` % from the mark. Rounded away from danger to 4 decimals (the
--- precision add_margin takes).
---@param position bybit.Position
---@param pct Decimal|string|number
---@param mark? Decimal|string
---@return Decimal
function M.margin_for_distance(position, pct, mark)
  local liq = position.liqPrice
  if liq == nil then error("position " .. tostring(position.symbol) .. " has no liquidation price", 2) end
  local target = M.target_liq_price(position, pct, mark)
  local size, s = dec(position.size), side_sign(position)
  local needed
  if M.category(position) == "inverse" then
    -- coin margin: LP = size / (PV ± cushion); cushion moves by size/target − size/LP
    needed = (size:div(target, 12) - size:div(liq, 12)) * s
  else
    -- quote margin: every unit moves LP by 1/size
    needed = (liq - target) * size * s
  end
  return needed:round(4, needed:sign() >= 0 and "up" or "down")
end

--- Extra margin above the initial margin (what add_margin put there, or auto-add).
---@param position bybit.Position
---@return Decimal
function M.extra_margin(position)
  local im = dec(position.positionValue):div(dec(position.leverage), 8, "half_up")
  return decimal.max(0, dec(position.positionIM) - im)
end

--- Margin that can come off while keeping the liquidation price `pct` % away:
--- never more than the extra margin (Bybit does not release initial margin).
---@param position bybit.Position
---@param pct Decimal|string|number
---@param mark? Decimal|string
---@return Decimal
function M.releasable(position, pct, mark)
  local spare = -M.margin_for_distance(position, pct, mark)
  if spare:sign() <= 0 then return dec(0) end
  return decimal.min(spare, M.extra_margin(position)):round(4, "down")
end

--- Adds margin in steps until the liquidation price is at least `pct` % from the
--- mark, re-reading the position after each add, never adding more than `opts.cap`
--- in total. Returns the total added and the last position read.
---@param position bybit.Position
---@param pct Decimal|string|number
---@param opts? bybit.margin.EnsureOptions
---@return Decimal added
---@return bybit.Position position
function M.ensure_buffer(position, pct, opts)
  opts = opts or {}
  local bybit = require("bybit")
  local add = opts.add_margin or bybit.add_margin
  local read = opts.position or bybit.position
  local category = opts.category or M.category(position)
  -- one slot for the whole loop: the add and every re-read must name the same side
  -- (in hedge mode the re-read without it would see two positions)
  local idx = opts.positionIdx or position.positionIdx
  local cap = opts.cap and dec(opts.cap) or nil
  local step = opts.step and dec(opts.step) or nil
  local total = dec(0)
  for _ = 1, 1000 do
    local needed = M.margin_for_distance(position, pct)
    if needed:sign() <= 0 then break end
    local amount = needed
    if step and amount > step then amount = step end
    if cap then
      local left = cap - total
      if left:sign() <= 0 then break end
      if amount > left then amount = left end
    end
    amount = amount:round(4, "down")
    if amount:sign() <= 0 then break end
    local symbol = position.symbol
    position = add({ category = category, symbol = symbol, margin = amount, positionIdx = idx })
    total = total + amount
    if position.dryRun then break end
    position = read({ symbol = symbol, category = category, positionIdx = idx }) or position
  end
  return total, position
end

---@class bybit.margin.ReduceOptions
---@field fraction? Decimal|string|number  share of the position to close, in (0, 1]
---@field qty? Decimal|string|number       or a quantity in the position's units (more than its size closes it)
---@field category? string                 "linear" or "inverse" (default: the position's, see M.category)
---@field order? function                  for tests: replaces bybit.order
---@field position? function               for tests: replaces bybit.position

local REDUCE_FIELDS = { fraction = true, qty = true, category = true, order = true, position = true }

-- A decimal from a script's number, or nil and why not (decimal() raises on bad text).
local function amount_of(name, x)
  local ok, d = pcall(dec, x)
  if ok and decimal.is(d) then return d end
  local got = type(x) == "string" and ("'" .. x .. "'") or type(x)
  return nil, name .. " must be a number or a numeric string, got " .. got
end

--- Cuts a position with a reduce-only market order: `{ fraction = "0.25" }` of its size
--- or `{ qty = … }`, rounded DOWN to the instrument's `qtyStep` (never more than the
--- position), at least its `minOrderQty`. The order goes the opposite way on the
--- position's own `positionIdx`; being reduce-only it can never open or grow a position,
--- so it needs no `--allow-open-orders`. Bad input, a flat position or a size that rounds
--- below `minOrderQty` is an error and nothing is sent. Returns the order and the
--- position as re-read after it (nil once it is closed; under `--dry-run` the order is
--- the dry-run table and the position is unchanged).
---@param position bybit.Position
---@param opts bybit.margin.ReduceOptions
---@return bybit.PlacedOrder|bybit.DryRun order
---@return bybit.Position? position
function M.reduce(position, opts)
  local function fail(msg) error("margin.reduce: " .. msg, 3) end
  if type(position) ~= "table" then fail("position table expected, got " .. type(position)) end
  if type(opts) ~= "table" then fail("options expected ({ fraction = ... } or { qty = ... }), got " .. type(opts)) end
  for k in pairs(opts) do
    if not REDUCE_FIELDS[k] then fail("unknown option '" .. tostring(k) .. "' (options: fraction, qty, category)") end
  end
  if (opts.fraction == nil) == (opts.qty == nil) then fail("give exactly one of fraction and qty") end
  local symbol = position.symbol
  if type(symbol) ~= "string" or symbol == "" then fail("not a position: it has no symbol") end
  local size, why = amount_of("the position's size", position.size)
  if not size then fail("not a position: " .. why) end
  if size:sign() == 0 or position.side == nil or position.side == "" or position.side == "None" then
    fail("position " .. symbol .. " is flat: nothing to reduce")
  end
  if position.side ~= "Buy" and position.side ~= "Sell" then
    fail("not a position: side must be Buy or Sell, got " .. tostring(position.side))
  end
  if size:sign() < 0 then fail("not a position: size " .. tostring(size) .. " is negative") end
  local wanted
  if opts.fraction ~= nil then
    local f, bad = amount_of("fraction", opts.fraction)
    if not f then fail(bad) end
    if f:sign() <= 0 or f > 1 then fail("fraction must be above 0 and at most 1, got " .. tostring(f)) end
    wanted = size * f
  else
    local q, bad = amount_of("qty", opts.qty)
    if not q then fail(bad) end
    if q:sign() <= 0 then fail("qty must be positive, got " .. tostring(q)) end
    wanted = q
  end
  if wanted > size then wanted = size end
  local bybit = require("bybit")
  local category = opts.category or M.category(position)
  local lot = bybit.instrument(symbol, category).lotSizeFilter
  local qty = wanted:quantize(lot.qtyStep, "down")
  if qty < lot.minOrderQty then
    fail(("qty %s of %s rounds down to %s on its qtyStep %s, below its minOrderQty %s: nothing sent"):format(
      tostring(wanted), symbol, tostring(qty), tostring(lot.qtyStep), tostring(lot.minOrderQty)))
  end
  local place = opts.order or bybit.order
  local read = opts.position or bybit.position
  local order = place({
    category = category, symbol = symbol, side = position.side == "Buy" and "Sell" or "Buy", qty = qty,
    orderType = "Market", reduceOnly = true, positionIdx = position.positionIdx,
  })
  return order, read({ symbol = symbol, category = category, positionIdx = position.positionIdx })
end

return M
