--- bybit.busted — the busted-compatible test framework behind `bybit-lua test`.
--- A spec file's top level runs once to collect `describe`/`it` blocks; the host
--- then runs each test by index (so it can time each one out) and reads the results.
local assertions = require("bybit.busted.assert")
local spies = require("bybit.busted.spy")

local M = {}

---@class bybit.busted.Block
---@field name string
---@field parent bybit.busted.Block?
---@field before_each function[]
---@field after_each function[]
---@field setup function[]
---@field teardown function[]
---@field tests integer      tests registered under this block (any depth)
---@field remaining integer  of those, not yet run
---@field started boolean

---@class bybit.busted.Test
---@field name string        full name: describe names and the it name, space-separated
---@field fn function?
---@field block bybit.busted.Block
---@field pending boolean
---@field line integer

local root, current
local tests = {}

local function new_block(name, parent)
  return { name = name, parent = parent, before_each = {}, after_each = {}, setup = {},
           teardown = {}, tests = 0, remaining = 0, started = false }
end

local function full_name(block, name)
  local parts = { name }
  while block and block.parent do
    table.insert(parts, 1, block.name)
    block = block.parent
  end
  return table.concat(parts, " ")
end

local function caller_line()
  local info = debug and debug.getinfo and debug.getinfo(4, "l")
  return info and info.currentline or 0
end

--- Registers the framework's globals for one spec file.
---@param opts {filter?: string, tags?: string[], exclude_tags?: string[]}
function M.install(opts)
  opts = opts or {}
  root = new_block("", nil)
  current = root
  tests = {}

  local function selected(name)
    if opts.filter and opts.filter ~= "" and not name:find(opts.filter) then return false end
    if opts.tags and #opts.tags > 0 then
      local any = false
      for _, t in ipairs(opts.tags) do
        if name:find("#" .. t, 1, true) then any = true end
      end
      if not any then return false end
    end
    for _, t in ipairs(opts.exclude_tags or {}) do
      if name:find("#" .. t, 1, true) then return false end
    end
    return true
  end

  local function register(name, fn, pending)
    if type(name) ~= "string" then error("test name must be a string, got " .. type(name), 3) end
    if not pending and type(fn) ~= "function" then
      error("it('" .. name .. "') needs a function, got " .. type(fn), 3)
    end
    local fullname = full_name(current, name)
    if not selected(fullname) then return end
    tests[#tests + 1] = { name = fullname, fn = fn, block = current, pending = pending, line = caller_line() }
    local b = current
    while b do
      b.tests = b.tests + 1
      b.remaining = b.remaining + 1
      b = b.parent
    end
  end

  function _G.describe(name, fn)
    if type(name) ~= "string" then error("describe needs a name, got " .. type(name), 2) end
    if type(fn) ~= "function" then error("describe('" .. name .. "') needs a function", 2) end
    local block = new_block(name, current)
    local saved = current
    current = block
    local ok, err = pcall(fn)
    current = saved
    if not ok then error(err, 0) end
  end
  _G.context = _G.describe
  function _G.it(name, fn) register(name, fn, false) end
  _G.spec, _G.test = _G.it, _G.it
  function _G.pending(name) register(name, nil, true) end
  local function hook(kind)
    return function(fn)
      if type(fn) ~= "function" then error(kind .. " needs a function", 2) end
      table.insert(current[kind], fn)
    end
  end
  _G.before_each, _G.after_each = hook("before_each"), hook("after_each")
  _G.setup, _G.teardown = hook("setup"), hook("teardown")
  _G.lazy_setup, _G.lazy_teardown = _G.setup, _G.teardown
  _G.strict_setup, _G.strict_teardown = _G.setup, _G.teardown
  _G.assert = assertions.assert
  _G.spy = spies.spy
  _G.stub = spies.stub
  _G.mock = spies.mock
end

local function chain(block)
  local list = {}
  while block do
    table.insert(list, 1, block)
    block = block.parent
  end
  return list
end

local function message_of(err)
  if type(err) == "table" and err.__busted_failure then return err.message, true end
  if type(err) == "string" then return err, false end
  local ok, s = pcall(tostring, err)
  return ok and s or ("(error object is a " .. type(err) .. " value)"), false
end

--- The number of collected tests.
function M.count() return #tests end

--- Name and line of test `i`.
function M.describe_test(i) return tests[i].name, tests[i].line, tests[i].pending end

--- Runs test `i` with its setup, before_each, after_each and teardown blocks.
--- Returns status ("success" | "failure" | "error" | "pending") and a message.
function M.run(i)
  local t = tests[i]
  if t.pending then return "pending", "" end
  local blocks = chain(t.block)
  local status, message = "success", ""
  local function fail(err, where)
    local msg, is_failure = message_of(err)
    if status == "success" then
      status = is_failure and where == "test" and "failure" or "error"
      message = (where ~= "test" and (where .. ": ") or "") .. msg
    end
  end
  for _, b in ipairs(blocks) do
    if not b.started then
      b.started = true
      for _, f in ipairs(b.setup) do
        local ok, err = xpcall(f, debug.traceback)
        if not ok then fail(err, "setup") end
      end
    end
  end
  if status == "success" then
    for _, b in ipairs(blocks) do
      for _, f in ipairs(b.before_each) do
        local ok, err = xpcall(f, debug.traceback)
        if not ok then fail(err, "before_each") end
      end
    end
  end
  if status == "success" then
    local ok, err = xpcall(t.fn, function(e)
      if type(e) == "table" and e.__busted_failure then return e end
      if type(e) ~= "string" then return e end      -- error objects keep their identity
      -- the traceback down to the test function, without the framework's frames
      local tb = debug.traceback(e, 2)
      local cut = tb:find("\n\t%[C%]: in function 'xpcall'")
      return cut and tb:sub(1, cut - 1) or tb
    end)
    if not ok then fail(err, "test") end
  end
  for k = #blocks, 1, -1 do
    for _, f in ipairs(blocks[k].after_each) do
      local ok, err = xpcall(f, debug.traceback)
      if not ok then fail(err, "after_each") end
    end
  end
  spies.revert_all()
  for k = #blocks, 1, -1 do
    local b = blocks[k]
    b.remaining = b.remaining - 1
    if b.remaining == 0 then
      for _, f in ipairs(b.teardown) do
        local ok, err = xpcall(f, debug.traceback)
        if not ok then fail(err, "teardown") end
      end
    end
  end
  return status, message
end

return M
