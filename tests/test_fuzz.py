"""Property-based fuzzing of the webhook: every kind of update the bot subscribes to, valid and
mutated, with hostile text and numbers. Whatever arrives, the answer is below 500 (a 400 with a
reason for what cannot be an Update), and a valid Update never ends in an apology."""

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests import updates
from tests.conftest import SECRET, WEBHOOK
from tests.fakes.telegram import BOT_USERNAME

# Numbers around every edge that matters: 32 and 64 bits, signed and not.
EDGES = [0, 1, -1, 2**31 - 1, 2**31, 2**32, 2**53, 2**63 - 1, 2**63, -(2**63), -(2**63) - 1, 2**64]
numbers = st.one_of(st.sampled_from(EDGES), st.integers(-(2**65), 2**65))
ids = st.one_of(st.integers(1, 2**40), numbers)
# Any code point, with the troublesome ones often: NUL, lone surrogates, controls, a
# right-to-left override, a character that upper-cases into two, an emoji.
NASTY = ["\x00", "\ud800", "\udfff", "\r", "\n", "\x1b", "\u202e", "ß", "😀", "/", "@", " "]
hostile_text = st.text(
    st.one_of(st.sampled_from(NASTY), st.characters(exclude_categories=())), max_size=80
)
commands = st.sampled_from(
    [
        "/start",
        "/help",
        "/signals",
        "/approve",
        "/apikey",
        "/shop",
        "/checkout",
        "/subscription",
        "/affiliate",
        "/referral_link",
        "/stats",
        "/payout",
        "/nope",
        f"/help@{BOT_USERNAME}",
        "/",
    ]
)
command_texts = st.one_of(commands, st.builds(lambda c, a: f"{c} {a}", commands, hostile_text))
message_texts = st.one_of(command_texts, command_texts, hostile_text)
callback_data = st.one_of(
    hostile_text,
    st.builds(
        lambda prefix, number: f"{prefix}{number}",
        st.sampled_from(
            [
                "plan:",
                "trial:",
                "sig:approve:",
                "sig:skip:",
                "apikey:replace:",
                "apikey:keep:",
                "quote:buy:",
                "quote:promo:",
                "shop:",
                "channel:",
                "aff:",
            ]
        ),
        st.one_of(numbers.map(str), hostile_text),
    ),
)
chat_types = st.sampled_from(["private", "group", "supergroup", "channel"])


@st.composite
def valid_updates(draw):
    """Updates shaped as Telegram sends them; their numbers may still be out of any range."""
    user_id = draw(ids)
    kind = draw(st.sampled_from(["message", "callback_query", "edited_message", "channel_post"]))
    if kind == "callback_query":
        update = updates.callback_query(draw(callback_data), user_id=user_id)
    else:
        chat_type = draw(chat_types)
        chat_id = user_id if chat_type == "private" else -draw(ids)
        update = updates.message(
            draw(message_texts),
            user_id=user_id,
            chat_id=chat_id,
            chat_type="supergroup" if chat_type == "channel" else chat_type,
            first_name=draw(hostile_text.filter(bool)),
            username=draw(st.one_of(st.none(), hostile_text.filter(bool))),
            language_code=draw(st.one_of(st.none(), hostile_text.filter(bool))),
        )
        body = update.pop("message")
        body["message_id"] = draw(ids)
        if kind == "channel_post":
            body.pop("from")
            body["chat"] = {"id": body["chat"]["id"], "type": "channel", "title": "News"}
        if kind == "edited_message":
            body["edit_date"] = body["date"]
        update[kind] = body
    return update


def leaves(value, path=()):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from leaves(inner, (*path, key))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            yield from leaves(inner, (*path, index))
    yield path


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), numbers, hostile_text, st.floats(allow_nan=False)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(hostile_text, inner, max_size=3)
    ),
    max_leaves=6,
)


@st.composite
def mutated_updates(draw):
    """A valid update with one part replaced by anything JSON can hold, or removed."""
    update = draw(valid_updates())
    paths = [path for path in leaves(update) if path]
    path = draw(st.sampled_from(paths))
    parent = update
    for part in path[:-1]:
        parent = parent[part]
    if draw(st.booleans()) and isinstance(parent, dict):
        del parent[path[-1]]
    else:
        parent[path[-1]] = draw(json_values)
    return update


@settings(
    max_examples=300,
    deadline=None,
    # The same examples on every run and machine, so CI is repeatable; no example database.
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(update=st.one_of(valid_updates(), mutated_updates()))
async def test_no_update_gets_a_5xx_or_an_apology(client, telegram, update):
    body = json.dumps(update).encode()

    response = await client.post(
        WEBHOOK, data=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
    )

    assert response.status in (200, 400), (response.status, await response.text(), update)
    apologies = [t for t in telegram.sent_texts() if t.startswith("Sorry, something went wrong")]
    assert apologies == [], update
