"""What the bot says outside an update, in each recipient's language: reminders and expiry
notices, a premium signal's fan-out, the word to admins; and the admin commands (/refund,
/broadcast) in the admin's language while the buyer is told in theirs."""

from datetime import UTC, datetime, timedelta

import pytest

from app.bot import create_bot
from app.container import build_services
from app.i18n import _, use
from app.jobs import Maintenance
from app.services.entitlements import EntitlementService
from app.services.signals import Visible
from app.signal_cards import render
from app.web import SERVICES, create_app
from models import Broadcast, GrantSource, Order, Signal, User
from tests import updates
from tests.conftest import ADMIN_ID, load_example_catalog, make_settings, send
from tests.speech import assert_russian, labels
from tests.test_broadcasts import run_until_done
from tests.test_payments import buy, pay
from tests.test_signals import post_signal, signal_body

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
CHANNEL = -1009876543210
NOT_ADMIN = "Bad Request: not enough rights to restrict/unrestrict chat member"
service = EntitlementService()


@pytest.fixture
async def bot_settings(db, telegram):
    return make_settings(db, telegram, premium_channel={"id": CHANNEL})


@pytest.fixture
async def bot(bot_settings):
    bot = create_bot(bot_settings)
    yield bot
    await bot.session.close()


async def subscriber(telegram_id: int, **speech) -> User:
    user = await User.create(telegram_id=telegram_id, first_name="Bob", **speech)
    await service.grant(user, ["premium"], 30, GrantSource.ORDER, f"order-{telegram_id}", NOW)
    return user


async def test_reminders_and_expiry_notices_reach_each_user_in_their_language(
    bot_settings, bot, telegram
):
    await subscriber(501, language_code="ru")
    await subscriber(502, language_code="en")
    # Chose Russian with /language, though Telegram says English.
    await subscriber(503, language="ru", language_code="en")
    runner = Maintenance(build_services(bot_settings, bot, None))

    await runner.run(NOW + 27 * DAY + timedelta(hours=12))  # 2.5 days left
    await runner.run(NOW + 30 * DAY)

    russian = [
        "Ваш доступ к «premium» закончится через 3 дня (26 дек. 2026\u202fг. 12:00 UTC). "
        "Продлите его, чтобы не потерять.",
        "Ваш доступ к «premium» закончился. Продлите его, чтобы вернуть.",
    ]
    assert telegram.sent_texts(501) == russian
    assert telegram.sent_texts(503) == russian
    assert telegram.sent_texts(502) == [
        "Your access to premium ends in 3 days (Dec 26, 2026 12:00 UTC). Renew to keep it.",
        "Your access to premium has ended. Renew to get it back.",
    ]
    for chat_id, renew in ((501, "Продлить"), (502, "Renew"), (503, "Продлить")):
        assert {tuple(labels(call)) for call in telegram.delivered(chat_id)} == {(renew,)}
    for text in russian:
        assert_russian(text)


async def test_admins_are_warned_in_their_own_language(bot_settings, bot, telegram):
    """The channel refused a removal: the user's notice and the admin's warning each go in
    the reader's language."""
    await User.create(telegram_id=ADMIN_ID, first_name="Admin", language="ru")
    await subscriber(555, language_code="en")
    runner = Maintenance(build_services(bot_settings, bot, None))
    telegram.fail("banChatMember", 400, NOT_ADMIN)

    await runner.run(NOW + 30 * DAY)

    assert telegram.sent_texts(555) == ["Your access to premium has ended. Renew to get it back."]
    (warning,) = telegram.sent_texts(ADMIN_ID)
    assert warning.startswith(
        f"⚠️ Премиум-канал: Telegram отказался удалить пользователя 555: {NOT_ADMIN}. "
    )
    assert_russian(warning, NOT_ADMIN)


async def test_a_premium_signal_reaches_each_member_in_their_language(client, telegram):
    ru, en = (
        await User.create(telegram_id=61, first_name="Ivan", language_code="ru"),
        await User.create(telegram_id=62, first_name="Jane", language_code="en"),
    )
    chose = await User.create(telegram_id=63, first_name="Anna", language="ru", language_code="en")
    for member in (ru, en, chose):
        await service.grant(member, ["premium"], 30, GrantSource.ADMIN, "test", datetime.now(UTC))

    await post_signal(client, signal_body(external_id="fan-1"))
    fan_out = await Broadcast.get(signal__external_id="fan-1")
    await run_until_done(client.app[SERVICES].broadcaster, fan_out.id)

    signal = await Signal.get(external_id="fan-1")
    item = Visible(signal, full=True, expired=False, approved=False)

    def card(language: str) -> tuple[list[str], list[str]]:
        """The card's lines but the one with the time left (it moves by the minute)."""
        with use(language):
            lines = render(item, datetime.now(UTC)).splitlines()
            buttons = [_("Approve"), _("Skip")]
        return [line for line in lines if not line.startswith("⏳")], buttons

    sent = {}
    for chat_id in (61, 62, 63):
        (call,) = telegram.delivered(chat_id)
        lines = call.params["text"].splitlines()
        sent[chat_id] = ([line for line in lines if not line.startswith("⏳")], labels(call))
    assert sent[61] == sent[63] == card("ru")
    assert sent[62] == card("en")
    assert sent[61] != sent[62]  # the Russian card is not the English one
    assert "Entry 1.0850–1.0860 · SL 1.0800" in sent[62][0]
    assert sent[61][1] != ["Approve", "Skip"]
    for line in sent[61][0][:-2]:  # the engine's note and the number are left as they are
        assert "Entry" not in line and "BUY" not in line


