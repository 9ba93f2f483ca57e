"""Signals, /apikey, the affiliate program, the fallback answers and the middlewares' refusals
in Russian: the labels are translated, the market data (instruments, prices, the engine's
note) is shown as the engine sent it, and no English sentence slips through."""

import re
from datetime import UTC, datetime

from app.money import Money
from app.services.entitlements import EntitlementService
from models import GrantSource, User
from tests import updates
from tests.conftest import ADMIN_ID, a_button_press, send
from tests.speech import assert_russian, labels
from tests.test_affiliates import DAY, link_of, program, start
from tests.test_signals import ingest

RU = {"language_code": "ru"}


async def register(client, user_id=updates.USER_ID, premium=False):
    await send(client, updates.message("/start", user_id=user_id, **RU))
    user = await User.get(telegram_id=user_id)
    if premium:
        await EntitlementService().grant(
            user, ["premium"], 30, GrantSource.ADMIN, "t", datetime.now(UTC)
        )
    return user


async def test_a_signal_card_speaks_russian_around_the_market_data(client, telegram):
    signal = await ingest(client)
    await register(client, premium=True)

    await send(client, updates.message("/signals", **RU))

    card = telegram.called("sendMessage")[-1]
    assert card.params["text"].startswith(
        "🟢 ПОКУПКА EURUSD · H1 · премиум\n"
        "Вход 1.0850–1.0860 · Стоп 1.0800\n"
        "Цели 1.0900 · 1.0950\n"
        "⏳ осталось 3 ч 0 мин"
    )
    assert card.params["text"].endswith(f"ECB at 14:15\nСигнал №{signal.id}")
    assert labels(card) == ["Подтвердить", "Пропустить"]
    assert_russian(card.params["text"], "ECB at 14:15")

    await send(client, updates.callback_query(f"sig:approve:{signal.id}", **RU))

    answer = telegram.called("answerCallbackQuery")[-1].params["text"]
    assert answer == f"Сигнал №{signal.id} подтверждён: ваш торговый терминал его подхватит."
    assert "· ✅ подтверждён" in telegram.called("editMessageText")[-1].params["text"]


async def test_a_teaser_and_the_premium_refusal_in_russian(client, telegram):
    await ingest(client)
    await register(client)

    await send(client, updates.message("/signals", **RU))
    teaser = telegram.called("sendMessage")[-1]
    await send(client, updates.message("/approve 1", **RU))

    assert teaser.params["text"] == (
        "⭐ Премиум-сигнал: EURUSD · H1 · ⏳ осталось 3 ч 0 мин\n"
        "Вход, стоп-лосс и цели видны участникам с премиум-доступом."
    )
    assert labels(teaser) == ["Посмотреть тарифы"]
    refusal = telegram.called("sendMessage")[-1]
    assert refusal.params["text"] == (
        "⭐ Команда /approve входит в премиум-доступ. Узнайте, сколько он стоит для вас:"
    )
    assert labels(refusal) == ["Посмотреть тарифы"]


async def test_api_key_and_its_status_in_russian(client, telegram):
    await register(client, premium=True)

    await send(client, updates.message("/apikey", **RU))
    await send(client, updates.message("/apikey status", **RU))
    await send(client, updates.message("/apikey please", **RU))

    issued, status, usage = telegram.sent_texts()[-3:]
    assert issued.startswith("Ваш ключ для API подтверждений.")
    assert status.startswith("Ваш API-ключ sk_")
    assert "создан только что (" in status and "г. " in status  # a Russian date
    assert status.endswith(
        "и ещё не использовался.\nОн работает, пока действует ваш премиум-доступ.\n"
        "/apikey new заменит его, /apikey revoke — отключит."
    )
    for text in (issued, status, usage):
        assert_russian(text)


