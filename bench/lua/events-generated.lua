-- wrk script: one event per request without a messageId, so Flint makes one (a UUIDv7, time first).
-- Set by the environment: FLINT_KEY.
local counter = 0
local key = os.getenv("FLINT_KEY") or "none"
local path = os.getenv("BENCH_PATH") or "/v1/events"
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }

request = function()
  counter = counter + 1
  local body = string.format(
    '{"trigger":"bench_signup","authId":"contact-%d","attributes":' ..
    '{"location":"lobby","amount":12.5,"firstVisit":true,"signedUpAt":"2026-11-26T09:59:00Z","order":"order-77"}}',
    counter % 1000)
  return wrk.format("POST", path, headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
