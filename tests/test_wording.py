"""Numbers and times in words: one helper for every text, so "1 minutes" cannot come back."""

from datetime import UTC, datetime, timedelta

import pytest

from app.web import create_app
from app.wording import plural, relative
from models import Plan
from tests import updates
from tests.conftest import load_example_catalog, make_settings, send

NOW = datetime(2026, 11, 26, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 uses"), (1, "1 use"), (2, "2 uses"), (21, "21 uses")]
)
def test_plural(count, expected):
    assert plural(count, "use") == expected


def test_plural_of_an_irregular_word():
    assert plural(1, "entry", "entries") == "1 entry"
    assert plural(3, "entry", "entries") == "3 entries"


@pytest.mark.parametrize(
    ("offset", "expected"),
    [
        (timedelta(seconds=30), "in 1 minute"),
        (timedelta(minutes=14, seconds=1), "in 15 minutes"),  # a started minute counts
        (timedelta(hours=1), "in 1 hour"),
        (timedelta(hours=47, minutes=59), "in 47 hours"),
        (timedelta(days=2), "in 2 days"),
        (timedelta(days=29, hours=1), "in 30 days"),  # a started day counts
        (-timedelta(seconds=10), "just now"),
        (-timedelta(minutes=1), "1 minute ago"),
        (-timedelta(days=3, hours=23), "3 days ago"),  # time past rounds down
    ],
)
def test_relative(offset, expected):
    assert relative(NOW + offset, NOW) == expected


async def test_a_one_minute_quote_says_1_minute(aiohttp_client, clean_state, telegram):
    client = await aiohttp_client(create_app(make_settings(clean_state, telegram, quote_ttl=1)))
    await load_example_catalog()
    await send(client, updates.message("/start"))
    monthly = await Plan.get(code="premium_monthly")

    await send(client, updates.callback_query(f"plan:{monthly.id}"))

    assert telegram.screen().endswith("This price holds for 1 minute.")
