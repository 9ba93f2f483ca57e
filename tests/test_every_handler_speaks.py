"""Every command and every button answers in the user's language: each journey below is walked
in English and in Russian, and everything the user is shown (texts, buttons, alerts, invoices,
payment-form refusals) is checked: no Cyrillic in English, no English in Russian. A coverage
test makes sure the journeys drive every built-in command and every kind of button."""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from aiogram.filters.callback_data import CallbackData

import handlers  # noqa: F401 (every CallbackData class is defined on import)
from app.services.catalog import CatalogService, read_catalog
from app.services.commands import BUILTIN_COMMANDS
from app.services.entitlements import EntitlementService
from models import GrantSource, Plan, Quote, Signal, User
from tests import updates
from tests.conftest import ADMIN_ID, send
from tests.test_signals import post_signal, signal_body

# Names and codes a text may hold in any language: brands, the test catalog's product (admin
# data, sent as written), the test user's name, currency codes (all capitals are skipped).
NAMES = {"Telegram", "Stars", "Stripe", "Alpha", "Alice", "Checkout", "Customer", "Portal", "API"}
LANGUAGE_NAMES = {"English", "Русский"}  # /language names each language in itself
CYRILLIC = re.compile("[А-Яа-яЁё]")
# Stripped before looking: commands with the arguments users type after them, links, mentions
# (and, see without_marked, what code entities show: keys, codes).
ARGUMENTS = "on|off|new|status|revoke|pause|resume|cancel|stop|en|ru|ID|ORDER|reason|DAYS"
NOT_WORDS = re.compile(rf"/[a-z_0-9@]+(?:[ |](?:{ARGUMENTS})\b)*|https?://\S+|t\.me/\S+|@\w+")
TOKEN = re.compile(r"[\w'’-]+")
MARKED_TYPES = {"code", "pre", "url", "email", "mention", "bot_command", "cashtag", "hashtag"}

INVOICE_METHODS = ("sendInvoice", "createInvoiceLink", "answerPreCheckoutQuery")
CATALOG = """
[[products]]
code = "alpha"
title = "Alpha"
description = "Alpha"
entitlements = ["premium"]
trial_days = 3
order = 1

  [[products.plans]]
  code = "alpha_30"
  title = "Alpha 30"
  duration_days = 30
  stars_subscription = true
  prices = { USD = "19.00", XTR = 950 }
  order = 1
"""


def without_marked(text: str, entities: list[dict[str, Any]] | None) -> str:
    """The text without what its code, link and command entities cover (offsets in UTF-16)."""
    if not entities:
        return text
    encoded = text.encode("utf-16-le")
    for entity in sorted(entities, key=lambda e: -e["offset"]):
        if entity["type"] in MARKED_TYPES:
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            encoded = encoded[:start] + b" \x00" + encoded[end:]
    return encoded.decode("utf-16-le")


def english_words(text: str) -> list[str]:
    text = NOT_WORDS.sub(" ", text)
    return [
        token
        for token in TOKEN.findall(text)
        if token.isascii()
        and token.isalpha()
        and len(token) >= 3
        and not token.isupper()
        and token not in NAMES
    ]


def leaks(language: str, text: str) -> list[str]:
    text = text.removeprefix("✓ ")  # the language in use, ticked
    if language == "en":
        return [] if text in LANGUAGE_NAMES else CYRILLIC.findall(text)
    return [] if text in LANGUAGE_NAMES else english_words(text)


def shown_texts(call: Any) -> list[tuple[str, list[dict[str, Any]] | None]]:
    """What a Bot API call shows the user: its text or caption (with entities), its buttons,
    an alert, an invoice's words, a payment form's refusal."""
    params = call.params

    def entities(name: str) -> list[dict[str, Any]] | None:
        value = params.get(name)
        if value is None:
            return None
        return json.loads(value) if isinstance(value, str) else value

    found: list[tuple[str, list[dict[str, Any]] | None]] = []
    for name, entity_name in (("text", "entities"), ("caption", "caption_entities")):
        if name in params and call.method != "answerCallbackQuery":
            found.append((params[name], entities(entity_name)))
    if call.method == "answerCallbackQuery" and params.get("text"):
        found.append((params["text"], None))
    for name in ("title", "description", "error_message"):
        if call.method in INVOICE_METHODS and params.get(name):
            found.append((params[name], None))
    if call.method in ("sendInvoice", "createInvoiceLink"):
        found += [(price["label"], None) for price in call.json("prices")]
    if "reply_markup" in params:
        markup = call.json("reply_markup") or {}
        for row in markup.get("inline_keyboard", []):
            found += [(button["text"], None) for button in row]
    return found


