"""Checks on what a user reads: Russian with no English sentence left in it, and buttons."""

from __future__ import annotations

import re
from typing import Any

# Two English words in a row: a sentence or a label left untranslated.
ENGLISH = re.compile(r"\b[A-Za-z]{2,}\s+[A-Za-z]{2,}\b")
# Not words: commands and the argument typed after them, code, links, keys and the names a
# Russian text may hold.
NOT_WORDS = re.compile(
    r"/\w+(?: (?:on|off|new|status|revoke))?|`[^`]*`|https://\S+|sk_\w+"
    r"|Telegram Stars|Telegram|Stripe|UTC"
)


def assert_russian(text: str, *data: str) -> None:
    """`text` is Russian; `data` (an engine's note, Telegram's own error) is quoted as it came."""
    for quoted in data:
        text = text.replace(quoted, "")
    stripped = NOT_WORDS.sub("", text)
    assert not ENGLISH.search(stripped), f"English in {text!r}"
    assert re.search("[а-яё]", stripped, re.IGNORECASE), f"no Russian in {text!r}"


def labels(call: Any) -> list[str]:
    """The texts of a message's inline buttons."""
    return [
        button["text"] for row in call.json("reply_markup")["inline_keyboard"] for button in row
    ]