async def test_affiliate_program_in_russian(client, telegram):
    await register(client)

    await send(client, updates.message("/affiliate", **RU))
    await send(client, updates.message("/stats", **RU))  # not joined yet
    offer = telegram.called("sendMessage")[-2]
    await send(client, updates.callback_query("aff:join", **RU))
    await send(client, updates.message("/stats", **RU))
    await send(client, updates.message("/payout", **RU))

    assert offer.params["text"].startswith("Партнёрская программа\n\nВы получаете 20 % с каждой")
    assert "через 30 дней после покупки" in offer.params["text"]
    assert labels(offer) == ["Вступить в программу"]
    assert telegram.sent_texts()[-3] == "Сначала вступите в программу: /affiliate"
    assert telegram.screen().startswith("Доступно сейчас: пока ничего. Выплаты — от ")
    assert "50,00\xa0$" in telegram.screen()  # money the Russian way
    stats = telegram.sent_texts()[-2]
    assert stats == (
        "Ваши рефералы\n30 дней / всё время\nПереходы: 0 / 0\nРегистрации: 0 / 0\n"
        "Платящие рефералы: 0 / 0\nЗаработок: пока нет"
    )
    for call in telegram.shown()[-5:]:
        assert_russian(call.params["text"])


async def test_unknown_commands_text_and_old_buttons_in_russian(client, telegram):
    await register(client)

    await send(client, updates.message("/sgnals", **RU))
    await send(client, updates.message("/sgnals", **RU))
    await send(client, updates.message("привет", **RU))
    await send(client, updates.callback_query("poll:7", **RU))

    first, again, text = telegram.sent_texts()[-3:]
    lead = "Извините, я не знаю команды /sgnals. Возможно, вы имели в виду /signals?"
    assert first.startswith(f"{lead}\n\nДоступные вам команды:\n\nОбщее")
    assert "/signals — Последние торговые сигналы" in first
    assert again == f"{lead} Всё, что я умею, — в /help."
    assert text == "Я отвечаю на команды. Отправьте /help, чтобы их увидеть."
    assert telegram.called("answerCallbackQuery")[-1].params["text"] == (
        "Эта кнопка больше не работает. Отправьте /help, чтобы увидеть, что доступно."
    )


async def test_throttling_in_russian_with_russian_counts(client, telegram):
    for _ in range(11):  # THROTTLE_RATE is 10 in the tests
        await send(client, updates.message("/help", **RU))

    notice = telegram.sent_texts()[-1]
    assert notice.startswith("Вы отправляете запросы быстрее, чем я успеваю отвечать.")
    assert re.search(r"через \d+ (секунду|секунды|секунд)\.$", notice)


async def test_group_pointers_and_errors_in_russian(client, telegram):
    await register(client, premium=True)
    group = {"chat_id": -100, "chat_type": "supergroup", **RU}

    await send(client, updates.message("/signals", **group))
    await send(client, updates.callback_query("shop:open", **group))
    await send(client, updates.message("/apikey", user_id=31337, **group))

    assert telegram.sent_texts(-100)[0] == "Я ответил вам в личном чате."
    assert telegram.called("answerCallbackQuery")[-1].params["text"] == (
        "Эти кнопки работают в личном чате со мной: отправьте команду там."
    )
    assert telegram.sent_texts(-100)[-1] == (
        "Откройте личный чат со мной, нажмите «Запустить» и отправьте там /apikey."
    )

    update = await a_button_press(client)
    update["callback_query"]["from"]["language_code"] = "ru"
    telegram.fail("answerCallbackQuery", 400, "Bad Request: message text is empty")
    await send(client, update)

    assert telegram.sent_texts()[-1] == (
        "Извините, у нас что-то пошло не так. Если это повторится, напишите в поддержку и "
        f"укажите код #{update['update_id']}."
    )


async def test_a_payout_request_in_russian_to_the_member_and_the_admin(client, telegram):
    await send(client, updates.message("/start", user_id=ADMIN_ID, **RU))
    await send(client, updates.message("/start", user_id=1, **RU))
    payload = await link_of(client, telegram, 1)
    await start(client, 2, payload)
    buyer = await User.get(telegram_id=2)
    await program.record_sale("big", buyer, Money(30000, "USD"), datetime.now(UTC) - 31 * DAY)

    await send(client, updates.message("/payout", user_id=1, **RU))

    assert telegram.sent_texts(1)[-1] == (
        "Выплата запрошена: 60,00\xa0$. Мы свяжемся с вами, чтобы перевести деньги."
    )
    [alert] = telegram.sent_texts(ADMIN_ID)[1:]  # after its own /start's welcome
    assert alert.startswith("Запрошена выплата №")
    assert "от @alice (1): 60,00\xa0$. Когда выплатите, отметьте: python -m app" in alert
