-- wrk script: optional POST body with a fresh Idempotency-Key per request, and a JSON summary.
local counter = 0
local threads = 0

-- Each wrk thread has its own Lua state: give each a number so their keys never collide.
setup = function(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
local body = os.getenv("WRK_BODY")
local token = os.getenv("WRK_TOKEN")

request = function()
  counter = counter + 1
  local headers = {}
  if token then headers["Authorization"] = "Bearer " .. token end
  if body then
    headers["Content-Type"] = "application/json"
    headers["Idempotency-Key"] = string.format("wrk-%d-%d-%d", os.time(), tid or 0, counter)
    return wrk.format("POST", nil, headers, body)
  end
  return wrk.format("GET", nil, headers, nil)
end

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests": %d, "rps": %.1f, "p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, ' ..
    '"errors": %d, "non_2xx": %d}\n',
    summary.requests, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status))
end
