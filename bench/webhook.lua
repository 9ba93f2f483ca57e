-- wrk script for bench/webhook.py: distinct /help updates from many users, as Telegram posts them.
--
--   wrk ... -s bench/webhook.lua <url> -- <secret> <first update_id> <users> <first user id>
--
-- Request n carries update_id first+n from user (first+n) mod users: every update is new to
-- the server, and each user sends one per `users` requests (under the throttle limit). Each
-- answer is checked: a non-200, or a 200 without the reply (sendMessage in the webhook's
-- answer), is counted, and the bench fails on any.

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   secret = args[1]
   first_update = tonumber(args[2])
   users = tonumber(args[3])
   first_user = tonumber(args[4])
   -- Paced: each connection waits this many ms after an answer before its next request.
   local pause_ms = tonumber(args[5])
   if pause_ms then
      delay = function() return pause_ms end
   end
   sent, answered, non200, no_reply = 0, 0, 0, 0
   headers = {
      ["Content-Type"] = "application/json",
      ["X-Telegram-Bot-Api-Secret-Token"] = secret,
   }
end

function request()
   local update_id = first_update + sent
   local user = first_user + update_id % users
   sent = sent + 1
   local body = string.format(
      '{"update_id":%d,"message":{"message_id":%d,"date":%d,'
         .. '"chat":{"id":%d,"type":"private","first_name":"Bench"},'
         .. '"from":{"id":%d,"is_bot":false,"first_name":"Bench","language_code":"en"},'
         .. '"text":"/help","entities":[{"type":"bot_command","offset":0,"length":5}]}}',
      update_id, sent, os.time(), user, user)
   return wrk.format("POST", nil, headers, body)
end

function response(status, headers, body)
   answered = answered + 1
   if status ~= 200 then
      non200 = non200 + 1
   elseif not body:find("sendMessage", 1, true) then
      no_reply = no_reply + 1
   end
end

function done(summary, latency, requests)
   local sent, answered, non200, no_reply = 0, 0, 0, 0
   for _, thread in ipairs(threads) do
      sent = sent + thread:get("sent")
      answered = answered + thread:get("answered")
      non200 = non200 + thread:get("non200")
      no_reply = no_reply + thread:get("no_reply")
   end
   local errors = summary.errors
   io.write(string.format(
      "bench requests=%d duration_us=%d sent=%d answered=%d non200=%d no_reply=%d "
         .. "p50_us=%d p99_us=%d p999_us=%d errors=%d\n",
      summary.requests, summary.duration, sent, answered, non200, no_reply,
      latency:percentile(50), latency:percentile(99), latency:percentile(99.9),
      errors.connect + errors.read + errors.write + errors.timeout))
end
