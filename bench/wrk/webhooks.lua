-- wrk script for the webhook ingest benchmark: every request is a different, correctly signed
-- Square event. bench/webhooks.ts writes one file per thread (events-<n>.txt, one
-- "<signature>\t<body>" line per event); run as `wrk ... -s webhooks.lua <url> -- <dir>`.
-- A thread that runs out of events starts over (the app then answers "duplicate"); the summary's
-- "wrapped" counts that, and the bench refuses such a run.

local threads = {}
local next_id = 1

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local events = {}
local index = 0
wrapped = 0

function init(args)
  local path = args[1] .. "/events-" .. id .. ".txt"
  for line in io.lines(path) do
    local tab = string.find(line, "\t", 1, true)
    events[#events + 1] = { string.sub(line, 1, tab - 1), string.sub(line, tab + 1) }
  end
  if #events == 0 then
    error("no events in " .. path)
  end
end

function request()
  index = index + 1
  if index > #events then
    index = 1
    wrapped = wrapped + 1
  end
  local event = events[index]
  return wrk.format("POST", "/webhooks/square", {
    ["Content-Type"] = "application/json",
    ["x-square-hmacsha256-signature"] = event[1],
  }, event[2])
end

done = function(summary, latency, requests)
  local w = 0
  for _, thread in ipairs(threads) do
    w = w + (thread:get("wrapped") or 0)
  end
  local e = summary.errors
  io.write(string.format(
    'BENCH_JSON {"requests":%d,"duration_us":%d,"bytes":%d,' ..
    '"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"p50":%.0f,"p95":%.0f,"p99":%.0f,"max":%.0f,"mean":%.1f},"wrapped":%d}\n',
    summary.requests, summary.duration, summary.bytes,
    e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max, latency.mean, w))
end
