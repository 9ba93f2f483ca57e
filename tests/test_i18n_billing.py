"""Buying in Russian: /shop, quotes and promo codes, invoices, payment-form refusals,
/subscription, /orders, /paysupport, and the words app/texts.py builds (refunds, quote lines,
broadcast headlines), with English as it was."""

from datetime import UTC, datetime, timedelta

import pytest

from app.config import PaymentSettings
from app.i18n import date, use
from app.money import Money
from app.services.pricing import Line
from app.texts import headline, quote_line, refund_notice, refusal
from handlers.billing.orders import DEFAULT_ANSWERS
from models import Broadcast, BroadcastStatus, Plan, Quote, StarSubscription, User
from tests import updates
from tests.conftest import ROOT, load_example_catalog, send
from tests.speech import assert_russian, labels
from tests.test_payments import buy, pre_checkout, tap
from tests.test_subscriptions_refunds import subscribe


@pytest.fixture
async def shop(client, monkeypatch):
    """The example catalog and a user whose Telegram speaks Russian."""
    monkeypatch.setattr(updates, "LANGUAGE", "ru")
    await load_example_catalog()
    await send(client, updates.message("/start"))
    return client


async def test_the_shop_a_quote_and_a_promo_code_speak_russian(shop, telegram):
    await send(shop, updates.message("/shop"))

    call = telegram.called("sendMessage")[-1]
    text = call.params["text"]
    assert text.startswith("Премиум-доступ\n\n")
    # The newcomer offer says why, in Russian; the price is Stars, written the same way.
    assert "— ⭐ 760 вместо ⭐ 950 (предложение для новичков, скидка 20 %)" in text
    assert_russian(text)
    assert any(label.startswith("Попробовать") for label in labels(call))

    monthly = await Plan.get(code="premium_monthly")
    await tap(shop, f"plan:{monthly.id}")
    quote_screen = telegram.screen()
    assert "\n\nЦена: ⭐ 950\nПредложение для новичков, скидка 20 %: -⭐ 190\n" in quote_screen
    assert quote_screen.endswith("Итого: ⭐ 760\nЦена действует 15 минут.")
    assert_russian(quote_screen)
    assert labels(telegram.shown()[-1]) == ["Купить за ⭐ 760", "Промокод", "Назад в магазин"]

    quote = await Quote.get()
    await tap(shop, f"quote:promo:{quote.id.hex}")
    assert telegram.sent_texts()[-1] == "Отправьте мне промокод (или /shop, чтобы вернуться)."
    await send(shop, updates.message("NOSUCHCODE"))
    assert telegram.sent_texts()[-1] == (
        "Такого промокода нет. Проверьте написание и попробуйте ещё раз. "
        "Отправьте другой код или /shop, чтобы вернуться."
    )


async def test_an_invoice_and_the_payment_form_refusals_speak_russian(shop, telegram):
    invoice = await buy(shop, telegram)

    assert invoice["description"].endswith("(навсегда, заказ #1)")
    assert_russian(invoice["description"])

    forged = await pre_checkout(shop, telegram, invoice, payload="order:1:forged-token-0123456789")
    assert forged["ok"] == "false"
    assert forged["error_message"] == (
        "Этот счёт недействителен. Отправьте /shop, чтобы сделать покупку."
    )
    changed = await pre_checkout(shop, telegram, invoice, amount=1)
    assert changed["error_message"].startswith("Цена изменилась.")
    # Today's price is offered in the chat, in the same language.
    offer = telegram.called("sendMessage")[-1]
    assert offer.params["text"] == "Цена в этом счёте больше не действует. Вот актуальная:"
    assert labels(offer) == ["Узнать актуальную цену"]


async def test_the_payment_form_speaks_the_language_chosen_with_language(client, telegram):
    """Telegram in English, Russian chosen in the bot: the refusal follows the choice."""
    await load_example_catalog()
    await send(client, updates.message("/start"))
    await User.filter(telegram_id=updates.USER_ID).update(language="ru")

    response = await send(client, updates.pre_checkout_query())

    assert response.status == 200
    refused = telegram.called("answerPreCheckoutQuery")[-1].params
    assert refused["error_message"].startswith("Этот счёт недействителен.")


