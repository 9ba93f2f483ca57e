"""Commands reach their handlers through the registry; everything else gets a helpful answer."""

import time

import pytest

from app.services.commands import CommandRegistry
from models import TelegramWebhook, UpdateStatus
from tests import updates
from tests.conftest import ADMIN_ID, registry_of, send
from tests.fakes.telegram import BOT_USERNAME

# Each built-in command reaches its own handler: the beginning of its answer.
ANSWERS = {
    "/signals": "No signals yet.",
    "/checkout": "The shop is closed for now",
    "/affiliate": "Affiliate program",
    "/referral_link": "Your personal link:",
    "/stats": "Join the program first",
    "/payout": "Join the program first",
    "/subscription": "You have no premium access yet.",
    "/shop": "The shop is closed for now.",
}


async def start(client, user_id=updates.USER_ID, **fields):
    response = await send(client, updates.message("/start", user_id=user_id, **fields))
    assert response.status == 200


@pytest.mark.parametrize(("command", "answer"), ANSWERS.items())
async def test_each_command_is_routed_to_its_handler(client, telegram, command, answer):
    await start(client)

    response = await send(client, updates.message(command))

    assert response.status == 200
    assert telegram.sent_texts()[-1].startswith(answer)


async def test_arguments_after_a_command_still_route(client, telegram):
    await start(client)

    await send(client, updates.message("/checkout 17"))

    assert telegram.sent_texts()[-1].startswith("The shop is closed for now")


async def test_commands_are_case_insensitive(client, telegram):
    await send(client, updates.message("/HELP"))

    assert telegram.sent_texts()[-1].startswith("Here is what I can do")


async def test_help_lists_enabled_commands_by_category_with_premium_marked(client, telegram):
    await send(client, updates.message("/help"))

    text = telegram.sent_texts()[-1]
    assert text.index("General") < text.index("Signals") < text.index("Premium access")
    assert text.index("Premium access") < text.index("Affiliate program")
    assert "/start — Start the bot and register" in text
    assert "/approve — Approve a signal for execution ⭐ premium" in text
    assert "/signals — Latest trading signals\n" in text
    assert "Admin" not in text


async def test_help_uses_the_users_language_where_a_translation_exists(client, telegram):
    await registry_of(client).update(
        "help", translations={"ru": "Все команды", "de": "Befehle anzeigen"}
    )

    await send(client, updates.message("/help", language_code="ru-RU"))
    await send(client, updates.message("/help", user_id=7, language_code="de-AT"))

    assert "/help — Все команды" in telegram.sent_texts(updates.USER_ID)[-1]
    # The bot speaks no German: the whole answer, descriptions too, is in English.
    assert "/help — List the commands" in telegram.sent_texts(7)[-1]


async def test_a_command_addressed_to_this_bot_in_a_group_is_answered(client, telegram):
    await start(client)

    await send(
        client,
        updates.message(f"/help@{BOT_USERNAME}", chat_id=-1001234567890, chat_type="supergroup"),
    )

    assert telegram.sent_texts(-1001234567890)[0].startswith("Here is what I can do")


async def test_the_mention_is_matched_without_regard_to_case(client, telegram):
    await send(
        client,
        updates.message(f"/help@{BOT_USERNAME.upper()}", chat_id=-100777, chat_type="supergroup"),
    )

    assert telegram.sent_texts(-100777)[0].startswith("Here is what I can do")


async def test_a_command_for_another_bot_is_ignored_but_journaled(client, telegram):
    update = updates.message("/help@some_other_bot", chat_id=-1001234567890, chat_type="supergroup")

    response = await send(client, update)

    assert response.status == 200
    assert telegram.sent_texts() == []
    row = await TelegramWebhook.get(update_id=update["update_id"])
    assert (row.status, row.command) == (UpdateStatus.IGNORED, "help")


async def test_an_unknown_command_lists_what_the_user_can_use(client, telegram):
    await send(client, updates.message("/frobnicate"))

    text = telegram.sent_texts()[-1]
    assert text.startswith("Sorry, I don't know /frobnicate.\n")
    assert "Did you mean" not in text
    assert "Commands you can use:" in text
    assert "/shop — Premium plans and prices" in text
    assert text.index("General") < text.index("Signals")


@pytest.mark.parametrize(
    ("typo", "meant"),
    [("/shpo", "shop"), ("/hlep", "help"), ("/stast", "stats"), ("/signal", "signals")],
)
async def test_a_typo_gets_the_closest_command(client, telegram, typo, meant):
    await send(client, updates.message(typo))

    assert telegram.sent_texts()[-1].startswith(
        f"Sorry, I don't know {typo}. Did you mean /{meant}?"
    )


async def test_an_unaddressed_unknown_command_in_a_group_is_left_to_other_bots(client, telegram):
    update = updates.message("/weather", chat_id=-100555, chat_type="supergroup")

    await send(client, update)

    assert telegram.sent_texts() == []
    assert (await TelegramWebhook.get(update_id=update["update_id"])).status == UpdateStatus.IGNORED