def buttons_of(call: Any) -> list[str]:
    if "reply_markup" not in call.params:
        return []
    markup = call.json("reply_markup") or {}
    return [
        button["callback_data"]
        for row in markup.get("inline_keyboard", [])
        for button in row
        if "callback_data" in button
    ]


Step = str | tuple[str, str] | Callable[..., Awaitable[Any]]


@dataclass
class Walk:
    client: Any
    telegram: Any
    language: str
    user_id: int = updates.USER_ID
    typed: set[str] = field(default_factory=set)
    pressed: set[str] = field(default_factory=set)
    problems: list[str] = field(default_factory=list)

    def latest_buttons(self, prefix: str) -> list[str]:
        for call in reversed(self.telegram.calls):
            data = [d for d in buttons_of(call) if d.startswith(prefix)]
            if data:
                return data
        raise AssertionError(f"no button {prefix}… on screen")

    async def press(self, data: str) -> None:
        self.pressed.add(data.split(":", 1)[0])
        await send(self.client, updates.callback_query(data, user_id=self.user_id))

    async def step(self, step: Step) -> None:
        seen = len(self.telegram.calls)
        if isinstance(step, str):
            if step.startswith("/"):
                self.typed.add(step[1:].split()[0])
            await send(self.client, updates.message(step, user_id=self.user_id))
            name = step
        elif isinstance(step, tuple):
            how, prefix = step
            # "first"/"each": buttons on screen; "data": pressed as is (an old message's button)
            data = [prefix] if how == "data" else self.latest_buttons(prefix)
            for each in data if how == "each" else data[:1]:
                await self.press(each)
            name = f"{how} {prefix}"
        else:
            await step(self)
            name = step.__name__
        for call in self.telegram.calls[seen:]:
            for text, entities in shown_texts(call):
                found = leaks(self.language, without_marked(text, entities))
                if found:
                    self.problems.append(f"{name} → {call.method}: {text!r} ({found})")


async def quote_for(walk: Walk) -> Quote:
    plan = await Plan.get(code="alpha_30")
    await walk.press(f"plan:{plan.id}")
    quote = await Quote.filter(plan=plan).order_by("-created_at").first()
    assert quote is not None
    return quote


async def promo_code(walk: Walk) -> None:
    quote = await quote_for(walk)
    await walk.press(f"quote:promo:{quote.id.hex}")
    await send(walk.client, updates.message("NOSUCHCODE", user_id=walk.user_id))


async def buy_and_pay(walk: Walk) -> None:
    quote = await quote_for(walk)
    await walk.press(f"quote:buy:{quote.id.hex}")
    # A Stars subscription is paid through a link (createInvoiceLink), other plans by invoice.
    invoice = [
        call for call in walk.telegram.calls if call.method in ("sendInvoice", "createInvoiceLink")
    ][-1].params
    amount = json.loads(invoice["prices"])[0]["amount"]
    await send(
        walk.client,
        updates.pre_checkout_query(user_id=walk.user_id, payload=invoice["payload"], amount=amount),
    )
    walk.telegram.star_transactions.append(
        walk.telegram.star_transaction(f"charge-{walk.user_id}", amount, walk.user_id)
    )
    await send(
        walk.client,
        updates.successful_payment(
            user_id=walk.user_id,
            payload=invoice["payload"],
            amount=amount,
            charge_id=f"charge-{walk.user_id}",
            recurring=True,
            first_recurring=True,
        ),
    )


async def forged_invoice(walk: Walk) -> None:
    await send(walk.client, updates.pre_checkout_query(user_id=walk.user_id))


async def a_signal(walk: Walk) -> None:
    if await Signal.exists():  # an earlier journey's
        return
    response = await post_signal(walk.client, signal_body(note="14:15"))
    assert response.status == 201


async def premium(walk: Walk) -> None:
    user = await User.get(telegram_id=walk.user_id)
    await EntitlementService().grant(
        user, ["premium"], None, GrantSource.ADMIN, "journey", datetime.now(UTC)
    )


async def approve_first_signal(walk: Walk) -> None:
    await send(walk.client, updates.message("/approve 1", user_id=walk.user_id))
    walk.typed.add("approve")


