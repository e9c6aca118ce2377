-- The request Flint's webhook step sends, for measuring the receiver's own ceiling.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local counter = 0
request = function()
  counter = counter + 1
  wrk.headers["Idempotency-Key"] = "ceiling-" .. counter
  return wrk.format(nil, "/hook", nil, '{"who": "customer-' .. counter .. '"}')
end
