-- wrk script: the open pixel of one tracked email, requested over and over (BENCH_PATH).
local path = os.getenv("BENCH_PATH") or "/t/o/none.gif"

request = function()
  return wrk.format("GET", path)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
