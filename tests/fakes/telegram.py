"""A fake Bot API HTTP server. The bot reaches it through TELEGRAM_API_URL, so tests exercise
aiogram's real session. It records every call and can answer with Telegram's own errors."""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

BOT_ID = 123456789
BOT_USERNAME = "signals_test_bot"
BOT_TOKEN = f"{BOT_ID}:AAHtestTokenForTheFakeBotApiServer_0"
NO_WEBHOOK = {"url": "", "has_custom_certificate": False, "pending_update_count": 0}
# Marks a call the tests carry out for Telegram: a method the bot returned in its webhook answer.
WEBHOOK_REPLY_HEADER = "X-Fake-Webhook-Reply"
# The methods that send a message to a chat, which Telegram paces.
SEND_METHODS = frozenset({"sendMessage", "sendPhoto", "sendDocument"})


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    in_webhook_answer: bool = False  # returned in the webhook's answer, not called by the bot
    at: float = field(default_factory=time.monotonic)  # when it arrived
    outcome: int = 200  # the HTTP status it was answered with

    def json(self, name: str) -> Any:
        """A parameter aiogram sent JSON-encoded, like reply_markup or commands."""
        return json.loads(self.params[name])


@dataclass
class Failure:
    status: int
    description: str
    times: int
    retry_after: int | None = None


