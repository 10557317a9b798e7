-- One wrk script for every HTTP scenario, so that each pays the same client-side cost.
--
--   wrk ... -s scenario.lua <url> -- claim <coupon name> <expected status> <expected code|-> <user prefix>
--   wrk ... -s scenario.lua <url> -- get   <path>        <expected status> <expected code|-> -
--
-- claim: every request is POST /api/coupons/claim for a user never seen before
--        ("<prefix>-<thread>-<n>", n counting up per thread).
-- A response counts as ok when it has the expected status and, if a code is given, the body
-- contains it; everything else is unexpected. done() writes a JSON summary to $WRK_JSON_OUT.

local threads = {}

function setup(thread)
   thread:set("thread_id", #threads)
   table.insert(threads, thread)
end

function init(args)
   mode = args[1]
   target = args[2]
   expect_status = tonumber(args[3])
   expect_code = (args[4] ~= nil and args[4] ~= "-") and args[4] or nil
   prefix = args[5] or "u"
   seq = 0
   ok = 0
   unexpected = 0
   statuses = {}
   first_unexpected = ""
   if mode == "get" then
      static_request = wrk.format("GET", target)
   elseif mode == "claim" then
      wrk.method = "POST"
      wrk.path = "/api/coupons/claim"
      wrk.headers["Content-Type"] = "application/json"
      body_head = '{"coupon_name":"' .. target .. '","user_id":"' .. prefix .. "-" .. thread_id .. "-"
   else
      error("mode must be claim or get, was " .. tostring(mode))
   end
end

function request()
   if static_request then
      return static_request
   end
   seq = seq + 1
   return wrk.format(nil, nil, nil, body_head .. seq .. '"}')
end

function response(status, headers, body)
   statuses[status] = (statuses[status] or 0) + 1
   if status == expect_status and (expect_code == nil or (body ~= nil and string.find(body, expect_code, 1, true))) then
      ok = ok + 1
   else
      unexpected = unexpected + 1
      if first_unexpected == "" then
         first_unexpected = status .. " " .. string.sub(body or "", 1, 300)
      end
   end
end

local function json_string(s)
   s = string.gsub(s, '[%c"\\]', function(c)
      if c == '"' then return '\\"' elseif c == "\\" then return "\\\\" end
      return string.format("\\u%04x", string.byte(c))
   end)
   return '"' .. s .. '"'
end

function done(summary, latency, requests)
   local total_ok, total_unexpected, status_5xx = 0, 0, 0
   local merged, example = {}, ""
   for _, thread in ipairs(threads) do
      total_ok = total_ok + thread:get("ok")
      total_unexpected = total_unexpected + thread:get("unexpected")
      for status, n in pairs(thread:get("statuses")) do
         merged[status] = (merged[status] or 0) + n
         if status >= 500 then status_5xx = status_5xx + n end
      end
      if example == "" then example = thread:get("first_unexpected") end
   end
   local parts = {}
   for status, n in pairs(merged) do
      table.insert(parts, string.format('"%d":%d', status, n))
   end
   -- The latency distribution on a fixed grid of percentiles (same grid as EngineBench), so that
   -- report.py can merge the slices of one scenario measured in different rounds.
   local grid = {}
   for i = 1, 199 do grid[#grid + 1] = i * 0.5 end
   for _, p in ipairs({99.6, 99.7, 99.8, 99.9, 99.95, 99.99, 100.0}) do grid[#grid + 1] = p end
   local quantiles = {}
   for _, p in ipairs(grid) do
      -- wrk answers 0 for the 100th percentile; that is the maximum
      local us = p >= 100 and latency.max or latency:percentile(p)
      quantiles[#quantiles + 1] = string.format("[%g,%.4f]", p, us / 1000.0)
   end
   local e = summary.errors
   local ms = function(us) return us / 1000.0 end
   local out = string.format(
      '{"requests":%d,"duration_s":%.3f,"ok":%d,"unexpected":%d,"status_5xx":%d,' ..
      '"socket_errors":{"connect":%d,"read":%d,"write":%d,"timeout":%d},"non_2xx_3xx":%d,' ..
      '"latency_ms":{"mean":%.3f,"p50":%.3f,"p90":%.3f,"p99":%.3f,"p999":%.3f,"max":%.3f},' ..
      '"statuses":{%s},"quantiles":[%s],"first_unexpected":%s}',
      summary.requests, summary.duration / 1e6, total_ok, total_unexpected, status_5xx,
      e.connect, e.read, e.write, e.timeout, e.status,
      ms(latency.mean), ms(latency:percentile(50)), ms(latency:percentile(90)),
      ms(latency:percentile(99)), ms(latency:percentile(99.9)), ms(latency.max),
      table.concat(parts, ","), table.concat(quantiles, ","), json_string(example))
   local path = os.getenv("WRK_JSON_OUT")
   if path and path ~= "" then
      local f = assert(io.open(path, "w"))
      f:write(out, "\n")
      f:close()
   end
   io.write("BENCH_JSON ", out, "\n")
end
