"""Per user and minute: THROTTLE_RATE commands (one polite answer, then silence) and
THROTTLE_STEP_RATE button presses and messages (every press answered); payments and admins
pass, and a visit to the shop never meets the limit."""

from models import Plan, Quote, TelegramWebhook, UpdateStatus
from tests import updates
from tests.conftest import ADMIN_ID, load_example_catalog, send, webhook_reply

HELP_REPLY = "Here is what I can do"
TEXT_REPLY = "I answer commands. Send /help to see them."


async def flood(client, count, user_id=updates.USER_ID, text="/help"):
    sent = [updates.message(text, user_id=user_id) for _ in range(count)]
    for update in sent:
        assert (await send(client, update)).status == 200
    return sent


async def test_the_first_command_over_the_limit_gets_one_polite_answer(client, telegram):
    sent = await flood(client, 13)  # THROTTLE_RATE is 10 in the tests

    texts = telegram.sent_texts()
    assert all(text.startswith(HELP_REPLY) for text in texts[:10])
    assert len(texts) == 11
    assert texts[10].startswith(
        "You're sending requests faster than I can keep up with. Please try again in "
    )
    seconds = int(texts[10].removesuffix(" seconds.").removesuffix(" second.").rsplit(" ", 1)[1])
    assert 1 <= seconds <= 60
    statuses = [(await TelegramWebhook.get(update_id=u["update_id"])).status for u in sent]
    assert statuses == [UpdateStatus.SUCCESS] * 10 + [UpdateStatus.THROTTLED] * 3


async def test_messages_that_are_not_commands_have_a_larger_allowance(client, telegram):
    await flood(client, 31, text="hi")  # THROTTLE_STEP_RATE is 30 by default

    texts = telegram.sent_texts()
    assert texts[:30] == [TEXT_REPLY] * 30
    assert texts[30].startswith("You're sending requests faster than I can keep up with.")


async def test_every_throttled_button_press_is_answered_with_an_alert(client, telegram):
    await send(client, updates.message("/start"))
    for _ in range(30):
        assert (await send(client, updates.callback_query("shop:open"))).status == 200
    telegram.reset()

    for _ in range(3):  # a spinner that never stops is what users met before
        reply = await webhook_reply(await send(client, updates.callback_query("shop:open")))
        assert reply["method"] == "answerCallbackQuery"
        assert reply["text"].startswith("Too many taps at once. Please try again in ")
        assert reply["show_alert"] == "true"
    # Answered in the webhook's answer: the bot itself made no Bot API call for them.
    assert all(call.in_webhook_answer for call in telegram.calls)


async def test_a_full_shop_visit_is_never_throttled(client, telegram):
    """/start, /shop, a plan, "Promo code" and a run of code attempts: 15 updates in a minute."""
    await load_example_catalog()
    monthly = await Plan.get(code="premium_monthly")
    await send(client, updates.message("/start"))
    await send(client, updates.message("/shop"))
    await send(client, updates.callback_query(f"plan:{monthly.id}"))
    await send(client, updates.callback_query(f"quote:promo:{(await Quote.get()).id.hex}"))
    for attempt in range(11):
        await send(client, updates.message(f"WRONG{attempt}"))

    refusals = [t for t in telegram.sent_texts() if t.startswith("There is no such promo code")]
    assert len(refusals) == 11
    assert await TelegramWebhook.filter(status=UpdateStatus.THROTTLED).count() == 0


async def test_commands_over_the_limit_do_not_stop_buttons(client, telegram):
    await send(client, updates.message("/start"))
    await flood(client, 12)

    reply = await webhook_reply(await send(client, updates.callback_query("shop:open")))

    assert reply is None  # not throttled: the button did its work
    assert telegram.called("answerCallbackQuery")


async def test_each_user_has_their_own_window(client, telegram):
    await flood(client, 11, user_id=1)

    await send(client, updates.message("/help", user_id=2))

    assert telegram.sent_texts(2)[0].startswith(HELP_REPLY)


async def test_admins_are_never_throttled(client, telegram):
    await flood(client, 15, user_id=ADMIN_ID)

    texts = telegram.sent_texts(ADMIN_ID)
    assert len(texts) == 15 and all(text.startswith(HELP_REPLY) for text in texts)


async def test_payment_updates_pass_a_throttled_user(client, telegram):
    await flood(client, 11)
    await flood(client, 31, text="hi")
    pre_checkout, payment = updates.pre_checkout_query(), updates.successful_payment()

    await send(client, pre_checkout)
    await send(client, payment)

    # Pre-checkout is answered ahead of the throttle (and the journal); the payment is served.
    assert len(telegram.called("answerPreCheckoutQuery")) == 1
    row = await TelegramWebhook.get(update_id=payment["update_id"])
    assert row.status == UpdateStatus.SUCCESS


async def test_updates_without_a_sender_are_not_throttled(client):
    channel_posts = [
        {
            "update_id": updates.next_update_id(),
            "channel_post": {
                "message_id": n,
                "date": 1,
                "chat": {"id": -100999, "type": "channel", "title": "News"},
                "text": "post",
            },
        }
        for n in range(12)
    ]
    for update in channel_posts:
        await send(client, update)

    rows = await TelegramWebhook.filter(update_type="channel_post")
    assert len(rows) == 12
    assert all(row.status == UpdateStatus.IGNORED and row.telegram_user_id is None for row in rows)


async def test_a_blocked_user_does_not_break_the_throttle_notice(client, telegram):
    await flood(client, 10)
    telegram.block_bot()

    response = await send(client, updates.message("/help"))

    assert response.status == 200
    assert (await TelegramWebhook.filter(status=UpdateStatus.THROTTLED).count()) == 1


async def test_a_redelivered_update_at_the_limit_is_served_not_throttled(client, telegram):
    await send(client, updates.message("/start"))
    await flood(client, 8)
    # The tenth command: asked in a group, it is answered privately by a Bot API call, which
    # fails, so Telegram redelivers it.
    tenth = updates.message("/subscription", chat_id=-100555, chat_type="supergroup")
    telegram.fail("sendMessage", 502, "Bad Gateway")
    assert (await send(client, tenth)).status == 503

    redelivered = await send(client, tenth)

    assert redelivered.status == 200
    assert (await TelegramWebhook.get(update_id=tenth["update_id"])).status == UpdateStatus.SUCCESS
    assert telegram.sent_texts(updates.USER_ID)[-1] == "You have no premium access yet."


async def test_group_chatter_does_not_use_up_the_allowance_nor_draws_a_notice(client, telegram):
    group = -1001234
    for _ in range(35):
        await send(client, updates.message("gm everyone", chat_id=group, chat_type="supergroup"))

    await send(client, updates.message("/help"))

    assert telegram.sent_texts(group) == []
    assert telegram.sent_texts(updates.USER_ID)[0].startswith(HELP_REPLY)
    assert await TelegramWebhook.filter(status=UpdateStatus.THROTTLED).count() == 0


async def test_commands_in_a_group_count_and_the_notice_goes_to_that_chat(client, telegram):
    group = -1001234
    for _ in range(11):
        await send(client, updates.message("/help", chat_id=group, chat_type="supergroup"))

    texts = telegram.sent_texts(group)
    assert len(texts) == 11
    assert texts[-1].startswith("You're sending requests faster")
