"""Updates Telegram may send, or a fuzzer may make: whatever the body, the webhook answers with
a status below 500 (400 with a reason for what cannot be an Update), and a valid Update never
crashes a handler."""

import json

import pytest

from models import Plan, Quote, Signal, SignalApproval, TelegramWebhook, UpdateStatus, User
from tests import updates
from tests.conftest import load_example_catalog, send
from tests.test_signals import ingest, register

APOLOGY = "Sorry, something went wrong"


def apologies(telegram):
    return [text for text in telegram.sent_texts() if text.startswith(APOLOGY)]


async def test_a_long_username_and_language_code_are_stored_cut(client, telegram):
    update = updates.message("/start", username="u" * 40, language_code="x" * 40)

    await send(client, update)
    await send(client, updates.message("/help", username="u" * 40, language_code="x" * 40))

    assert apologies(telegram) == []
    user = await User.get(telegram_id=updates.USER_ID)
    assert (user.username, user.language_code) == ("u" * 32, "x" * 16)


@pytest.mark.parametrize("name", ["A\x00lice", "\ud800lice", "Al\udfffice"])
async def test_nul_and_lone_surrogates_in_names_are_stored_cleaned(client, telegram, name):
    update = updates.message("/start", first_name=name)

    response = await client.post(
        "/api/v1/telegram/webhook",
        data=json.dumps(update),  # \\u escapes, as Telegram would send them
        headers={"X-Telegram-Bot-Api-Secret-Token": "test-secret_0123456789"},
    )

    assert response.status == 200
    assert apologies(telegram) == []
    stored = (await User.get(telegram_id=updates.USER_ID)).first_name
    assert "\x00" not in stored and stored.encode("utf-8")


@pytest.mark.parametrize(
    "data", ["plan:2147483648", "trial:2147483648", "plan:-1", "trial:0", "apikey:replace:0"]
)
async def test_button_numbers_no_row_can_have_are_stale_buttons(client, telegram, data):
    await load_example_catalog()
    await send(client, updates.message("/start"))

    await send(client, updates.callback_query(data))

    assert apologies(telegram) == []
    answer = telegram.called("answerCallbackQuery")[-1]
    assert answer.params["text"] == "This button no longer works. Send /help to see what does."


async def test_a_message_without_a_sender_is_not_a_crash(client, telegram):
    update = updates.message("/start")
    del update["message"]["from"]

    assert (await send(client, update)).status == 200

    assert apologies(telegram) == []
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert row.status in (UpdateStatus.SUCCESS, UpdateStatus.IGNORED)


async def test_approve_on_a_message_telegram_no_longer_shows_still_answers(client, telegram):
    signal = await ingest(client)
    await register(client, premium=True)
    pressed = updates.callback_query(f"sig:approve:{signal.id}")
    message = pressed["callback_query"]["message"]
    del message["text"]
    message["date"] = 0  # an inaccessible message

    await send(client, pressed)

    assert apologies(telegram) == []
    assert await SignalApproval.filter(signal=signal).count() == 1
    assert telegram.called("answerCallbackQuery")[-1].params["text"].endswith("will pick it up.")
    assert await Signal.all().count() == 1


async def test_a_promo_code_with_nul_is_just_not_a_code(client, telegram):
    await load_example_catalog()
    await send(client, updates.message("/start"))
    monthly = await Plan.get(code="premium_monthly")
    await send(client, updates.callback_query(f"plan:{monthly.id}"))
    await send(client, updates.callback_query(f"quote:promo:{(await Quote.get()).id.hex}"))

    await send(client, updates.message("SAVE\x0010"))

    assert apologies(telegram) == []
    assert telegram.sent_texts()[-1].startswith("There is no such promo code")
