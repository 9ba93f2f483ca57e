"""The language a user reads: Telegram's by default, the /language choice when made."""

import pytest

from models import User
from tests import updates
from tests.conftest import send


async def test_telegram_language_is_spoken_until_the_user_chooses(client, telegram):
    await send(client, updates.message("/start", language_code="ru"))

    await send(client, updates.message("/language", language_code="ru"))

    assert telegram.screen() == "Выберите язык, на котором мне с вами говорить:"
    buttons = telegram.shown()[-1].json("reply_markup")["inline_keyboard"]
    assert [b["text"] for row in buttons for b in row] == ["English", "✓ Русский"]


async def test_choosing_a_language_by_button_switches_everything_after(client, telegram):
    await send(client, updates.message("/start", language_code="en"))
    await send(client, updates.message("/language", language_code="en"))

    await send(client, updates.callback_query("lang:ru", language_code="en"))

    assert telegram.screen() == (
        "Готово: теперь я говорю с вами по-русски. /help покажет, что я умею."
    )
    assert (await User.get(telegram_id=updates.USER_ID)).language == "ru"
    # Telegram still says English; the choice wins.
    await send(client, updates.message("/help", language_code="en"))
    assert "Общее" in telegram.screen()


async def test_language_with_a_code_switches_at_once_and_back(client, telegram):
    await send(client, updates.message("/start", language_code="ru"))

    await send(client, updates.message("/language en", language_code="ru"))

    assert telegram.screen() == "Done: I speak English with you now. /help shows what I can do."
    await send(client, updates.message("/help", language_code="ru"))
    assert "General" in telegram.screen()


@pytest.mark.parametrize("argument", ["xx", "de", "русский"])
async def test_a_language_we_do_not_speak_gets_the_choice(client, telegram, argument):
    await send(client, updates.message("/start"))

    await send(client, updates.message(f"/language {argument}"))

    assert telegram.screen() == "I speak English, Русский: tap one below."
    assert (await User.get(telegram_id=updates.USER_ID)).language is None


async def test_a_forged_language_button_changes_nothing(client, telegram):
    await send(client, updates.message("/start"))

    await send(client, updates.callback_query("lang:de"))

    alert = telegram.called("answerCallbackQuery")[-1]
    assert alert.params["text"] == "I do not speak that language."
    assert (await User.get(telegram_id=updates.USER_ID)).language is None


async def test_an_unknown_telegram_language_means_english(client, telegram):
    await send(client, updates.message("/start", language_code="pt-br"))

    await send(client, updates.message("/language", language_code="pt-br"))

    assert telegram.screen() == "Choose the language I speak with you:"


async def test_throttling_notices_are_in_the_chosen_language_too(client, telegram):
    # Telegram says Russian, the user chose English: the notice, sent before the user is
    # loaded, is in English as well (THROTTLE_RATE is 10 in the tests).
    await send(client, updates.message("/start", language_code="ru"))
    await send(client, updates.message("/language en", language_code="ru"))
    for _ in range(8):
        await send(client, updates.message("/orders", language_code="ru"))
    telegram.reset()

    await send(client, updates.message("/orders", language_code="ru"))

    assert telegram.sent_texts()[-1].startswith(
        "You're sending requests faster than I can keep up with."
    )


async def test_language_in_a_group_is_chosen_in_the_private_chat(client, telegram):
    # Its buttons work only in the private chat, so that is where the choice is offered.
    await send(client, updates.message("/start"))
    telegram.reset()

    await send(client, updates.message("/language", chat_id=-100500, chat_type="supergroup"))

    assert telegram.screen(updates.USER_ID) == "Choose the language I speak with you:"
    assert telegram.screen(-100500) == "I've answered you in our private chat."
