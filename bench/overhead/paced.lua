-- wrk script for the gateway-overhead benchmark: requests on a fixed schedule and a JSON summary.
--
-- Debian's wrk (4.1) has no fixed-rate mode (that is wrk2). Here every thread keeps a schedule of send slots,
-- BENCH_THREAD_RATE per second, and each connection, after its response, waits for the next free slot
-- (wrk's delay()). When the server falls behind, the slots are in the past and requests go out at once, so
-- the achieved rate shows saturation. Latency is measured from the actual send, not from the slot (no
-- coordinated-omission correction as in wrk2), which is why rates are only reported as sustained while the
-- achieved rate keeps up with the target.
--
-- Environment: BENCH_THREAD_RATE, BENCH_METHOD (POST), BENCH_BODY_FILE, BENCH_CONTENT_TYPE, BENCH_HEADER
-- ("Name: value", optional).

local ffi = require("ffi")
ffi.cdef[[
  typedef struct { long tv_sec; long tv_nsec; } bench_timespec;
  int clock_gettime(int clk_id, bench_timespec *tp);
]]
local CLOCK_MONOTONIC = 1
local ts = ffi.new("bench_timespec")
local function now_ms()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, ts)
  return tonumber(ts.tv_sec) * 1000 + tonumber(ts.tv_nsec) / 1e6
end

local interval_ms = 1000 / tonumber(os.getenv("BENCH_THREAD_RATE") or "1000")
local start_ms = nil
local slot = 0
wrk.method = os.getenv("BENCH_METHOD") or "POST"
local body_file = os.getenv("BENCH_BODY_FILE")
if body_file and body_file ~= "" then
  local f = assert(io.open(body_file, "rb"))
  wrk.body = f:read("*a")
  f:close()
end
wrk.headers["Content-Type"] = os.getenv("BENCH_CONTENT_TYPE") or "application/octet-stream"
local extra = os.getenv("BENCH_HEADER")
if extra and extra ~= "" then
  local name, value = extra:match("^([^:]+):%s*(.*)$")
  wrk.headers[name] = value
end

function delay()
  local now = now_ms()
  if start_ms == nil then start_ms = now end
  slot = slot + 1
  local wait = start_ms + slot * interval_ms - now
  if wait <= 0 then return 0 end
  return math.floor(wait + 0.5)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCH_RESULT {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},' ..
    '"latency_us":{"min":%d,"mean":%.1f,"p50":%d,"p90":%d,"p99":%d,"p999":%d,"max":%d}}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    latency.min, latency.mean, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max))
end
