"""The guides: Markdown files per language, checked at start (a broken one stops the start with
one line naming it), rendered with Telegram's entities and split into pages Telegram accepts."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from aiogram.types import MessageEntity
from aiogram.utils.formatting import sizeof

from app.config import DEFAULT_GUIDES_DIR
from app.guides import MESSAGE_LIMIT, ORDER, GuidesError, load_guides, parse_guide
from app.i18n import LANGUAGES
from tests.conftest import one_line_error

NAMES = {"Telegram", "Stars", "Stripe", "Checkout", "API"}


def english_words(text: str, entities: list[MessageEntity]) -> list[str]:
    """English words outside code entities and /commands."""
    encoded = text.encode("utf-16-le")
    for entity in sorted(entities, key=lambda e: -e.offset):
        if entity.type in ("code", "pre"):
            encoded = encoded[: 2 * entity.offset] + encoded[2 * (entity.offset + entity.length) :]
    text = re.sub(r"/[a-z_0-9@]+", " ", encoded.decode("utf-16-le"))
    return [w for w in re.findall(r"[A-Za-z]{3,}", text) if w not in NAMES and not w.isupper()]


def check_entities(text: str, entities: list[MessageEntity]) -> None:
    """What Telegram requires of a message's entities: inside the text, not empty, nested or
    apart (never overlapping), and nothing inside code or around it."""
    length = sizeof(text)
    spans = [(e.offset, e.offset + e.length, e.type) for e in entities]
    for start, end, kind in spans:
        assert 0 <= start < end <= length, (kind, start, end, length)
    for a in spans:
        for b in spans:
            if a is b or a[1] <= b[0] or b[1] <= a[0]:
                continue  # apart
            inside = b[0] <= a[0] and a[1] <= b[1] or a[0] <= b[0] and b[1] <= a[1]
            assert inside, f"overlapping entities {a} and {b}"
            assert "code" not in (a[2], b[2]) and "pre" not in (a[2], b[2]), (a, b)


def guides_folder(tmp_path: Path, files: dict[str, dict[str, bytes | str]]) -> Path:
    folder = tmp_path / "guides"
    for language, guides in files.items():
        (folder / language).mkdir(parents=True)
        for name, content in guides.items():
            path = folder / language / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
    return folder


GOOD = "# A guide\n\nSome text.\n"


def test_the_shipped_guides_load_and_read_well_in_every_language():
    guides = load_guides(DEFAULT_GUIDES_DIR)

    for language in LANGUAGES:
        listed = guides.listed(language)
        assert [guide.slug for guide in listed] == list(ORDER)
        for guide in listed:
            for page in guide.pages:
                text, entities = page.render()
                assert sizeof(text) <= MESSAGE_LIMIT
                check_entities(text, entities)
                if language == "ru":
                    assert english_words(text, entities) == [], (guide.slug, text)
    signals = guides.get("en", "signals")
    assert signals is not None and signals.title == "Signals and approvals"
    text, entities = signals.pages[0].render()
    assert "GET" not in text  # the example is a curl command, as the README's
    assert "/api/v1/signals/approvals?since=" in text
    assert "Authorization: Bearer" in text


def test_the_markdown_subset_becomes_telegram_entities():
    source = (
        "# Title\n"
        "\n"
        "## A *section*\n"
        "Text with **bold _and italic_**, `code`, a [link](https://example.com/a_b) and\n"
        "/referral_link or next_after, a lone * and 5 \\* 3.\\\n"
        "Next line.\n"
        "\n"
        "- one\n"
        "  more\n"
        "- **two**\n"
        "\n"
        "```sh\n"
        "curl -H 'X: **y**'\n"
        "```\n"
        "\n"
        "1. first\n"
        "2) second\n"
    )

    [page] = parse_guide("x", source).pages
    text, entities = page.render()

    assert text == (
        "Title\n\n"
        "A section\n"
        "Text with bold and italic, code, a link and /referral_link or next_after, a lone * "
        "and 5 * 3.\nNext line.\n\n"
        "• one more\n"
        "• two\n\n"
        "curl -H 'X: **y**'\n\n"
        "1. first\n"
        "2) second"
    )

    def shown(entity: MessageEntity) -> tuple[str, str]:
        encoded = text.encode("utf-16-le")
        part = encoded[2 * entity.offset : 2 * (entity.offset + entity.length)]
        return entity.type, part.decode("utf-16-le")

    assert sorted(map(shown, entities)) == sorted(
        [
            ("bold", "Title"),
            ("bold", "A section"),
            ("italic", "section"),
            ("bold", "bold and italic"),
            ("italic", "and italic"),
            ("code", "code"),
            ("text_link", "link"),
            ("bold", "two"),
            ("pre", "curl -H 'X: **y**'"),
        ]
    )
    assert [e.url for e in entities if e.type == "text_link"] == ["https://example.com/a_b"]
    assert [e.language for e in entities if e.type == "pre"] == ["sh"]


def test_a_long_guide_is_split_into_pages_telegram_accepts():
    paragraph = "Trading 📈 signals **with bold that runs on** and _italics_ too. " * 40
    words = " ".join(f"word{n}" for n in range(1500))
    code = "\n".join(f"line {n} 🚀 of a long code block" for n in range(300))
    source = (
        f"# Long guide\n\n{paragraph}\n\n## Words\n\n**{words}**\n\n"
        f"```\n{code}\n```\n\n- an item\n- another [link](https://example.com)\n"
    )

    guide = parse_guide("long", source)

    assert len(guide.pages) > 3
    shown = []
    for page in guide.pages:
        text, entities = page.render()
        assert sizeof(text) <= MESSAGE_LIMIT  # Telegram counts UTF-16 code units
        assert text.startswith("Long guide\n\n") and text == text.strip()
        check_entities(text, entities)
        shown.append(text.removeprefix("Long guide\n\n"))
    everything = " ".join(shown)
    # nothing lost: every word, every code line, in order
    assert re.findall(r"word\d+", everything) == [f"word{n}" for n in range(1500)]
    assert re.findall(r"line \d+", everything) == [f"line {n}" for n in range(300)]
    # the bold run of words was cut into bold pieces, one on each page it spans
    bold_pages = 0
    for page in guide.pages:
        text, entities = page.render()
        encoded = text.encode("utf-16-le")
        bold = [
            encoded[2 * e.offset : 2 * (e.offset + e.length)].decode("utf-16-le")
            for e in entities
            if e.type == "bold"
        ]
        bold_pages += any(part.startswith("word") for part in bold)
    assert bold_pages >= 2


@pytest.mark.parametrize(
    ("files", "where", "problem"),
    [
        ({"en": {"a.md": GOOD}}, "ru", "missing: every language needs its guides"),
        (
            {"en": {"a.md": GOOD, "b.md": GOOD}, "ru": {"a.md": GOOD}},
            "ru",
            "lacks b.md, which en has",
        ),
        ({"en": {"a.md": GOOD}, "ru": {"a.md": GOOD, "c.md": GOOD}}, "ru/c.md", "en has no such"),
        ({"en": {"Read Me.md": GOOD}, "ru": {}}, "en/Read Me.md", "a guide's file name must"),
        (
            {"en": {"a.md": b"# Hi\n\n\xff\xfe"}, "ru": {"a.md": GOOD}},
            "en/a.md:3",
            "not valid UTF-8",
        ),
        ({"en": {"a.md": " \n"}, "ru": {"a.md": GOOD}}, "en/a.md", "empty"),
        (
            {"en": {"a.md": GOOD}, "ru": {"a.md": "Hi\n\ntext\n"}},
            "ru/a.md:1",
            "the first line must",
        ),
        ({"en": {"a.md": "# Only a title\n"}, "ru": {"a.md": GOOD}}, "en/a.md:1", "nothing under"),
        ({"en": {"a.md": "# " + "T" * 65 + "\n\nx\n"}, "ru": {"a.md": GOOD}}, "en/a.md:1", "title"),
        (
            {"en": {"a.md": GOOD}, "ru": {"a.md": "# T\n\nok\n\nsome **bold\nand more\n"}},
            "ru/a.md:5",
            "unterminated **",
        ),
        (
            {"en": {"a.md": "# T\n\n```sh\ncurl x\n"}, "ru": {"a.md": GOOD}},
            "en/a.md:3",
            "unterminated ```",
        ),
        (
            {"en": {"a.md": "# T\n\nan `open code\n"}, "ru": {"a.md": GOOD}},
            "en/a.md:3",
            "unterminated `",
        ),
        (
            {"en": {"a.md": "# T\n\nsee [the docs](ftp://x.y)\n"}, "ru": {"a.md": GOOD}},
            "en/a.md:3",
            "malformed link",
        ),
        (
            {"en": {"a.md": "# T\n\nsee [the docs](https://x.y\n"}, "ru": {"a.md": GOOD}},
            "en/a.md:3",
            "malformed link",
        ),
    ],
)
def test_a_broken_guide_is_named_in_one_line(tmp_path, files, where, problem):
    folder = guides_folder(tmp_path, files)

    with pytest.raises(GuidesError) as error:
        load_guides(folder)

    message = str(error.value)
    assert message.startswith(f"{folder / where}"), message
    assert problem in message
    assert "\n" not in message


@pytest.mark.parametrize("command", ["serve", "polling"])
async def test_a_broken_guides_folder_stops_the_start_in_one_line(
    cli, monkeypatch, tmp_path, command
):
    folder = tmp_path / "guides"
    shutil.copytree(DEFAULT_GUIDES_DIR, folder)
    (folder / "ru" / "faq.md").write_text("# Частые вопросы\n\n**не закрыто\n", encoding="utf-8")
    monkeypatch.setenv("GUIDES_DIR", str(folder))

    code, _out, err = await cli(command)

    assert one_line_error(code, err) == (
        f"error: {folder / 'ru' / 'faq.md'}:3: unterminated ** (bold without its closing **)"
    )
