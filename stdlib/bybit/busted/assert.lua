--- bybit.busted.assert — luassert-style assertions: `assert.are.same(a, b)`,
--- `assert.is_true(x)`, `assert.is_not.equal(a, b)`, `assert.has_error(fn, msg)`,
--- `assert.near(x, y, tol)`, `assert.spy(s).was.called_with(...)`.
local M = {}

local function fmt(v, typed)
  local ok, inspect = pcall(require, "bybit.inspect")
  if ok then return inspect.inspect(v, { typed = typed }) end
  return tostring(v)
end

local function kind(v)
  local lib = rawget(_G, "decimal")
  if type(v) == "userdata" and type(lib) == "table" and lib.is and lib.is(v) then return "decimal" end
  return type(v)
end

-- "Passed in" / "Expected" as luassert shows them, each with its type, so that a
-- decimal 1 and the number 1 (never == in Lua 5.4) do not read the same; when the two
-- still print alike (a decimal inside a table) decimals show as D"…".
local function compared(what, actual, expected)
  local a, e = fmt(actual), fmt(expected)
  if a == e then a, e = fmt(actual, true), fmt(expected, true) end
  return ("Expected objects to be %s.\nPassed in:\n(%s) %s\nExpected:\n(%s) %s"):format(
    what, kind(actual), a, kind(expected), e)
end

--- Raises a failure (distinguished from an error in the code under test).
local function failure(message, level)
  error({ __busted_failure = true, message = message }, level or 3)
end
M.failure = failure

local function deep_equal(a, b, seen)
  if a == b then return true end
  local ta, tb = type(a), type(b)
  if ta ~= tb then return false end
  if ta == "userdata" then
    -- decimals: equal values compare equal through __eq
    local ok, eq = pcall(function() return a == b end)
    return ok and eq
  end
  if ta ~= "table" then return false end
  seen = seen or {}
  if seen[a] == b then return true end
  seen[a] = b
  for k, v in next, a do
    if not deep_equal(v, rawget(b, k), seen) then return false end
  end
  for k in next, b do
    if rawget(a, k) == nil then return false end
  end
  return true
end
M.deep_equal = deep_equal

local function tonum(x)
  if type(x) == "number" then return x end
  local mt = getmetatable(x)
  if mt ~= nil and type(x) == "userdata" and x.tonumber then return x:tonumber() end
  return tonumber(x)
end

-- Each check returns ok, message (the message reads for the positive form).
local checks = {}
function checks.same(expected, actual)
  return deep_equal(expected, actual), compared("the same", actual, expected)
end
function checks.equal(expected, actual)
  return expected == actual, compared("equal", actual, expected)
end
checks.equals = checks.equal
checks["true"] = function(v) return v == true, ("Expected true, got %s"):format(fmt(v)) end
checks["false"] = function(v) return v == false, ("Expected false, got %s"):format(fmt(v)) end
checks["nil"] = function(v) return v == nil, ("Expected nil, got %s"):format(fmt(v)) end
checks.truthy = function(v) return not not v, ("Expected a truthy value, got %s"):format(fmt(v)) end
checks.falsy = function(v) return not v, ("Expected a falsy value, got %s"):format(fmt(v)) end
for _, t in ipairs({ "number", "string", "table", "function", "boolean", "userdata" }) do
  checks[t] = function(v) return type(v) == t, ("Expected a %s, got %s"):format(t, type(v)) end
end
function checks.near(expected, actual, tolerance)
  local e, a, tol = tonum(expected), tonum(actual), tonum(tolerance)
  if not (e and a and tol) then return false, "near needs numbers (expected, actual, tolerance)" end
  return math.abs(e - a) <= tol, ("Expected %s to be within %s of %s"):format(fmt(actual), fmt(tolerance), fmt(expected))
end
function checks.matches(pattern, actual)
  return type(actual) == "string" and actual:find(pattern) ~= nil,
    ("Expected %s to match pattern %s"):format(fmt(actual), fmt(pattern))
end
function checks.error(fn, expected)
  if type(fn) ~= "function" then return false, "has_error needs a function" end
  local ok, err = pcall(fn)
  if ok then return false, "Expected an error, but the function returned normally" end
  if expected == nil then return true, "Expected no error, got " .. fmt(err) end
  if type(err) == "string" and type(expected) == "string" then
    -- luassert strips the "file:line: " position before comparing
    local bare = err:gsub("^[^:\n]*:%d+: ", "")
    return err == expected or bare == expected,
      ("Expected error %s, got %s"):format(fmt(expected), fmt(err))
  end
  return deep_equal(expected, err), ("Expected error %s, got %s"):format(fmt(expected), fmt(err))
end
checks.errors = checks.error
checks.unique = function(list)
  local seen = {}
  for _, v in ipairs(list) do
    for _, w in ipairs(seen) do if deep_equal(v, w) then return false, "Expected a list of unique values" end end
    seen[#seen + 1] = v
  end
  return true, "Expected a list with duplicates"
end

-- How many arguments each check takes; one more string argument is a custom message.
local arity = { same = 2, equal = 2, equals = 2, near = 3, matches = 2, error = 2, errors = 2 }

local modifiers = { is = true, are = true, has = true, was = true, does = true, ["to"] = true, be = true }

local function negated_message(msg) return "Not: " .. msg end

local function make_chain(negate)
  return setmetatable({}, {
    __index = function(_, key)
      if modifiers[key] then return make_chain(negate) end
      if key == "is_not" or key == "are_not" or key == "has_no" or key == "was_not" or key == "no" or key == "not" then
        return make_chain(not negate)
      end
      local name, neg = key, negate
      -- is_true / are_same / has_error / is_not_nil / has_no_error
      local prefix, rest = key:match("^(%a+)_(.+)$")
      if prefix and modifiers[prefix] then
        name = rest
        local np, nrest = rest:match("^(%a+)_(.+)$")
        if np == "not" or np == "no" then name, neg = nrest, not neg end
      elseif prefix == "not" or prefix == "no" then
        name, neg = rest, not neg
      end
      if name == "spy" or name == "stub" then
        return function(s) return require("bybit.busted.spy").assertion(s, neg, failure) end
      end
      local check = checks[name]
      if not check then return nil end
      local n_args = arity[name] or 1
      return function(...)
        local ok, msg = check(...)
        if neg then ok = not ok; msg = negated_message(msg) end
        if not ok then
          local custom = select(n_args + 1, ...)
          if type(custom) == "string" and name ~= "error" and name ~= "errors" then msg = custom .. "\n" .. msg end
          failure(msg, 2)
        end
        return ...
      end
    end,
    __call = function(_, value, message, ...)
      if not value then failure(message or "assertion failed!", 2) end
      return value, message, ...
    end,
  })
end

M.assert = make_chain(false)
--- Extension point (luassert's `assert:register` in short): adds a named check.
---@param name string
---@param check fun(...): boolean, string
function M.register(name, check) checks[name] = check end

return M
