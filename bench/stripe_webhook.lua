-- wrk script for bench/stripe_webhook.py: posts pre-signed Stripe events, each once.
--
--   wrk ... -s bench/stripe_webhook.lua <url> -- <events file> <threads> <answered-ids file>
--
-- The events file holds, per event: its Stripe-Signature header on one line, the body's
-- length in bytes on the next, then the body (Stripe's indented JSON, newlines and all).
-- Thread k of n posts events k, k+n, k+2n, ... and wraps around when it runs out (the server
-- answers those as duplicates, and the bench reports them). Each answer is checked: non-200s
-- are counted, and the ids the server accepted as new are written out for the bench to
-- compare with the stripe_events table.

local threads = {}

function setup(thread)
   thread:set("id", #threads)
   table.insert(threads, thread)
end

function init(args)
   local path, nthreads = args[1], tonumber(args[2])
   answered_path = args[3]
   prepared = {}
   local file = assert(io.open(path, "rb"))
   local index = 0
   while true do
      local signature = file:read("*l")
      if not signature then break end
      local body = file:read(tonumber(file:read("*l")))
      if index % nthreads == id then
         prepared[#prepared + 1] = wrk.format("POST", nil, {
            ["Content-Type"] = "application/json; charset=utf-8",
            ["Stripe-Signature"] = signature,
         }, body)
      end
      index = index + 1
   end
   file:close()
   prepared_count = #prepared
   sent, answered, non200, duplicates = 0, 0, 0, 0
   statuses = {}
   fresh_ids = {}
end

function request()
   sent = sent + 1
   return prepared[(sent - 1) % #prepared + 1]
end

function response(status, headers, body)
   answered = answered + 1
   if status ~= 200 then
      non200 = non200 + 1
      statuses[tostring(status)] = (statuses[tostring(status)] or 0) + 1
   elseif body:find('"duplicate": true', 1, true) then
      duplicates = duplicates + 1
   else
      fresh_ids[#fresh_ids + 1] = body:match('"received": "([^"]+)"') or "?"
   end
end

function done(summary, latency, requests)
   local sent, answered, non200, duplicates, prepared = 0, 0, 0, 0, 0
   local answered_file = nil
   local codes = {}
   for _, thread in ipairs(threads) do
      sent = sent + thread:get("sent")
      answered = answered + thread:get("answered")
      non200 = non200 + thread:get("non200")
      duplicates = duplicates + thread:get("duplicates")
      prepared = prepared + thread:get("prepared_count")
      for code, count in pairs(thread:get("statuses")) do
         codes[#codes + 1] = code .. ":" .. count
      end
      answered_file = answered_file or assert(io.open(thread:get("answered_path"), "w"))
      for _, event_id in ipairs(thread:get("fresh_ids")) do
         answered_file:write(event_id, "\n")
      end
   end
   answered_file:close()
   local errors = summary.errors
   io.write(string.format(
      "bench requests=%d duration_us=%d sent=%d answered=%d non200=%d duplicates=%d "
         .. "prepared=%d p50_us=%d p99_us=%d mean_us=%.1f max_us=%d "
         .. "connect_errors=%d read_errors=%d write_errors=%d timeouts=%d codes=%s\n",
      summary.requests, summary.duration, sent, answered, non200, duplicates,
      prepared, latency:percentile(50), latency:percentile(99), latency.mean, latency.max,
      errors.connect, errors.read, errors.write, errors.timeout,
      table.concat(codes, ",") ~= "" and table.concat(codes, ",") or "-"))
end
