--- bybit.schedule — run a function on a period, or wait for a condition, with
--- clean stops: Ctrl-C and --timeout interrupt the waits like any other code.
local M = {}

---@class bybit.schedule.Options
---@field every? number      seconds between checks (default 1)
---@field timeout? number    give up after this many seconds (default: never)
---@field times? integer     run at most this many times (every only)

local function sleep(s) require("bybit").sleep(s) end
local function now() return require("bybit").now() end

--- Calls `fn(i)` every `seconds` (i = 1, 2, …) until it returns false or `opts.times`
--- runs are done. Returns how many times it ran. A call that raises is logged with its
--- traceback and the schedule goes on, as a `bybit.every` handler does (after failures in a
--- row, periods are skipped: 1, 2, 4 … up to 60 s); a `guard` or `audit` error ends it.
---@param seconds number
---@param fn fun(i: integer): boolean?
---@param opts? {times?: integer}
---@return integer
function M.every(seconds, fn, opts)
  if type(seconds) ~= "number" or seconds < 0 then error("bad argument #1 to 'every' (seconds >= 0 expected)", 2) end
  if type(fn) ~= "function" then error("bad argument #2 to 'every' (function expected)", 2) end
  local times = opts and opts.times
  local protected = require("bybit.events").protect(fn)
  local i = 0
  while times == nil or i < times do
    local started = now()
    local ran, result, skip_ms = protected(i + 1)
    if not ran and result == "skipped" then
      sleep(math.max(seconds, skip_ms / 1000))   -- the period it skips: no run, no count
      goto continue
    end
    i = i + 1
    if ran and result == false then break end
    if times ~= nil and i >= times then break end
    local left = seconds - (now() - started) / 1000
    if left > 0 then sleep(left) end
    ::continue::
  end
  return i
end

--- Waits until `cond()` returns a truthy value and returns it; returns nil, "timeout"
--- when `opts.timeout` seconds pass first.
---@param cond fun(): any
---@param opts? bybit.schedule.Options
---@return any value
---@return string? reason
function M.until_(cond, opts)
  if type(cond) ~= "function" then error("bad argument #1 to 'until_' (function expected)", 2) end
  opts = opts or {}
  local period = opts.every or 1
  local deadline = opts.timeout and (now() + opts.timeout * 1000) or nil
  while true do
    local v = cond()
    if v then return v end
    if deadline and now() >= deadline then return nil, "timeout" end
    local wait = period
    if deadline then wait = math.min(wait, math.max(0, (deadline - now()) / 1000)) end
    sleep(wait)
  end
end

return M
