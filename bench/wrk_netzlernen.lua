-- wrk script for bench/load.py: rotates through signed-in learners and a list of requests.
--
--   wrk -t2 -c50 -d20s --latency -s bench/wrk_netzlernen.lua http://127.0.0.1:PORT -- LEARNERS PLAN
--
-- LEARNERS: one line per learner, "<Cookie header value>\t<CSRF token>".
-- PLAN: one line per request, "<method>\t<path>\t<content type>\t<body>"; "@CSRF@" in the body is
-- replaced by the learner's CSRF token, and POSTs also carry it in the X-CSRFToken header.
-- Request k goes out with learner k mod #learners, so consecutive requests come from different
-- learners and every learner walks through the whole plan.
--
-- Besides wrk's own report, done() prints one line "NLSTATS key=value ..." (summed over threads)
-- that load.py reads: status classes, quiz answers saved (302 to a result page), practice results
-- stored (JSON "stored": true), redirects to the sign-in page (a lost session), and the latency
-- percentiles in microseconds; and "NLERROR <text>" with the first error response of each thread.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
   thread:set("thread_no", #threads)
end

local function split_tabs(line)
   local fields, start = {}, 1
   while true do
      local i = string.find(line, "\t", start, true)
      if i == nil then
         table.insert(fields, string.sub(line, start))
         return fields
      end
      table.insert(fields, string.sub(line, start, i - 1))
      start = i + 1
   end
end

local function read_rows(path)
   local rows = {}
   for line in io.lines(path) do
      if line ~= "" then
         table.insert(rows, split_tabs(line))
      end
   end
   return rows
end

-- Counters are globals: done() reads them from every thread with thread:get().
s2xx, s3xx, s4xx, s5xx = 0, 0, 0, 0
quiz_saved, practice_saved, to_signin, other_redirects = 0, 0, 0, 0
first_error = ""

local requests = {}
local position = 0

function init(args)
   local learners = read_rows(args[1])
   local plan = read_rows(args[2])
   local total = #learners * #plan
   for k = 0, total - 1 do
      local learner = learners[k % #learners + 1]
      local item = plan[(k + math.floor(k / #learners)) % #plan + 1]
      local headers = { ["Cookie"] = learner[1] }
      local body = nil
      if item[1] ~= "GET" then
         headers["Content-Type"] = item[3]
         headers["X-CSRFToken"] = learner[2]
         body = (string.gsub(item[4] or "", "@CSRF@", learner[2]))
      end
      requests[k + 1] = wrk.format(item[1], item[2], headers, body)
   end
   -- Each thread starts somewhere else in the rotation.
   position = ((thread_no or 1) - 1) * math.floor(total / 2 + 7)
end

function request()
   position = position % #requests + 1
   return requests[position]
end

function response(status, headers, body)
   if status < 300 then
      s2xx = s2xx + 1
      if body ~= nil and string.find(body, '"stored":%s*true') then
         practice_saved = practice_saved + 1
      end
   elseif status < 400 then
      s3xx = s3xx + 1
      local location = headers["Location"] or headers["location"] or ""
      if string.find(location, "/attempts/", 1, true) then
         quiz_saved = quiz_saved + 1
      elseif string.find(location, "signin", 1, true) then
         to_signin = to_signin + 1
      else
         other_redirects = other_redirects + 1
      end
   else
      if status < 500 then s4xx = s4xx + 1 else s5xx = s5xx + 1 end
      if first_error == "" then
         local text = string.gsub(string.sub(body or "", 1, 400), "%s+", " ")
         first_error = status .. " " .. text
      end
   end
end

function done(summary, latency, requests)
   local keys = { "s2xx", "s3xx", "s4xx", "s5xx", "quiz_saved", "practice_saved", "to_signin", "other_redirects" }
   local totals = {}
   for _, key in ipairs(keys) do totals[key] = 0 end
   for _, thread in ipairs(threads) do
      for _, key in ipairs(keys) do
         totals[key] = totals[key] + (thread:get(key) or 0)
      end
      local err = thread:get("first_error")
      if err ~= nil and err ~= "" then
         io.write("NLERROR " .. err .. "\n")
      end
   end
   local parts = {
      string.format("requests=%d", summary.requests),
      string.format("duration_us=%d", summary.duration),
      string.format("p50_us=%d", latency:percentile(50)),
      string.format("p90_us=%d", latency:percentile(90)),
      string.format("p99_us=%d", latency:percentile(99)),
      string.format("max_us=%d", latency.max),
      string.format("mean_us=%d", latency.mean),
      string.format("non2xx3xx=%d", summary.errors.status),
      string.format("connect_errors=%d", summary.errors.connect),
      string.format("read_errors=%d", summary.errors.read),
      string.format("write_errors=%d", summary.errors.write),
      string.format("timeouts=%d", summary.errors.timeout),
   }
   for _, key in ipairs(keys) do
      table.insert(parts, string.format("%s=%d", key, totals[key]))
   end
   io.write("NLSTATS " .. table.concat(parts, " ") .. "\n")
end