async def test_plain_text_in_private_gets_a_hint(client, telegram):
    await send(client, updates.message("hello there"))

    assert telegram.sent_texts() == ["I answer commands. Send /help to see them."]


async def test_plain_text_in_a_group_is_not_answered(client, telegram):
    update = updates.message("hello all", chat_id=-100555, chat_type="supergroup")

    await send(client, update)

    assert telegram.sent_texts() == []
    assert (await TelegramWebhook.get(update_id=update["update_id"])).status == UpdateStatus.IGNORED


async def test_a_disabled_command_is_unknown_without_a_restart(client, telegram):
    registry = registry_of(client)
    await start(client)
    await send(client, updates.message("/shop"))
    assert telegram.sent_texts()[-1].startswith("The shop is closed for now")

    # An admin disables it from another process; once this worker's snapshot is older than
    # its ttl, the next update sees the change.
    await CommandRegistry(registry.known_handlers).update("shop", enabled=False)
    later = time.monotonic() + registry.ttl
    registry.clock = lambda: later
    await send(client, updates.message("/shop"))

    text = telegram.sent_texts()[-1]
    assert text.startswith("Sorry, I don't know /shop.")
    assert "/shop —" not in text


async def test_the_registry_snapshot_expires_after_its_ttl(client):
    now = [100.0]
    worker = CommandRegistry(registry_of(client).known_handlers, ttl=5, clock=lambda: now[0])
    admin = CommandRegistry(registry_of(client).known_handlers)
    assert await worker.get("shop") is not None

    await admin.update("shop", enabled=False)
    now[0] += 4
    still_cached = await worker.get("shop")
    now[0] += 1
    refreshed = await worker.get("shop")

    assert still_cached is not None
    assert refreshed is None


async def test_an_alias_added_by_an_admin_dispatches_to_its_handler(client, telegram):
    await registry_of(client).add(
        "pay", category="billing", description="Pay", handler_class="billing.checkout"
    )
    await start(client)

    await send(client, updates.message("/pay"))

    assert telegram.sent_texts()[-1].startswith("The shop is closed for now")


async def test_admin_commands_exist_only_for_admins(client, telegram):
    await registry_of(client).add(
        "ops",
        category="admin",
        description="Operator help",
        handler_class="help.help",
        requires_auth=False,
    )

    await send(client, updates.message("/ops", user_id=7))
    await send(client, updates.message("/ops", user_id=ADMIN_ID))

    stranger, admin = telegram.sent_texts(7)[-1], telegram.sent_texts(ADMIN_ID)[-1]
    assert stranger.startswith("Sorry, I don't know /ops.")
    assert "/ops" not in stranger.split("\n", 1)[1]
    assert admin.startswith("Here is what I can do")
    assert "Admin\n/ops — Operator help" in admin


async def test_a_name_no_command_could_have_is_not_repeated_back(client, telegram):
    await send(client, updates.message("/" + "x" * 4000))

    text = telegram.sent_texts()[-1]
    assert text.startswith("Sorry, I don't know that command.\n")
    assert "xxxx" not in text


async def test_after_the_first_unknown_command_a_suggestion_and_a_pointer_are_enough(
    client, telegram
):
    await send(client, updates.message("/frobnicate"))
    await send(client, updates.message("/shpo"))
    await send(client, updates.message("/wat"))

    first, second, third = telegram.sent_texts()
    assert "Commands you can use:" in first
    assert (
        second == "Sorry, I don't know /shpo. Did you mean /shop? /help lists everything I can do."
    )
    assert third == "Sorry, I don't know /wat. /help lists everything I can do."


def media_message(kind, content, chat_type="private", chat_id=None):
    update = updates.message("x", chat_type=chat_type, chat_id=chat_id)
    del update["message"]["text"]
    update["message"][kind] = content
    return update


PHOTO = [{"file_id": "p1", "file_unique_id": "u1", "width": 90, "height": 90}]
STICKER = {
    "file_id": "s1",
    "file_unique_id": "u2",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
}
VOICE = {"file_id": "v1", "file_unique_id": "u3", "duration": 2}


@pytest.mark.parametrize(
    ("kind", "content"), [("photo", PHOTO), ("sticker", STICKER), ("voice", VOICE)]
)
async def test_stickers_photos_and_voice_in_private_get_an_answer(client, telegram, kind, content):
    await send(client, media_message(kind, content))

    assert telegram.sent_texts() == [
        "I can only read text and commands. Send /help to see what I can do."
    ]


async def test_stickers_in_a_group_are_left_alone(client, telegram):
    update = media_message("sticker", STICKER, chat_type="supergroup", chat_id=-100555)

    await send(client, update)

    assert telegram.sent_texts() == []
    assert (await TelegramWebhook.get(update_id=update["update_id"])).status == UpdateStatus.IGNORED
