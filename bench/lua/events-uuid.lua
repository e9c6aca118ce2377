-- wrk script: one event per request, each with a random version-4 UUID as its messageId, as the
-- FlintClient SDK, the snippets and most libraries send (events.lua's ids share a prefix and count up,
-- which keeps the message_id index's inserts close together). Set by the environment: FLINT_KEY;
-- BENCH_MESSAGE_IDS=none sends no messageId, so Flint makes one (a UUIDv7, time first).
local counter = 0
local key = os.getenv("FLINT_KEY") or "none"
local path = os.getenv("BENCH_PATH") or "/v1/events"
local omitIds = os.getenv("BENCH_MESSAGE_IDS") == "none"
local headers = { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. key }

local function hex(digits)
  local parts = {}
  for i = 1, digits do parts[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(parts)
end

local function uuid()
  return string.format("%s-%s-4%s-%x%s-%s", hex(8), hex(4), hex(3), math.random(8, 11), hex(3), hex(12))
end

request = function()
  counter = counter + 1
  local id = omitIds and "" or string.format('"messageId":"%s",', uuid())
  local body = string.format(
    '{"trigger":"bench_signup","authId":"contact-%d",%s"attributes":' ..
    '{"location":"lobby","amount":12.5,"firstVisit":true,"signedUpAt":"2026-11-26T09:59:00Z","order":"order-77"}}',
    counter % 1000, id)
  return wrk.format("POST", path, headers, body)
end

done = function(summary, latency, requests)
  io.write(string.format("BENCH requests=%d errors_status=%d p99_us=%d p50_us=%d\n",
    summary.requests, summary.errors.status, latency:percentile(99), latency:percentile(50)))
end