@dataclass
class FakeTelegram:
    calls: list[Call] = field(default_factory=list)
    failures: dict[str, Failure] = field(default_factory=dict)
    delays: dict[str, float] = field(default_factory=dict)
    webhook: dict[str, Any] = field(default_factory=lambda: dict(NO_WEBHOOK))
    # What getUpdates hands out, for the polling mode.
    pending_updates: list[dict[str, Any]] = field(default_factory=list)
    # The bot's Stars transactions as getStarTransactions lists them, oldest first; a refund
    # made through refundStarPayment is added, and a second refund of a charge is refused.
    star_transactions: list[dict[str, Any]] = field(default_factory=list)
    refunded_charges: set[str] = field(default_factory=set)
    # Run before answering a method: a test's way to have something happen meanwhile.
    hooks: dict[str, Callable[[dict[str, Any]], Awaitable[None]]] = field(default_factory=dict)
    # Chats whose messages Telegram refuses, with the status and description it answers.
    refused_chats: dict[int, tuple[int, str]] = field(default_factory=dict)
    # Telegram's flood control on messages: more than this many a second is answered 429,
    # and so is every message until the retry_after it gave has passed.
    flood_limit: int | None = None
    flood_retry_after: int = 1
    _flood_until: float = 0.0
    _message_ids: itertools.count = field(default_factory=lambda: itertools.count(1000))

    def app(self) -> web.Application:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        return app

    def fail(
        self,
        method: str,
        status: int,
        description: str,
        *,
        times: int = 1,
        retry_after: int | None = None,
    ) -> None:
        """Answer the next `times` calls of `method` with a Telegram error."""
        self.failures[method] = Failure(status, description, times, retry_after)

    def delay(self, method: str, seconds: float) -> None:
        """Answer `method` only after `seconds`, like a Bot API that hangs."""
        self.delays[method] = seconds

    def block_bot(self, times: int = 1) -> None:
        self.fail("sendMessage", 403, "Forbidden: bot was blocked by the user", times=times)

    def flood(self, retry_after: int) -> None:
        """Answer 429 with this retry_after to every message from now until it has passed."""
        self._flood_until = time.monotonic() + retry_after
        self.flood_retry_after = retry_after

    def _flooded(self, call: Call) -> int | None:
        """The retry_after of a 429 this message gets, if any."""
        if call.method not in SEND_METHODS:
            return None
        if call.at < self._flood_until:
            return max(1, round(self._flood_until - call.at))
        if self.flood_limit is not None:
            recent = [
                c
                for c in self.calls
                if c.method in SEND_METHODS and c.outcome == 200 and c.at > call.at - 1
            ]
            if len(recent) >= self.flood_limit:
                self.flood(self.flood_retry_after)
                return self.flood_retry_after
        return None

    def delivered(self, chat_id: int | None = None) -> list[Call]:
        """Messages (text, photo, document) the bot sent on its own and Telegram accepted, in
        order (answers in a webhook response are not among them)."""
        return [
            call
            for call in self.calls
            if call.method in SEND_METHODS
            and call.outcome == 200
            and not call.in_webhook_answer
            and (chat_id is None or int(call.params["chat_id"]) == chat_id)
        ]

    def called(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        return [
            call.params["text"]
            for call in self.called("sendMessage")
            if chat_id is None or int(call.params["chat_id"]) == chat_id
        ]

    def shown(self, chat_id: int | None = None) -> list[Call]:
        """What the user saw, in order: messages sent and messages edited in place."""
        return [
            call
            for call in self.calls
            if call.method in ("sendMessage", "editMessageText")
            and (chat_id is None or int(call.params["chat_id"]) == chat_id)
        ]

    def screen(self, chat_id: int | None = None) -> str:
        """The text of the last message sent or edited."""
        return self.shown(chat_id)[-1].params["text"]

    @staticmethod
    def star_transaction(
        charge_id: str, amount: int, user_id: int, *, refund: bool = False, date: int | None = None
    ) -> dict[str, Any]:
        """A StarTransaction as getStarTransactions returns it: a user's payment (from them) or
        its refund (to them), which keeps the payment's id."""
        partner = {
            "type": "user",
            "transaction_type": "invoice_payment",
            "user": {"id": user_id, "is_bot": False, "first_name": "Alice"},
        }
        side = "receiver" if refund else "source"
        return {
            "id": charge_id,
            "amount": amount,
            "date": date or int(time.time()),
            side: partner,
        }

    def invoices(self, chat_id: int | None = None) -> list[Call]:
        return [
            call
            for call in self.called("sendInvoice")
            if chat_id is None or int(call.params["chat_id"]) == chat_id
        ]

    def reset(self) -> None:
        self.calls.clear()
        self.failures.clear()
        self.delays.clear()
        self.hooks.clear()

    async def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset", 0))
        self.pending_updates = [u for u in self.pending_updates if u["update_id"] >= offset]
        if not self.pending_updates:
            await asyncio.sleep(0.05)  # a short long-poll
        return self.pending_updates

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.content_type == "application/json":
            params = await request.json()
        else:
            params = dict(await request.post())
        call = Call(method, params, WEBHOOK_REPLY_HEADER in request.headers)
        self.calls.append(call)
        retry_after = self._flooded(call)
        if retry_after is not None:
            call.outcome = 429
            return web.json_response(
                {
                    "ok": False,
                    "error_code": 429,
                    "description": f"Too Many Requests: retry after {retry_after}",
                    "parameters": {"retry_after": retry_after},
                },
                status=429,
            )
        refused = self.refused_chats.get(int(params.get("chat_id") or 0))
        if refused is not None and method in SEND_METHODS:
            call.outcome = refused[0]
            return web.json_response(
                {"ok": False, "error_code": refused[0], "description": refused[1]},
                status=refused[0],
            )
        if method in self.delays:
            await asyncio.sleep(self.delays[method])
        if method in self.hooks:
            await self.hooks.pop(method)(params)
        failure = self.failures.get(method)
        if failure is not None:
            call.outcome = failure.status
            failure.times -= 1
            if failure.times <= 0:
                del self.failures[method]
            body: dict[str, Any] = {
                "ok": False,
                "error_code": failure.status,
                "description": failure.description,
            }
            if failure.retry_after is not None:
                body["parameters"] = {"retry_after": failure.retry_after}
            return web.json_response(body, status=failure.status)
        if method == "getUpdates":
            return web.json_response({"ok": True, "result": await self._get_updates(params)})
        if method == "refundStarPayment":
            charge_id = params["telegram_payment_charge_id"]
            if charge_id in self.refunded_charges:
                return web.json_response(
                    {
                        "ok": False,
                        "error_code": 400,
                        "description": "Bad Request: CHARGE_ALREADY_REFUNDED",
                    },
                    status=400,
                )
            self.refunded_charges.add(charge_id)
            paid = [t["amount"] for t in self.star_transactions if t["id"] == charge_id]
            self.star_transactions.append(
                self.star_transaction(
                    charge_id, paid[0] if paid else 0, int(params["user_id"]), refund=True
                )
            )
        return web.json_response({"ok": True, "result": self._result(method, params)})

    def _result(self, method: str, params: dict[str, Any]) -> Any:
        if method == "getMe":
            return {
                "id": BOT_ID,
                "is_bot": True,
                "first_name": "Signals",
                "username": BOT_USERNAME,
            }
        if method == "getStarTransactions":
            offset, limit = int(params.get("offset", 0)), int(params.get("limit", 100))
            return {"transactions": self.star_transactions[offset : offset + limit]}
        if method == "createInvoiceLink":
            return f"https://t.me/$invoice{next(self._message_ids)}"
        if method == "sendInvoice":
            chat_id = int(params["chat_id"])
            return {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Signals"},
                "invoice": {
                    "title": params["title"],
                    "description": params["description"],
                    "start_parameter": "",
                    "currency": params["currency"],
                    "total_amount": json.loads(params["prices"])[0]["amount"],
                },
            }
        if method in SEND_METHODS:
            chat_id = int(params["chat_id"])
            sent = {
                "message_id": next(self._message_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Signals"},
            }
            if method == "sendPhoto":
                photo = {
                    "file_id": params["photo"],
                    "file_unique_id": "u1",
                    "width": 1,
                    "height": 1,
                }
                return {**sent, "photo": [photo], "caption": params.get("caption", "")}
            if method == "sendDocument":
                document = {"file_id": params["document"], "file_unique_id": "u2"}
                return {**sent, "document": document, "caption": params.get("caption", "")}
            return {**sent, "text": params.get("text", "")}
        if method == "setWebhook":
            self.webhook = {
                **NO_WEBHOOK,
                "url": params["url"],
                "max_connections": int(params.get("max_connections", 40)),
                "allowed_updates": json.loads(params.get("allowed_updates", "[]")),
            }
            return True
        if method == "deleteWebhook":
            self.webhook = dict(NO_WEBHOOK)
            return True
        if method == "getWebhookInfo":
            return self.webhook
        if method == "createChatInviteLink":
            return {
                "invite_link": f"https://t.me/+invite{next(self._message_ids)}",
                "creator": {"id": BOT_ID, "is_bot": True, "first_name": "Signals"},
                "creates_join_request": False,
                "is_primary": False,
                "is_revoked": False,
                "member_limit": int(params["member_limit"]),
            }
        return True


if __name__ == "__main__":
    # `python -m tests.fakes.telegram [PORT]`: the fake on its own, to try the bot without
    # Telegram (the README's "Try it without Telegram"). It answers BOT_TOKEN's bot.
    import sys

    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8081
    print(f"Fake Bot API on http://127.0.0.1:{port}, for BOT_TOKEN={BOT_TOKEN}", flush=True)
    web.run_app(FakeTelegram().app(), host="127.0.0.1", port=port, print=None)