async def a_sticker(walk: Walk) -> None:
    update = updates.message("", user_id=walk.user_id)
    del update["message"]["text"]
    update["message"]["sticker"] = {
        "file_id": "s1",
        "file_unique_id": "u1",
        "type": "regular",
        "width": 1,
        "height": 1,
        "is_animated": False,
        "is_video": False,
    }
    await send(walk.client, update)


async def a_stale_button(walk: Walk) -> None:
    await walk.press("gone:button")


async def choose_the_same_language(walk: Walk) -> None:
    await walk.press(f"lang:{walk.language}")


async def run_command_button(walk: Walk) -> None:
    await walk.press("run:signals")


async def refund_the_order(walk: Walk) -> None:
    await send(walk.client, updates.message("/refund 1 journey", user_id=walk.user_id))


JOURNEYS: dict[str, list[Step]] = {
    "newcomer": [
        "/help",  # before /start: answered to everyone
        "/shop",  # asks for /start first
        "/start",
        ("each", ""),  # the tour: next, skip
        "/help",
        ("each", ""),  # each page of the menu
        "/language",
        choose_the_same_language,
        "/nosuchcommand",
        "/shpo",
        "hello",
        a_sticker,
        a_stale_button,
        "/terms",
        "/paysupport",
        "/orders",
        "/subscription",
        ("first", "shop:"),
        "/checkout",
        "/billing",
        "/notifications",
        "/notifications off",
        "/notifications on",
        a_signal,
        "/signals",
        "/apikey",
        approve_first_signal,
        run_command_button,
    ],
    "shopper": [
        "/start",
        "/shop",
        ("first", "trial:"),
        "/shop",
        promo_code,
        forged_invoice,
        buy_and_pay,
        "/subscription",
        ("first", "stars_sub:"),
        ("data", "channel:invite"),
        "/orders",
        "/checkout",
    ],
    "signals": [
        "/start",
        premium,
        a_signal,
        "/signals",
        ("first", "sig:approve"),
        ("first", "sig:skip"),
        approve_first_signal,
        "/apikey",
        "/apikey new",
        ("first", "apikey:keep"),
        "/apikey status",
        "/apikey revoke",
    ],
    "affiliate": [
        "/start",
        "/affiliate",
        ("first", "aff:"),
        "/referral_link",
        "/stats",
        "/payout",
    ],
    "admin": [
        "/start",
        "/shop",
        buy_and_pay,
        "/refund",
        refund_the_order,
        "/broadcast",
        "/broadcast new",
        "🚀 12:00",  # the admin's own words are sent as written: none here
        ("first", "bc:audience"),
        ("first", "bc:discard"),
    ],
}


async def walk_journey(client, telegram, language: str, journey: str, folder: Path) -> Walk:
    catalog = folder / "catalog.toml"
    catalog.write_text(CATALOG, encoding="utf-8")
    await CatalogService(100).apply(read_catalog(catalog))
    # A user of their own per journey: one journey's trial or purchase changes another's shop.
    user_id = ADMIN_ID if journey == "admin" else updates.USER_ID + list(JOURNEYS).index(journey)
    walk = Walk(client, telegram, language, user_id)
    for step in JOURNEYS[journey]:
        await walk.step(step)
    return walk


@pytest.mark.parametrize("journey", list(JOURNEYS))
@pytest.mark.parametrize("language", ["en", "ru"])
async def test_every_answer_is_in_the_users_language(
    client, telegram, monkeypatch, tmp_path, language, journey
):
    monkeypatch.setattr(updates, "LANGUAGE", language)

    walk = await walk_journey(client, telegram, language, journey, tmp_path)

    assert len(telegram.calls) > len(JOURNEYS[journey])  # the bot answered along the way
    assert not walk.problems, f"{len(walk.problems)} answers not in {language}:\n" + "\n".join(
        walk.problems
    )


async def test_the_journeys_drive_every_command_and_every_button(client, telegram, tmp_path):
    typed: set[str] = set()
    pressed: set[str] = set()
    for journey in JOURNEYS:
        walk = await walk_journey(client, telegram, "en", journey, tmp_path)
        typed |= walk.typed
        pressed |= walk.pressed

    assert {spec.command for spec in BUILTIN_COMMANDS} <= typed
    prefixes = {cls.__prefix__ for cls in all_callback_data()}
    assert prefixes <= pressed, f"never pressed: {prefixes - pressed}"


def all_callback_data() -> list[type[CallbackData]]:
    found, pending = [], list(CallbackData.__subclasses__())
    while pending:
        cls = pending.pop()
        found.append(cls)
        pending += cls.__subclasses__()
    return found
