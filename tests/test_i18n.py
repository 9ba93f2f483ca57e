"""The catalogs: every string the code marks is translated, with the same placeholders."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir

from app.i18n import LANGUAGES, LOCALES_DIR, TranslationsError, load_catalog
from tests.conftest import one_line_error

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("app", "handlers", "middlewares")
TRANSLATED = sorted(set(LANGUAGES) - {"en"})  # English is the code's own language


def marked_strings() -> dict[str, str]:
    """Every string the code marks for translation (by its msgid), with where it is."""
    found: dict[str, str] = {}
    for source in SOURCES:
        for filename, line, message, _comments, _context in extract_from_dir(
            ROOT / source, [("**.py", "python")], keywords=DEFAULT_KEYWORDS
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, f"{source}/{filename}:{line}")
    return found


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_marked_string_is_translated(language: str) -> None:
    catalog = load_catalog(LOCALES_DIR / language / "LC_MESSAGES")
    assert catalog is not None, f"no catalog for {language}"
    marked = marked_strings()
    assert len(marked) > 300  # the extraction found the code's strings
    missing = [
        f"{where}: {msgid!r}"
        for msgid, where in marked.items()
        if msgid not in catalog
        or not all(
            catalog[msgid].string
            if isinstance(catalog[msgid].string, tuple)
            else [catalog[msgid].string]
        )
    ]
    assert not missing, f"{len(missing)} strings lack a {language} translation:\n" + "\n".join(
        missing
    )
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert not fuzzy, f"fuzzy (unchecked) translations: {fuzzy}"
    unused = [
        m.id
        for m in catalog
        if m.id and (m.id[0] if isinstance(m.id, tuple) else m.id) not in marked
    ]
    assert not unused, f"translations of strings the code no longer has: {unused}"


@pytest.mark.parametrize("language", TRANSLATED)
def test_translations_keep_the_markup(language: str) -> None:
    catalog = load_catalog(LOCALES_DIR / language / "LC_MESSAGES")
    assert catalog is not None
    wrong = []
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # HTML tags are the markup the text is sent with: a translation keeps every one.
        tags = sorted(re.findall(r"</?\w+", ids[0]))
        wrong += [(ids[0], s) for s in strings if sorted(re.findall(r"</?\w+", s)) != tags]
    assert not wrong, "\n".join(f"{msgid!r} -> {msgstr!r}" for msgid, msgstr in wrong)


def test_russian_counts_have_three_forms() -> None:
    catalog = load_catalog(LOCALES_DIR / "ru" / "LC_MESSAGES")
    assert catalog is not None and catalog.num_plurals == 3
    from app.i18n import ngettext, use

    with use("ru"):
        days = [ngettext("{n} day", "{n} days", n).format(n=n) for n in (1, 2, 5, 11, 21, 22)]
    assert days == ["1 день", "2 дня", "5 дней", "11 дней", "21 день", "22 дня"]


@pytest.mark.parametrize(
    "content",
    [
        'msgid "Hello"\nmsgstr "Привет"\nnot a po line\n',
        # A lost placeholder would fail where the text is shown: refused when it is loaded.
        'msgid "Hello, {name}"\nmsgstr "Привет, {имя}"\n',
        'msgid "Hello, {name}"\nmsgstr "Привет, {name} }"\n',  # a stray brace
    ],
)
def test_a_broken_catalog_is_named_in_one_line(tmp_path: Path, content: str) -> None:
    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text(content, encoding="utf-8")
    with pytest.raises(TranslationsError) as error:
        load_catalog(folder)
    assert str(error.value).startswith(f"{folder / 'messages.po'}:")
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("command", ["serve", "worker"])
async def test_a_broken_catalog_stops_the_start_in_one_line(
    cli, monkeypatch, tmp_path: Path, command: str
) -> None:
    import app.i18n

    folder = tmp_path / "ru" / "LC_MESSAGES"
    folder.mkdir(parents=True)
    (folder / "messages.po").write_text('msgid "Hi {name}"\nmsgstr "Привет"\n', encoding="utf-8")
    monkeypatch.setattr(app.i18n, "LOCALES_DIR", tmp_path)
    monkeypatch.setenv("REDIS_URL", "redis://127.0.0.1:1/0")  # the worker's; never reached
    app.i18n.translator.cache_clear()
    try:
        code, _out, err = await cli(command)
    finally:
        app.i18n.translator.cache_clear()

    assert one_line_error(code, err).startswith(f"error: {folder / 'messages.po'}:")
