"""Groups: one member's prices, access, keys, earnings and premium signals are answered in
their private chat, never posted to the group; buttons on group messages act for nobody."""

import json
import time
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.services.promos import PromoService
from app.services.signals import signature_of
from models import ApiKey, Plan, Quote, Signal, SignalApproval, User
from tests import updates
from tests.conftest import SIGNALS_SECRET, load_example_catalog, send
from tests.fakes.telegram import BOT_USERNAME
from tests.test_signals import register

GROUP = -1001234567890
ALICE, BOB = updates.USER_ID, 2002
ANSWERED_PRIVATELY = "I've answered you in our private chat."
PRIVATE_CHAT = {"text": "Open in private chat", "url": f"https://t.me/{BOT_USERNAME}"}


def in_group(text, user_id=ALICE):
    return updates.message(text, user_id=user_id, chat_id=GROUP, chat_type="supergroup")


async def post_premium_signal(client):
    body = json.dumps(
        {
            "external_id": "eng-1",
            "instrument": "EURUSD",
            "side": "buy",
            "entry": "1.0850",
            "stop_loss": "1.0800",
            "take_profits": ["1.0900"],
            "timeframe": "H1",
            "valid_until": (datetime.now(UTC) + timedelta(hours=3)).isoformat(),
            "tier": "premium",
        }
    ).encode()
    timestamp = str(int(time.time()))
    response = await client.post(
        "/api/v1/signals",
        data=body,
        headers={
            "Content-Type": "application/json",
            "X-Timestamp": timestamp,
            "X-Signature": signature_of(SIGNALS_SECRET, timestamp, body),
        },
    )
    assert response.status == 201
    return await Signal.get()


def group_pointer(telegram):
    """The one message the group got: a reply pointing to the private chat."""
    [call] = [c for c in telegram.called("sendMessage") if int(c.params["chat_id"]) == GROUP]
    return call


async def test_premium_signals_asked_for_in_a_group_go_to_the_private_chat(client, telegram):
    signal = await post_premium_signal(client)
    await register(client, premium=True)
    telegram.reset()

    await send(client, in_group(f"/signals@{BOT_USERNAME}"))

    [private] = telegram.sent_texts(ALICE)
    assert "Entry 1.0850 · SL 1.0800" in private
    pointer = group_pointer(telegram)
    assert pointer.params["text"] == ANSWERED_PRIVATELY
    assert pointer.json("reply_markup")["inline_keyboard"] == [[PRIVATE_CHAT]]
    assert json.loads(pointer.params["reply_parameters"])["message_id"] > 0  # a reply to Alice
    assert "1.0850" not in json.dumps(telegram.sent_texts(GROUP))
    buttons = telegram.called("sendMessage")[0].json("reply_markup")["inline_keyboard"][0]
    assert [b["callback_data"] for b in buttons] == [
        f"sig:approve:{signal.id}",
        f"sig:skip:{signal.id}",
    ]


@pytest.mark.parametrize(
    ("command", "private_start"),
    [
        ("/shop", "Premium access"),
        ("/subscription", "Your access"),
        ("/stats", "Join the program first"),
        ("/payout", "Join the program first"),
        ("/affiliate", "Affiliate program"),
        ("/checkout", "Premium access"),
    ],
)
async def test_personal_answers_go_to_the_private_chat(client, telegram, command, private_start):
    await load_example_catalog()
    await register(client, premium=True)
    telegram.reset()

    await send(client, in_group(command))

    assert telegram.sent_texts(ALICE)[-1].startswith(private_start)
    assert telegram.sent_texts(GROUP) == [ANSWERED_PRIVATELY]


async def test_an_api_key_asked_for_in_a_group_is_sent_privately(client, telegram):
    await register(client, premium=True)
    telegram.reset()

    await send(client, in_group("/apikey"))

    assert "sk_" in telegram.sent_texts(ALICE)[-1]
    assert telegram.sent_texts(GROUP) == [ANSWERED_PRIVATELY]
    assert await ApiKey.all().count() == 1


async def test_the_premium_offer_for_a_group_command_goes_to_the_private_chat(client, telegram):
    await register(client)  # not premium
    telegram.reset()

    await send(client, in_group("/approve 1"))

    assert telegram.sent_texts(ALICE) == [
        "⭐ /approve comes with premium access. See what it costs for you:"
    ]
    assert telegram.sent_texts(GROUP) == [ANSWERED_PRIVATELY]


async def test_a_member_the_bot_cannot_write_to_is_told_how_to_open_the_private_chat(
    client, telegram
):
    await load_example_catalog()
    await register(client)
    telegram.reset()
    telegram.fail("sendMessage", 403, "Forbidden: bot can't initiate conversation with a user")

    await send(client, in_group("/shop"))

    pointer = group_pointer(telegram)
    assert pointer.params["text"] == (
        "I can't write to you yet: open a private chat with me, press Start, then send /shop there."
    )
    assert pointer.json("reply_markup")["inline_keyboard"] == [[PRIVATE_CHAT]]


async def test_a_stranger_in_a_group_is_pointed_to_the_private_chat(client, telegram):
    await send(client, in_group("/subscription", user_id=31337))

    assert telegram.sent_texts(GROUP) == [
        "Open a private chat with me and press Start, then send /subscription there."
    ]
    assert await User.filter(telegram_id=31337).count() == 0


async def test_what_is_meant_for_the_group_stays_in_the_group(client, telegram):
    await register(client)
    telegram.reset()

    await send(client, in_group("/help"))
    await send(client, in_group("/referral_link"))  # a link is made to be shared

    help_text, link_text = telegram.sent_texts(GROUP)
    assert help_text.startswith("Here is what I can do")
    assert link_text.startswith("Your personal link:")
    assert telegram.sent_texts(ALICE) == []


async def test_buttons_on_a_group_message_act_for_nobody(client, telegram):
    """Signal buttons an older release posted in a group: a free member pressing Skip must
    not take them away for everyone, nor may anyone approve through them."""
    signal = await post_premium_signal(client)
    await register(client, premium=True)
    await register(client, BOB, premium=True)
    telegram.reset()

    for data in (f"sig:skip:{signal.id}", f"sig:approve:{signal.id}", "shop:open"):
        await send(
            client, updates.callback_query(data, user_id=BOB, chat_id=GROUP, chat_type="supergroup")
        )

    answers = telegram.called("answerCallbackQuery")
    assert [(a.params["text"], a.params["show_alert"]) for a in answers] == [
        ("These buttons work in your private chat with me: send the command there.", "true")
    ] * 3
    assert [c.method for c in telegram.calls] == ["answerCallbackQuery"] * 3  # nothing edited
    assert await SignalApproval.all().count() == 0


async def test_the_promo_code_dialog_asked_for_in_a_group_runs_in_the_private_chat(
    client, telegram
):
    await load_example_catalog()
    await PromoService().create("SAVE10", percent=Decimal(10))
    await register(client)
    await send(client, in_group("/shop"))
    monthly = await Plan.get(code="premium_monthly")

    await send(client, updates.callback_query(f"plan:{monthly.id}"))
    await send(client, updates.callback_query(f"quote:promo:{(await Quote.get()).id.hex}"))
    await send(client, updates.message("save10"))

    assert "Promo code SAVE10, 10 % off: -⭐ 76\nTotal: ⭐ 684" in telegram.sent_texts(ALICE)[-1]
    assert telegram.sent_texts(GROUP) == [ANSWERED_PRIVATELY]
