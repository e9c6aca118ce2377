-- wrk script: GET with no body, to measure the HTTP stack alone.
done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
