-- wrk script for scripts/bench-queue.sh: every second request issues a ticket, the others call
-- the next ticket at the bench hall's windows in turn, so the load is issue + call-next pairs.
local token = os.getenv("BENCH_TOKEN")
local issue_body = '{"site_id":' .. os.getenv("BENCH_SITE") .. ',"category_id":' .. os.getenv("BENCH_CATEGORY") .. '}'
local windows = {}
for w in string.gmatch(os.getenv("BENCH_WINDOWS"), "%d+") do
  table.insert(windows, w)
end
local n = 0
local failed = 0

wrk.headers["Authorization"] = "Bearer " .. token
wrk.headers["Content-Type"] = "application/json"

request = function()
  n = n + 1
  if n % 2 == 1 then
    return wrk.format("POST", "/api/v1/tickets", nil, issue_body)
  end
  local w = windows[(math.floor(n / 2) % #windows) + 1]
  return wrk.format("POST", "/api/v1/windows/" .. w .. "/call-next", nil, "{}")
end

response = function(status, headers, body)
  if status >= 300 then
    failed = failed + 1
    if failed <= 3 then
      print("non-2xx " .. status .. ": " .. body)
    end
  end
end
