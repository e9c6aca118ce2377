-- wrk script: one record write per request, each a new record (a create fires the record trigger).
-- Set by the environment: FLINT_ADMIN_TOKEN.
local counter = 0
local prefix = string.format("%x%x", os.time(), math.random(1, 1e9))
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("FLINT_ADMIN_TOKEN") or "none") }

request = function()
  counter = counter + 1
  local body = string.format('{"customerId":"contact-%d","fields":{"status":"placed","total":%d}}', counter % 1000, counter % 500)
  return wrk.format("PUT", string.format("/api/v1/entities/bench_order/records/%s-%d", prefix, counter), headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
