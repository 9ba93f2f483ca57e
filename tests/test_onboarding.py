"""A new user's first /start shows a three-step tour in one message: skippable, shown once, in
their language; the link they came through is still credited."""

from __future__ import annotations

import re

import pytest

from app.services.campaigns import CampaignService
from models import CampaignMember, Referral
from tests import updates
from tests.conftest import died_before_answering, send
from tests.fakes.telegram import BOT_USERNAME, Call

NAMES = {"Telegram", "Stars", "Alice", "API"}
WELCOME_BACK = "Welcome back, Alice!\nSend /help to see everything I can do."


def buttons(call: Call) -> dict[str, str]:
    if "reply_markup" not in call.params:
        return {}
    rows = call.json("reply_markup")["inline_keyboard"]
    return {button["text"]: button["callback_data"] for row in rows for button in row}


async def press(client, telegram, label: str, message_id: int, **fields) -> None:
    data = buttons(telegram.shown()[-1])[label]
    await send(client, updates.callback_query(data, message_id=message_id, **fields))


def english_words(text: str) -> list[str]:
    text = re.sub(r"/[a-z_0-9@]+", " ", text)
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in NAMES and not w.isupper()]


async def test_a_new_user_is_shown_around_in_three_steps_once(client, telegram):
    await send(client, updates.message("/start"))

    [welcome] = telegram.shown()
    assert welcome.params["text"].startswith(
        "Welcome, Alice! I deliver trading signals that you can approve with one tap. "
        "Premium access and a referral program are here too.\n\n"
        "Step 1 of 3: What signals are\nA signal is a trade idea:"
    )
    assert [e["type"] for e in welcome.json("entities")] == ["bold"]  # the step's title
    assert list(buttons(welcome)) == ["Next ▶", "Skip"]
    await press(client, telegram, "Next ▶", 500)
    second = telegram.shown()[-1]
    assert second.params["text"].startswith("Step 2 of 3: How premium works\nPremium access ")
    assert list(buttons(second)) == ["Next ▶", "Skip"]
    await press(client, telegram, "Next ▶", 500)
    third = telegram.shown()[-1]
    assert third.params["text"] == (
        "Step 3 of 3: How to invite friends\n"
        "Join the affiliate program with /affiliate and share your personal link from "
        "/referral_link. Everyone who starts the bot through it for the first time is yours, "
        "and you earn 20 % of every purchase they make. They get 10 % off their first purchase. "
        "/stats shows your clicks, sign-ups and earnings."
    )  # the program's terms as configured (AFFILIATE_COMMISSION_PERCENT, REFERRAL_DISCOUNT_…)
    assert list(buttons(third)) == ["Done ✓"]
    await press(client, telegram, "Done ✓", 500)
    done = telegram.shown()[-1]
    assert done.params["text"] == (
        "You are all set!\nWhere to go next:\n"
        "/signals — the latest signals\n"
        "/shop — premium plans with your price\n"
        "/referral_link — your link for friends\n"
        "/help — everything I can do, with guides"
    )
    await press(client, telegram, "📖 Open the help menu", 500)
    assert telegram.screen().startswith("Here is what I can do:")

    await send(client, updates.message("/start"))  # a returning user: no tour

    assert len(telegram.called("sendMessage")) == 2
    assert [int(e.params["message_id"]) for e in telegram.called("editMessageText")] == [500] * 4
    again = telegram.shown()[-1]
    assert again.params["text"] == WELCOME_BACK
    assert "reply_markup" not in again.params


@pytest.mark.parametrize("language", ["en", "ru"])
async def test_the_tour_can_be_skipped_in_the_users_language(client, telegram, language):
    await send(client, updates.message("/start", language_code=language))
    await press(
        client, telegram, "Skip" if language == "en" else "Пропустить", 77, language_code=language
    )

    skipped = telegram.shown()[-1]
    assert int(skipped.params["message_id"]) == 77
    if language == "en":
        assert skipped.params["text"] == (
            "No problem. Send /help whenever you want to see everything I can do, with guides."
        )
        return
    first = telegram.shown()[0].params["text"]
    assert first.startswith(
        "Добро пожаловать, Alice! Я присылаю торговые сигналы, которые можно подтвердить одним "
        "нажатием. Здесь же — премиум-доступ и партнёрская программа.\n\n"
        "Шаг 1 из 3: Что такое сигналы\n"
    )
    assert list(buttons(telegram.shown()[0])) == ["Далее ▶", "Пропустить"]
    assert skipped.params["text"] == (
        "Хорошо. Когда захотите увидеть всё, что я умею, и руководства, отправьте /help."
    )
    assert list(buttons(skipped)) == ["📖 Открыть меню помощи"]
    await send(client, updates.message("/start", language_code="ru"))
    assert (
        telegram.screen()
        == "С возвращением, Alice!\nОтправьте /help, чтобы увидеть всё, что я умею."
    )
    for call in telegram.shown():
        assert english_words(call.params["text"]) == [], call.params["text"]


async def test_every_step_of_the_tour_speaks_russian(client, telegram):
    await send(client, updates.message("/start", language_code="ru"))
    for label in ("Далее ▶", "Далее ▶", "Готово ✓"):
        await press(client, telegram, label, 9, language_code="ru")

    texts = [call.params["text"] for call in telegram.shown()]
    assert texts[2].startswith("Шаг 3 из 3: Как пригласить друзей\n")
    assert "вы получаете 20 % с каждой его покупки" in texts[2]
    assert texts[3].startswith("Всё готово!\nЧто дальше:\n/signals — последние сигналы")
    for text in texts:
        assert english_words(text) == [], text


async def test_a_start_in_a_group_greets_without_the_tour(client, telegram):
    await send(client, updates.message("/start", chat_id=-100777, chat_type="supergroup"))

    [answer] = telegram.called("sendMessage")
    assert answer.params["text"] == (
        "Welcome, Alice! I deliver trading signals that you can approve with one tap. "
        "Premium access and a referral program are here too.\n"
        "Send /help to see everything I can do."
    )
    assert "reply_markup" not in answer.params  # buttons work in private chats only


async def test_a_redelivered_first_start_is_the_same_first_start(client, telegram):
    update = updates.message("/start")

    await died_before_answering(client, update)  # registered; the welcome never reached them
    await send(client, update)

    [welcome] = telegram.shown()
    assert "Step 1 of 3" in welcome.params["text"]


async def test_deep_links_still_credit_the_referrer_and_the_campaign(client, telegram):
    await send(client, updates.message("/start", user_id=1))
    await send(client, updates.message("/referral_link", user_id=1))
    ref = re.search(rf"t\.me/{BOT_USERNAME}\?start=(ref_\w+)", telegram.sent_texts(1)[-1])
    assert ref is not None
    spring = await CampaignService().create("spring")

    await send(client, updates.message(f"/start {ref.group(1)}", user_id=2))
    await send(client, updates.message(f"/start {CampaignService().payload(spring)}", user_id=3))

    referral = await Referral.get().prefetch_related("user", "affiliate__user")
    assert (referral.user.telegram_id, referral.affiliate.user.telegram_id) == (2, 1)
    member = await CampaignMember.get().prefetch_related("user", "campaign")
    assert (member.user.telegram_id, member.campaign.name, member.signed_up) == (3, "spring", True)
    for user_id in (2, 3):  # new users both: each shown the tour
        assert "Step 1 of 3" in telegram.sent_texts(user_id)[-1]