async def test_subscription_orders_and_a_cancelled_renewal_speak_russian(shop, telegram):
    await subscribe(shop, telegram)
    subscription = await StarSubscription.get()

    await send(shop, updates.message("/subscription"))
    call = telegram.called("sendMessage")[-1]
    screen = call.params["text"]
    assert screen.startswith("Ваш доступ\n")
    assert "продлится через 30 дней (" in screen
    assert "если вы не отключили продление в Telegram." in screen
    assert "Отменить продление · " in labels(call)[0]
    assert "Продлить" in labels(call)

    await tap(shop, f"stars_sub:cancel:{subscription.id}")
    assert telegram.screen().startswith("Продление отменено. Доступ действует до ")
    assert " UTC; до этого момента продление можно снова разрешить в /subscription." in (
        telegram.screen()
    )

    await send(shop, updates.message("/orders"))
    orders = telegram.sent_texts()[-1]
    assert orders.startswith("Ваши заказы\n#1 · ")
    assert " · ⭐ 760 · оплачен\n" in orders
    assert orders.endswith("Если что-то не так — /paysupport.")


async def test_paysupport_and_terms_translate_their_defaults_only(client, telegram):
    defaults = PaymentSettings.model_fields
    assert (defaults["support"].default, defaults["terms"].default) == DEFAULT_ANSWERS

    await send(client, updates.message("/paysupport", language_code="ru"))
    await send(client, updates.message("/terms", language_code="ru"))

    support, terms = telegram.sent_texts()[-2:]
    assert support.startswith("Вопросы по оплате?")
    assert terms.startswith("Премиум-доступ — цифровая услуга")
    assert_russian(support)
    assert_russian(terms)


def test_texts_built_from_facts_read_russian_and_english_stays():
    promo = Line("promo", Money(-76, "XTR"), {"percent_bp": 1250, "code": "SAVE"})
    with use("ru"):
        assert quote_line(promo) == "промокод SAVE, скидка 12,5 %"
        assert refund_notice(Money(950, "XTR"), 12) == (
            "Ваш платёж на ⭐ 950 за заказ #12 возвращён на баланс Telegram Stars."
        )
        assert refund_notice(Money(1900, "USD"), None, by_card=True).startswith(
            "Ваш платёж на 19,00"
        )
    assert quote_line(promo) == "promo code SAVE, 12.5 % off"
    assert refund_notice(Money(950, "XTR"), 12) == (
        "Your payment of ⭐ 950 for order #12 was refunded to your Telegram Stars balance."
    )
    # A string still works for callers that wrote the amount themselves.
    assert (
        refund_notice("$19.00", None, True) == "Your payment of $19.00 was refunded to your card."
    )


async def test_a_promo_code_not_open_yet_and_a_broadcast_headline_in_russian(db):
    from app.services.pricing import PromoRejected

    now = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)
    early = PromoRejected("not_yet", valid_from=datetime(2026, 11, 27, 12, 0, tzinfo=UTC))
    broadcast = Broadcast(
        id=3,
        status=BroadcastStatus.SCHEDULED,
        send_at=datetime(2030, 1, 1, 8, 0, tzinfo=UTC),
        segment="expired:21",
        chat_ids=[],
        signal_id=None,
    )
    with use("ru"):
        assert refusal(early, now) == (
            "Этот промокод можно будет использовать через 24 часа "
            f"(с {date(now + timedelta(days=1))})."
        )
        assert date(now).startswith("26 нояб. 2026")
        assert headline(broadcast) == (
            "#3, запланирована на 2030-01-01 08:00 UTC: сообщение пользователям, "
            "чей премиум истёк за последний 21 день"
        )
    assert headline(broadcast) == "#3 scheduled at 2030-01-01 08:00 UTC: message to expired:21"


async def test_catalog_titles_are_shown_in_the_readers_language(shop, telegram, client):
    # catalog.example.toml translates its products and plans into Russian.
    await send(shop, updates.message("/shop"))
    russian = telegram.called("sendMessage")[-1]
    invoice = await buy(shop, telegram)

    assert "Премиум-сигналы" in russian.params["text"] and "VIP-канал" in russian.params["text"]
    assert "1 месяц" in labels(russian)[0] or "1 месяц" in russian.params["text"]
    assert invoice["title"] == "Премиум-сигналы · Навсегда"
    # An English reader of the same catalog sees the titles as written.
    await send(client, updates.message("/start", user_id=2002, language_code="en"))
    await send(client, updates.message("/shop", user_id=2002, language_code="en"))
    english = telegram.called("sendMessage")[-1].params["text"]
    assert "Premium signals" in english and "Премиум" not in english


async def test_a_catalog_translation_into_no_language_is_refused(tmp_path):
    from app.services.catalog import CatalogError, read_catalog

    path = tmp_path / "catalog.toml"
    path.write_text(
        (ROOT / "catalog.example.toml")
        .read_text(encoding="utf-8")
        .replace(
            'translations = { ru = { title = "1 месяц" } }',
            'translations = { russian = { title = "x" } }',
            1,
        ),
        encoding="utf-8",
    )
    with pytest.raises(CatalogError) as error:
        read_catalog(path)
    assert "russian" in str(error.value)
