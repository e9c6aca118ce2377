-- wrk script: 100 events per request to /v1/events/batch, each with a unique messageId.
-- BENCH_CUSTOMERS: how many distinct customers the events cycle through (1000 by default).
local counter = 0
local customers = tonumber(os.getenv("BENCH_CUSTOMERS") or "1000")
local prefix = os.getenv("BENCH_PREFIX") or string.format("%x%x", os.time(), math.random(1, 1e9))
local key = os.getenv("FLINT_KEY") or "none"
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }
local size = 100

request = function()
  local events = {}
  for i = 1, size do
    counter = counter + 1
    events[i] = string.format(
      '{"trigger":"bench_signup","authId":"contact-%d","messageId":"%s-b%d","attributes":' ..
      '{"location":"lobby","amount":12.5,"firstVisit":true,"signedUpAt":"2026-11-26T09:59:00Z","order":"order-77"}}',
      counter % customers, prefix, counter)
  end
  return wrk.format("POST", "/v1/events/batch", headers, '{"events":[' .. table.concat(events, ",") .. ']}')
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
