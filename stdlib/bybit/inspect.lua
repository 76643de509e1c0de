--- bybit.inspect — the pretty printer the REPL uses: nested tables with sorted keys,
--- strings quoted, decimals shown exactly as their text, cycles marked.
local M = {}

---@class InspectOptions
---@field depth? integer  levels to expand (default 8)
---@field width? integer  a table that fits in this many columns stays on one line (default 80)
---@field indent? string  one level of indentation (default two spaces)
---@field typed? boolean  decimals as `D"1.50"`, so they cannot be mistaken for numbers (assertion messages)

local keywords = {}
for w in ([[and break do else elseif end false for function goto if in local nil not or
  repeat return then true until while]]):gmatch("%a+") do keywords[w] = true end

local function is_identifier(s)
  return type(s) == "string" and s:match("^[%a_][%w_]*$") ~= nil and not keywords[s]
end

local type_order = { number = 1, string = 2, boolean = 3, table = 4, userdata = 5, ["function"] = 6, thread = 7 }

local function sort_keys(a, b)
  local ta, tb = type(a), type(b)
  if ta ~= tb then return (type_order[ta] or 9) < (type_order[tb] or 9) end
  if ta == "number" or ta == "string" then return a < b end
  return tostring(a) < tostring(b)
end

local function is_decimal(v)
  local lib = rawget(_G, "decimal")
  return type(v) == "userdata" and type(lib) == "table" and type(lib.is) == "function" and lib.is(v)
end

local function number_text(v)
  if v ~= v then return "nan" end   -- C's printf says "-nan" for the NaN 0/0 makes
  return tostring(v)
end

local function scalar(v, typed)
  local t = type(v)
  if typed and is_decimal(v) then return 'D"' .. tostring(v) .. '"' end
  if t == "string" then
    local quoted = string.format("%q", v):gsub("\\\n", "\\n")
    return quoted
  end
  if t == "number" then
    if math.type(v) == "float" and v == math.floor(v) and v > -1e15 and v < 1e15 then
      return string.format("%.1f", v)
    end
    return number_text(v)
  end
  if t == "userdata" or t == "table" then
    local mt = getmetatable(v)
    -- decimals (and other values with __tostring) print as their exact text
    if mt ~= nil and (type(mt) ~= "table" or mt.__tostring ~= nil) then
      local ok, s = pcall(tostring, v)
      if ok and type(s) == "string" then return s end
    end
  end
  return tostring(v)
end

local function render(v, opts, level, seen)
  if type(v) ~= "table" or (getmetatable(v) ~= nil and type(getmetatable(v)) ~= "table") then
    return scalar(v, opts.typed)
  end
  local mt = getmetatable(v)
  if mt and mt.__tostring then return scalar(v, opts.typed) end
  if seen[v] then return "<cycle>" end
  if level >= opts.depth then return "{...}" end
  seen[v] = true
  local n = rawlen(v)
  local parts, keys = {}, {}
  for i = 1, n do parts[#parts + 1] = render(rawget(v, i), opts, level + 1, seen) end
  for k in next, v do
    if not (math.type(k) == "integer" and k >= 1 and k <= n) then keys[#keys + 1] = k end
  end
  table.sort(keys, sort_keys)
  for _, k in ipairs(keys) do
    local label = is_identifier(k) and k or ("[" .. scalar(k, opts.typed) .. "]")
    parts[#parts + 1] = label .. " = " .. render(rawget(v, k), opts, level + 1, seen)
  end
  seen[v] = nil
  if #parts == 0 then return "{}" end
  local one = "{ " .. table.concat(parts, ", ") .. " }"
  if #one + #opts.indent * level <= opts.width and not one:find("\n", 1, true) then return one end
  local pad = opts.indent:rep(level + 1)
  return "{\n" .. pad .. table.concat(parts, ",\n" .. pad) .. "\n" .. opts.indent:rep(level) .. "}"
end

--- Renders any value as readable, Lua-like text.
---@param value any
---@param opts? InspectOptions
---@return string
function M.inspect(value, opts)
  opts = opts or {}
  local o = { depth = opts.depth or 8, width = opts.width or 80, indent = opts.indent or "  ", typed = opts.typed }
  return render(value, o, 0, {})
end

--- Prints each value rendered by `inspect`, tab-separated (the REPL's printer).
---@param ... any
function M.print(...)
  local n = select("#", ...)
  local out = {}
  for i = 1, n do out[i] = M.inspect((select(i, ...))) end
  print(table.concat(out, "\t", 1, n))
end

return setmetatable(M, { __call = function(_, v, opts) return M.inspect(v, opts) end })
