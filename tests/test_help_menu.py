"""/help is a menu in one message: categories from the registry, each with its commands and a
short guide, the guides with their pages; every step edits the message /help sent."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from app.config import DEFAULT_GUIDES_DIR
from tests import updates
from tests.conftest import ADMIN_ID, make_settings, registry_of, send
from tests.fakes.telegram import Call

MENU = 4242  # the message_id of the menu /help sent, which every press is made on
GONE_EN = "That page is no longer here. Send /help for a fresh menu."
# Words a Russian text may hold: names (what code shows is left out before looking).
NAMES = {"Telegram", "Stars", "Stripe", "API", "Alice"}  # Alice: the test user


def long_guides(folder: Path) -> Path:
    """The shipped guides, the FAQ made long enough for three pages in each language."""
    guides = folder / "guides"
    shutil.copytree(DEFAULT_GUIDES_DIR, guides)
    for language, question in (("en", "Another question?"), ("ru", "Ещё вопрос?")):
        faq = guides / language / "faq.md"
        extra = "".join(f"\n## {question} {n}\n\n" + "x " * 300 for n in range(14))
        faq.write_text(faq.read_text(encoding="utf-8") + extra, encoding="utf-8")
    return guides


@pytest.fixture
def settings(clean_state, telegram, tmp_path):
    return make_settings(clean_state, telegram, guides_dir=long_guides(tmp_path))


def buttons(call: Call) -> dict[str, str]:
    """The buttons under a message: label → callback data."""
    if "reply_markup" not in call.params:
        return {}
    rows = call.json("reply_markup")["inline_keyboard"]
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def press(client, telegram, label: str, user_id: int = updates.USER_ID, **fields: Any):
    """Press the button `label` on the menu as it shows now."""
    data = buttons(telegram.shown(user_id)[-1])[label]
    await send(client, updates.callback_query(data, user_id=user_id, message_id=MENU, **fields))


def english_words(text: str) -> list[str]:
    text = re.sub(r"/[a-z_0-9@]+", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in NAMES and not w.isupper()]


async def test_the_menu_moves_through_categories_and_guides_in_one_message(client, telegram):
    await send(client, updates.message("/start"))
    telegram.reset()

    await send(client, updates.message("/help"))
    home = telegram.shown()[-1]
    assert home.params["text"].startswith("Here is what I can do:\n\nGeneral\n/start")
    assert list(buttons(home)) == [
        "General",
        "Signals",
        "Premium access",
        "Affiliate program",
        "📚 Guides",
    ]

    await press(client, telegram, "Signals")
    category = telegram.screen()
    assert category.startswith("Signals\n\nSignals are trade ideas:")
    assert "/signals — Latest trading signals\n" in category
    await press(client, telegram, "« Back")
    assert telegram.screen() == home.params["text"]
    await press(client, telegram, "📚 Guides")
    assert list(buttons(telegram.shown()[-1])) == [
        "Getting started",
        "Signals and approvals",
        "Plans and payments",
        "Refunds and support",
        "The affiliate program",
        "FAQ",
        "« Back",
    ]
    await press(client, telegram, "FAQ")
    first = telegram.shown()[-1]
    assert first.params["text"].startswith("FAQ\n\nI paid. Where is my access?\n")
    assert list(buttons(first)) == ["1/3", "▶", "« Back", "🏠 Home"]
    await press(client, telegram, "▶")
    second = telegram.shown()[-1]
    assert second.params["text"].startswith("FAQ\n\nAnother question? ")
    assert list(buttons(second)) == ["◀", "2/3", "▶", "« Back", "🏠 Home"]
    await press(client, telegram, "2/3")
    await press(client, telegram, "🏠 Home")

    assert len(telegram.called("sendMessage")) == 1  # /help's own answer, nothing more
    edits = telegram.called("editMessageText")
    assert len(edits) == 6  # category, back, guides, FAQ, its page 2, home
    assert {(int(e.params["chat_id"]), int(e.params["message_id"])) for e in edits} == {
        (updates.USER_ID, MENU)
    }
    assert edits[-1].params["text"] == home.params["text"]
    answers = [call.params.get("text") for call in telegram.called("answerCallbackQuery")]
    assert answers == [None, None, None, None, None, "Page 2 of 3", None]


async def test_premium_commands_are_marked_and_admin_ones_shown_to_admins_only(client, telegram):
    for user_id in (7, ADMIN_ID):
        await send(client, updates.message("/start", user_id=user_id))
        await send(client, updates.message("/help", user_id=user_id))

    assert "Admin" not in buttons(telegram.shown(7)[-1])
    assert "/refund" not in telegram.screen(7)
    await press(client, telegram, "Signals", user_id=7)
    signals = telegram.screen(7)
    assert "/approve — Approve a signal for execution ⭐ premium\n" in signals
    assert "/apikey — Your key for the approvals API ⭐ premium\n" in signals
    assert "/signals — Latest trading signals\n" in signals
    assert signals.endswith("⭐ premium: comes with premium access.")
    # Data naming the admin category, pressed by someone else: nothing there for them.
    await send(client, updates.callback_query("help:category:admin:0:", user_id=7))
    assert telegram.called("answerCallbackQuery")[-1].params["text"] == GONE_EN

    admin_home = telegram.shown(ADMIN_ID)[-1]
    assert "Admin\n/refund — Refund an order's Stars payment" in admin_home.params["text"]
    await press(client, telegram, "Admin", user_id=ADMIN_ID)
    admin = telegram.screen(ADMIN_ID)
    assert admin.startswith("Admin\n\nCommands for admins only: nobody else sees them.\n\n")
    assert "/broadcast — Compose a broadcast, or see how one goes" in admin


@pytest.mark.parametrize(
    "data",
    [
        "help:category:nosuch:0:",
        "help:guide:nosuch:0:",
        "help:guide:faq:99:",
        "help:guide:faq:-1:",
        "help:guide:faq:0:bogus",
        "help:position:faq:7:",
        "help:upstairs::0:",
    ],
)
async def test_a_stale_or_forged_menu_button_gets_a_polite_answer(client, telegram, data):
    await send(client, updates.message("/start"))

    response = await send(client, updates.callback_query(data, message_id=MENU))

    assert response.status == 200
    answer = telegram.called("answerCallbackQuery")[-1].params
    assert (answer["text"], answer["show_alert"]) == (GONE_EN, "true")
    assert telegram.called("editMessageText") == []


async def test_the_menu_and_the_guides_speak_russian(client, telegram):
    await send(client, updates.message("/start", language_code="ru"))
    await send(client, updates.message("/help", language_code="ru"))

    home = telegram.screen()
    assert home.startswith("Вот что я умею:")
    assert "⭐ премиум" in home
    await press(client, telegram, "Сигналы", language_code="ru")
    assert "⭐ премиум — входит в премиум-доступ." in telegram.screen()
    await press(client, telegram, "📖 Сигналы и подтверждения", language_code="ru")
    signals = telegram.shown()[-1]
    assert signals.params["text"].startswith("Сигналы и подтверждения\n\nСигнал — это")
    assert list(buttons(signals)) == ["« Назад", "🏠 В начало"]
    await press(client, telegram, "« Назад", language_code="ru")  # back to its category
    assert telegram.screen().startswith("Сигналы\n\n")
    await press(client, telegram, "« Назад", language_code="ru")
    await press(client, telegram, "📚 Руководства", language_code="ru")
    assert telegram.screen().startswith("Руководства\n\nПошаговые инструкции")

    for call in telegram.shown():
        assert english_words(without_code(call)) == [], call.params["text"]
        assert all(english_words(label) == [] for label in buttons(call))


def without_code(call: Call) -> str:
    """The text without what its code entities show (commands, keys, examples)."""
    text = call.params["text"]
    if "entities" not in call.params:
        return text
    encoded = text.encode("utf-16-le")
    for entity in sorted(call.json("entities"), key=lambda e: -e["offset"]):
        if entity["type"] in ("code", "pre"):
            start, end = 2 * entity["offset"], 2 * (entity["offset"] + entity["length"])
            encoded = encoded[:start] + encoded[end:]
    return encoded.decode("utf-16-le")


async def test_help_in_a_group_is_the_list_without_buttons(client, telegram):
    await send(client, updates.message("/help", chat_id=-100777, chat_type="supergroup"))

    [answer] = telegram.called("sendMessage")
    assert answer.params["text"].startswith("Here is what I can do:")
    assert "Tap a topic" not in answer.params["text"]
    assert "reply_markup" not in answer.params


async def test_help_shows_a_changed_description_at_once(client, telegram):
    # /help's first page is rendered once per language and command list: a change is a new list.
    await send(client, updates.message("/help"))
    assert "/shop — Premium plans and prices" in telegram.screen()
    await registry_of(client).update("shop", description="Plans, prices and offers")

    await send(client, updates.message("/help"))

    assert "/shop — Plans, prices and offers" in telegram.screen()