async def test_a_russian_admin_refunds_in_russian_and_the_buyer_is_told_in_english(
    client, telegram
):
    await load_example_catalog()
    await send(client, updates.message("/start", language_code="en"))
    await send(client, updates.message("/start", user_id=ADMIN_ID, language_code="ru"))
    await pay(client, telegram, await buy(client, telegram))
    order = await Order.get()

    await send(client, updates.message(f"/refund {order.id}", user_id=ADMIN_ID, language_code="ru"))
    await send(client, updates.message(f"/refund {order.id}", user_id=ADMIN_ID, language_code="ru"))

    done, again = telegram.sent_texts(ADMIN_ID)[-2:]
    assert done.startswith(f"Заказ #{order.id} возвращён: покупателю вернули ⭐")
    assert done.endswith("Покупатель уведомлён.")
    assert again == f"Заказ #{order.id} уже возвращён."
    for text in (done, again):
        assert_russian(text)
    assert telegram.sent_texts(updates.USER_ID)[-1] == (
        f"Your payment of ⭐ 19,600 for order #{order.id} was refunded to your Telegram Stars "
        "balance."
    )


async def test_the_broadcast_dialog_speaks_the_admins_language_and_sends_their_words(
    client, telegram
):
    def admin(text: str):
        return updates.message(text, user_id=ADMIN_ID, language_code="ru")

    await send(client, admin("/start"))
    await send(client, updates.message("/start", user_id=91, language_code="en"))

    await send(client, admin("/broadcast new"))
    prompt = telegram.sent_texts(ADMIN_ID)[-1]
    await send(client, admin("Большие новости"))
    audiences = telegram.called("sendMessage")[-1]
    await send(client, admin("nobody"))
    unknown = telegram.sent_texts(ADMIN_ID)[-1]
    await send(client, admin("all"))

    preview, question = telegram.sent_texts(ADMIN_ID)[-2:]
    draft = await Broadcast.get(created_by=ADMIN_ID)
    assert prompt.startswith("Пришлите сообщение для рассылки")
    assert labels(audiences) == [
        "Все",
        "Премиум-подписчики",
        "Бесплатные пользователи",
        "Ушедшие за 30 дней",
        "Партнёры",
    ]
    assert unknown.startswith("Такой аудитории я не знаю.")
    assert unknown.endswith("Попробуйте ещё раз или отправьте /broadcast stop.")
    assert preview == "Большие новости"  # the admin's words, as written
    assert question == (
        f"Выше — рассылка #{draft.id} в том виде, в каком она придёт всем пользователям: "
        "сегодня это 2 получателя."
    )
    assert labels(telegram.called("sendMessage")[-1]) == ["Отправить сейчас", "Удалить"]

    await send(client, admin(f"/broadcast {draft.id}"))
    card = telegram.called("sendMessage")[-1]
    await send(client, admin(f"/broadcast resume {draft.id}"))
    refused = telegram.sent_texts(ADMIN_ID)[-1]
    assert labels(card) == ["Отменить", "Обновить"]
    assert refused == (
        f"Рассылку #{draft.id} нельзя продолжить: это можно только с приостановленной."
    )
    for text in (prompt, unknown, question, card.params["text"], refused):
        assert_russian(text)


@pytest.mark.parametrize(
    ("language", "teaser", "button"),
    [("en", "⭐ Premium signal", "Get premium"), ("ru", "⭐ Премиум-сигнал", "Получить премиум")],
)
async def test_the_channel_teaser_is_in_the_channels_language(
    aiohttp_client, clean_state, telegram, language, teaser, button
):
    settings = make_settings(
        clean_state, telegram, signals_channel_id=CHANNEL, signals_channel_language=language
    )
    client = await aiohttp_client(create_app(settings))

    assert (await post_signal(client, signal_body(external_id="teased"))).status == 201
    fan_out = await Broadcast.get(signal__external_id="teased")
    await run_until_done(client.app[SERVICES].broadcaster, fan_out.id)

    (sent,) = telegram.delivered(CHANNEL)
    assert sent.params["text"].startswith(teaser)
    assert labels(sent) == [button]
