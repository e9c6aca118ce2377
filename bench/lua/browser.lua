-- wrk script: events from browsers with a publishable key, each request from one of BENCH_CLIENTS
-- addresses (X-Forwarded-For, for a Flint that trusts the loopback proxy), or all from BENCH_CLIENT.
-- Set by the environment: FLINT_KEY, BENCH_ORIGIN, BENCH_CLIENTS (1000), BENCH_CLIENT, BENCH_PREFIX.
local counter = 0
local clients = tonumber(os.getenv("BENCH_CLIENTS") or "1000")
local fixed = os.getenv("BENCH_CLIENT")
local prefix = os.getenv("BENCH_PREFIX") or string.format("%x%x", os.time(), math.random(1, 1e9))
local headers = {
  ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. (os.getenv("FLINT_KEY") or "none"),
  ["Origin"] = os.getenv("BENCH_ORIGIN") or "https://shop.example",
}

request = function()
  counter = counter + 1
  local n = counter % clients
  headers["X-Forwarded-For"] = fixed or string.format("198.18.%d.%d", math.floor(n / 256) % 256, n % 256)
  local body = string.format(
    '{"trigger":"bench_signup","authId":"visitor-%d","messageId":"%s-%d","attributes":{"location":"lobby","amount":12.5}}',
    n, prefix, counter)
  return wrk.format("POST", "/v1/events", headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
