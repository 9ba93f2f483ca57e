"""/shop in the bot: this user's prices, a quote per plan, promo codes, trials, and quote ids
that are checked, never trusted."""

import asyncio
import uuid
from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from app.services.promos import PromoService
from models import (
    EntitlementGrant,
    GrantSource,
    Order,
    OrderStatus,
    Plan,
    Quote,
    QuoteStatus,
    User,
)
from tests import updates
from tests.conftest import load_example_catalog, send


@pytest.fixture
async def shop_client(client):
    await load_example_catalog()
    await send(client, updates.message("/start"))
    return client


def keyboard(call):
    return [button for row in call.json("reply_markup")["inline_keyboard"] for button in row]


async def tap(client, data, user_id=updates.USER_ID):
    response = await send(client, updates.callback_query(data, user_id=user_id))
    assert response.status == 200


async def test_the_shop_lists_products_and_plans_with_this_users_prices(shop_client, telegram):
    await send(shop_client, updates.message("/shop"))

    call = telegram.called("sendMessage")[-1]
    # One blank line between sections, none at the end; each discount says why.
    assert call.params["text"] == (
        "Premium access\n\n"
        "Premium signals\n"
        "Every premium signal, with one-tap approval for your execution terminal.\n"
        "• 1 month — ⭐ 760 instead of ⭐ 950 (newcomer offer, 20 % off)\n"
        "• 12 months — ⭐ 7,600 instead of ⭐ 9,500 (newcomer offer, 20 % off)\n"  # from USD
        "• Lifetime — ⭐ 19,600 instead of ⭐ 24,500 (newcomer offer, 20 % off)\n\n"
        "VIP channel\n"
        "The private channel with live commentary, on top of premium signals.\n"
        "• 1 month — ⭐ 2,450"
    )
    monthly = await Plan.get(code="premium_monthly")
    buttons = keyboard(call)
    assert {
        "text": "Premium signals · 1 month — ⭐ 760",
        "callback_data": f"plan:{monthly.id}",
    } in buttons
    assert any(b["text"] == "Try Premium signals free for 3 days" for b in buttons)


async def test_picking_a_plan_turns_the_shop_into_a_quote_with_its_lines(shop_client, telegram):
    monthly = await Plan.get(code="premium_monthly")

    pressed = updates.callback_query(f"plan:{monthly.id}")
    await send(shop_client, pressed)

    quote = await Quote.get()
    call = telegram.shown()[-1]
    assert call.method == "editMessageText"  # in place: no trail of stale buttons
    assert call.params["message_id"] == str(pressed["callback_query"]["message"]["message_id"])
    assert call.params["text"] == (
        "Premium signals · 1 month (30 days)\n\nPrice: ⭐ 950\nNewcomer offer, 20 % off: -⭐ 190\n"
        "Total: ⭐ 760\nThis price holds for 15 minutes."
    )
    assert [b["callback_data"] for b in keyboard(call)] == [
        f"quote:buy:{quote.id.hex}",
        f"quote:promo:{quote.id.hex}",
        "shop:back",
    ]
    assert (quote.total_amount, quote.currency) == (760, "XTR")


async def test_back_to_the_shop_turns_the_quote_into_the_shop(shop_client, telegram):
    await tap(shop_client, "shop:back")

    call = telegram.shown()[-1]
    assert call.method == "editMessageText"
    assert call.params["text"].startswith("Premium access")


async def test_a_promo_code_re_quotes_and_a_bad_one_says_why(shop_client, telegram):
    await PromoService().create("SAVE10", percent=Decimal(10))
    await PromoService().create(
        "LATE", percent=Decimal(10), valid_until=datetime.now(UTC) - timedelta(days=1)
    )
    monthly = await Plan.get(code="premium_monthly")
    await tap(shop_client, f"plan:{monthly.id}")
    first = await Quote.get()

    pressed = updates.callback_query(f"quote:promo:{first.id.hex}")
    await send(shop_client, pressed)
    assert telegram.sent_texts()[-1] == "Send me the promo code (or /shop to go back)."
    await send(shop_client, updates.message("late"))
    assert (
        telegram.sent_texts()[-1]
        == "This promo code has expired. Send another code, or /shop to go back."
    )
    await send(shop_client, updates.message("save10"))

    text = telegram.sent_texts()[-1]
    assert "Promo code SAVE10, 10 % off: -⭐ 76\nTotal: ⭐ 684" in text
    # The quote it replaces keeps its text and loses its buttons.
    [superseded] = telegram.called("editMessageReplyMarkup")
    assert superseded.params["message_id"] == str(
        pressed["callback_query"]["message"]["message_id"]
    )
    assert "reply_markup" not in superseded.params
    await send(shop_client, updates.message("hello"))  # the dialog is over
    assert telegram.sent_texts()[-1] == "I answer commands. Send /help to see them."


@pytest.mark.parametrize("forged", ["not-a-uuid", uuid.uuid4().hex])
async def test_a_forged_quote_id_gets_a_fresh_shop(shop_client, telegram, forged):
    await tap(shop_client, f"quote:buy:{forged}")

    answer = telegram.called("answerCallbackQuery")[-1]
    assert answer.params["text"] == "That price has expired; here is the current one."
    assert telegram.screen().startswith("Premium access")


async def test_someone_elses_quote_is_not_yours(shop_client, telegram):
    monthly = await Plan.get(code="premium_monthly")
    await tap(shop_client, f"plan:{monthly.id}")
    alices = await Quote.get()
    await send(shop_client, updates.message("/start", user_id=2002))

    await tap(shop_client, f"quote:buy:{alices.id.hex}", user_id=2002)

    answer = telegram.called("answerCallbackQuery")[-1]
    assert answer.params["text"] == "That price has expired; here is the current one."


