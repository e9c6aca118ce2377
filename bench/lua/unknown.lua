-- wrk script: GET of BENCH_PATH (a path no route takes, for bench/ab): what a 404 costs.
local path = os.getenv("BENCH_PATH") or "/no/such/page"
request = function()
  return wrk.format("GET", path)
end
