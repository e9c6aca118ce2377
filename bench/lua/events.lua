-- wrk script: one event per request, each with a unique messageId.
-- Set by the environment: FLINT_KEY (bearer key), BENCH_PATH (request path), BENCH_CUSTOMERS (how many
-- distinct customers the events cycle through, 1000 by default).
local counter = 0
local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "1000")
local prefix = os.getenv("BENCH_PREFIX") or string.format("%x%x", os.time(), math.random(1, 1e9))
local key = os.getenv("FLINT_KEY") or "none"
local path = os.getenv("BENCH_PATH") or "/v1/events"
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }

local function event(id)
  return string.format(
    '{"trigger":"bench_signup","authId":"contact-%d","messageId":"%s-%d","attributes":' ..
    '{"location":"lobby","amount":12.5,"firstVisit":true,"signedUpAt":"2026-11-26T09:59:00Z","order":"order-77"}}',
    id % customers, prefix, id)
end

request = function()
  counter = counter + 1
  return wrk.format("POST", path, headers, event(counter))
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