async def test_an_expired_quote_gets_a_fresh_shop(shop_client, telegram):
    monthly = await Plan.get(code="premium_monthly")
    await tap(shop_client, f"plan:{monthly.id}")
    quote = await Quote.get()
    await Quote.filter(id=quote.id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))

    await tap(shop_client, f"quote:buy:{quote.id.hex}")

    assert (
        telegram.called("answerCallbackQuery")[-1]
        .params["text"]
        .startswith("That price has expired")
    )


async def test_a_plan_no_longer_on_sale_is_said_so(shop_client, telegram):
    monthly = await Plan.get(code="premium_monthly")
    await Plan.filter(id=monthly.id).update(active=False)

    await tap(shop_client, f"plan:{monthly.id}")

    assert telegram.screen() == "That plan is no longer on sale."


async def test_the_trial_starts_once(shop_client, telegram):
    premium = (await Plan.get(code="premium_monthly").prefetch_related("product")).product

    await tap(shop_client, f"trial:{premium.id}")
    await tap(shop_client, f"trial:{premium.id}")

    assert telegram.screen() == (
        "Your 3-day free trial of Premium signals has started. /subscription shows what you have."
    )
    assert (
        telegram.called("answerCallbackQuery")[-1].params["text"]
        == "You have had this trial already."
    )
    await send(shop_client, updates.message("/shop"))
    assert not any(
        b["text"].startswith("Try ") for b in keyboard(telegram.called("sendMessage")[-1])
    )


async def test_the_renew_and_upsell_button_opens_the_shop_below_its_message(shop_client, telegram):
    await tap(shop_client, "shop:open")

    assert telegram.shown()[-1].method == "sendMessage"  # the reminder or offer stays
    assert telegram.sent_texts()[-1].startswith("Premium access")


async def test_strangers_are_asked_to_start_first(shop_client, telegram):
    monthly = await Plan.get(code="premium_monthly")

    await tap(shop_client, f"plan:{monthly.id}", user_id=31337)

    answer = telegram.called("answerCallbackQuery")[-1]
    assert (answer.params["text"], answer.params["show_alert"]) == (
        "Please send /start first.",
        "true",
    )
    assert telegram.sent_texts(31337) == []
    assert not await Quote.filter(user__telegram_id=31337).exists()
    assert await User.filter(telegram_id=31337).count() == 0


async def test_shop_leaves_the_promo_code_dialog(shop_client, telegram):
    monthly = await Plan.get(code="premium_monthly")
    await tap(shop_client, f"plan:{monthly.id}")
    await tap(shop_client, f"quote:promo:{(await Quote.get()).id.hex}")

    await send(shop_client, updates.message("/shop"))
    await send(shop_client, updates.message("hello"))

    assert telegram.sent_texts()[-1] == "I answer commands. Send /help to see them."


async def free_quote(client, telegram):
    """A quote made free by a 100 % promo code, the way a user gets one."""
    await PromoService().create("GIFT", percent=Decimal(100), max_uses=5)
    monthly = await Plan.get(code="premium_monthly")
    await tap(client, f"plan:{monthly.id}")
    await tap(client, f"quote:promo:{(await Quote.get()).id.hex}")
    await send(client, updates.message("gift"))
    quote = await Quote.filter(total_amount=0).get()
    assert keyboard(telegram.called("sendMessage")[-1])[0] == {
        "text": "Get it free",
        "callback_data": f"quote:buy:{quote.id.hex}",
    }
    return quote


async def test_get_it_free_gives_the_access_at_once_and_uses_the_code(shop_client, telegram):
    quote = await free_quote(shop_client, telegram)

    await tap(shop_client, f"quote:buy:{quote.id.hex}")

    assert telegram.screen() == (
        "🎉 Premium signals · 1 month is yours, free (30 days). /subscription shows what you have."
    )
    user = await User.get(telegram_id=updates.USER_ID)
    [grant] = await EntitlementGrant.filter(user=user)
    order = await Order.get(quote_id=quote.id)
    assert (grant.key, grant.source, grant.source_ref, grant.duration_days) == (
        "premium",
        GrantSource.PROMO,
        f"order:{order.id}",
        30,
    )
    assert (order.amount, order.status) == (0, OrderStatus.FULFILLED)
    usage = await PromoService().usage("GIFT", datetime.now(UTC))
    assert (usage.redeemed, usage.reserved) == (1, 0)
    assert (await Quote.get(id=quote.id)).status == QuoteStatus.PAID
    await send(shop_client, updates.message("/subscription"))
    assert "Premium signals — ends in 30 days" in telegram.sent_texts()[-1]


async def test_get_it_free_pressed_again_or_twice_at_once_gives_the_access_once(
    shop_client, telegram
):
    quote = await free_quote(shop_client, telegram)

    await asyncio.gather(*(tap(shop_client, f"quote:buy:{quote.id.hex}") for _ in range(3)))
    await tap(shop_client, f"quote:buy:{quote.id.hex}")

    assert await EntitlementGrant.all().count() == 1
    assert (
        telegram.called("answerCallbackQuery")[-1].params["text"]
        == "That is done already. /subscription shows what you have."
    )
    usage = await PromoService().usage("GIFT", datetime.now(UTC))
    assert usage.redeemed == 1


async def test_a_button_on_a_message_too_old_to_edit_answers_with_a_new_message(
    shop_client, telegram
):
    pressed = updates.callback_query("shop:back")
    # How Telegram sends a message the bot may no longer see: its ids and a date of 0.
    message = pressed["callback_query"]["message"]
    del message["text"]
    message["date"] = 0

    await send(shop_client, pressed)

    assert telegram.shown()[-1].method == "sendMessage"
    assert telegram.sent_texts()[-1].startswith("Premium access")
