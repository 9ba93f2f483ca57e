"""The guides users read from /help: Markdown files that admins edit without touching the code,
checked when the process starts and rendered with Telegram's message entities.

Where they live: GUIDES_DIR (default `app/guides`), one folder per language the bot speaks
(`en`, `ru`), one file per guide, `<slug>.md` (a slug is 1-32 of a-z, 0-9 and -, starting with
a letter or digit). Every language has the same guides. The guides named in ORDER come first, in
that order, then any others by slug. A change takes effect at the next start.

The Markdown a guide may use (a small subset; anything else shows as written):

    # Title              the first line of every file: the guide's name in the list, and the
                         bold heading of each of its pages
    ## Heading           a section heading, shown bold ("# Heading" below the title too)
    Some text            a paragraph: lines up to a blank line, joined with spaces as Markdown
                         joins them; a line ending in a backslash keeps its line break
    - item               a bullet list, one "- " line per item (a line not starting with "- "
                         continues the item above); "1. item" lines are numbered items, shown
                         with their numbers as written
    **bold**  *italic*  _italic_  `code`
    [text](https://example.com)       a link; http:// and https:// only
    ```                  a code block (```sh names its language), up to a line of ```
    \\*                  a backslash shows the next character as written: \\* \\_ \\` \\[ \\] \\\\

An underscore inside a word (/referral_link, next_after) is text, not italics, and a lone * or _
that nothing closes is text. Bold and italics may hold each other and links; code holds text
only (Telegram allows no entity inside code, nor code inside another entity).

Checked at start (`load_guides`): a problem stops the start with one line naming the file (and
the line): a language without the same guides as the others, a file name that is not a slug, a
file that is not UTF-8, an empty file or one with nothing under its title, a first line that is
not "# Title" (at most 64 characters: it labels a button), an unterminated **, ` or ```, or a
malformed link.

A guide longer than one message is split into pages at Telegram's limit of 4096 characters,
counted in UTF-16 code units as Telegram counts them: between blocks (a heading stays with what
follows it), and a block too long for a page between lines, then words. An entity never straddles
two pages: a bold phrase or code block that is cut becomes two, one on each page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from aiogram.utils.formatting import Bold, Code, Italic, Pre, Text, TextLink, sizeof

from app.errors import DomainError
from app.i18n import DEFAULT_LANGUAGE, LANGUAGES

# Telegram's longest message text, in UTF-16 code units.
MESSAGE_LIMIT = 4096
TITLE_LIMIT = 64
SLUG_RE = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
# The guides the bot ships, in the order the list shows them; the help menu links some of them
# from its categories. Guides admins add come after these, by slug.
ORDER = ("getting-started", "signals", "payments", "refunds", "affiliates", "faq")
ESCAPABLE = frozenset("\\*_`[]()#-")
LINK_URL_RE = re.compile(r"https?://[^\s()<>]+")
HEADING_RE = re.compile(r"(#{1,2}) +(\S.*)")
NUMBERED_RE = re.compile(r"\d{1,3}[.)] +\S")
CODE_LANGUAGE_RE = re.compile(r"[\w+#.-]{1,32}")
TITLE_RE = re.compile(r"# +(\S.*)")


class GuidesError(DomainError):
    """A guide that cannot be shown: the start stops with this one line naming the file."""

    code = "guides.invalid"


# An inline style, outermost first in a run: ("bold", ""), ("italic", ""), ("code", ""),
# ("pre", language) or ("link", url).
Style = tuple[str, str]
BOLD: Style = ("bold", "")
ITALIC: Style = ("italic", "")
CODE: Style = ("code", "")


@dataclass(frozen=True)
class Run:
    """A stretch of text in one set of styles."""

    styles: tuple[Style, ...]
    text: str


@dataclass(frozen=True)
class Block:
    kind: str  # "heading", "paragraph", "item" or "code"
    runs: tuple[Run, ...]


@dataclass(frozen=True)
class Guide:
    slug: str
    title: str
    pages: tuple[Text, ...]


class Guides:
    """Every language's guides, parsed and split into pages once, at start."""

    def __init__(self, by_language: dict[str, dict[str, Guide]]) -> None:
        self.by_language = by_language

    def listed(self, language: str) -> list[Guide]:
        guides = self.by_language.get(language) or self.by_language.get(DEFAULT_LANGUAGE, {})
        return sorted(guides.values(), key=lambda guide: order_key(guide.slug))

    def get(self, language: str, slug: str) -> Guide | None:
        guides = self.by_language.get(language) or self.by_language.get(DEFAULT_LANGUAGE, {})
        return guides.get(slug)


def order_key(slug: str) -> tuple[int, str]:
    return (ORDER.index(slug) if slug in ORDER else len(ORDER), slug)


class Problem(Exception):
    """A problem at a place in a file: `line` counts from 1."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


# Reading the files


def load_guides(folder: Path, languages: Iterable[str] = LANGUAGES) -> Guides:
    """Every language's guides from `folder`, checked and split into pages, or GuidesError."""
    languages = list(languages)
    if not folder.is_dir():
        raise GuidesError(f"{folder}: no such folder of guides (GUIDES_DIR)")
    found: dict[str, dict[str, Path]] = {}
    for language in languages:
        language_dir = folder / language
        if not language_dir.is_dir():
            raise GuidesError(f"{language_dir}: missing: every language needs its guides")
        files = {}
        for path in sorted(language_dir.glob("*.md")):
            if not SLUG_RE.fullmatch(path.stem):
                raise GuidesError(
                    f"{path}: a guide's file name must be 1-32 of a-z, 0-9 and - then .md"
                )
            files[path.stem] = path
        found[language] = files
    first = languages[0]
    for language in languages[1:]:
        missing = sorted(set(found[first]) - set(found[language]))
        if missing:
            names = ", ".join(f"{slug}.md" for slug in missing)
            raise GuidesError(f"{folder / language}: lacks {names}, which {first} has")
        extra = sorted(set(found[language]) - set(found[first]))
        if extra:
            raise GuidesError(f"{found[language][extra[0]]}: {first} has no such guide")
    return Guides(
        {
            language: {slug: read_guide(path) for slug, path in files.items()}
            for language, files in found.items()
        }
    )


def read_guide(path: Path) -> Guide:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise GuidesError(f"{path}: cannot read it: {exc.strerror}") from None
    try:
        source = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise GuidesError(f"{path}:{line}: not valid UTF-8 (byte {exc.start + 1})") from None
    try:
        return parse_guide(path.stem, source)
    except Problem as problem:
        where = f"{path}:{problem.line}" if problem.line else str(path)
        raise GuidesError(f"{where}: {problem.message}") from None


def parse_guide(slug: str, source: str) -> Guide:
    """A guide from its Markdown, or Problem."""
    source = source.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not source.strip():
        raise Problem(0, "empty: a guide starts with a line '# Title'")
    lines = source.split("\n")
    title_match = TITLE_RE.fullmatch(lines[0].rstrip())
    if title_match is None:
        raise Problem(1, "the first line must be the title: '# Title'")
    title = title_match.group(1).strip()
    if sizeof(title) > TITLE_LIMIT:
        raise Problem(1, f"the title is over {TITLE_LIMIT} characters")
    blocks = parse_blocks(lines)
    if not blocks:
        raise Problem(1, "nothing under the title")
    pages = paginate(title, blocks)
    return Guide(slug, title, tuple(Text(*nodes(page)) for page in pages))


# Blocks


@dataclass
class Pending:
    """The paragraph or list item being read: its lines, and where each starts."""

    kind: str
    first_line: int
    text: str = ""
    marker: str = ""  # what an item is shown after: "• " for a bullet

    def add(self, line: str, broke: bool) -> None:
        if self.text:
            self.text += "\n" if broke else " "
        self.text += line


def parse_blocks(lines: Sequence[str]) -> list[Block]:
    blocks: list[Block] = []
    pending: Pending | None = None
    broke = False  # the line before ended in a backslash: keep the break

    def flush() -> None:
        nonlocal pending, broke
        broke = False
        if pending is not None and pending.text.strip():
            runs = parse_inline(pending.text, pending.first_line)
            if pending.marker:
                runs = [Run((), pending.marker), *runs]
            blocks.append(Block(pending.kind, tuple(runs)))
        pending = None

    number = 1  # the title's line
    while number < len(lines):
        line = lines[number].rstrip()
        number += 1
        if not line.strip():
            flush()
            continue
        stripped = line.lstrip()
        if stripped.startswith("```"):
            flush()
            language = stripped[3:].strip()
            if not CODE_LANGUAGE_RE.fullmatch(language):
                language = ""
            opened = number
            body: list[str] = []
            while number < len(lines) and lines[number].strip() != "```":
                body.append(lines[number].rstrip())
                number += 1
            if number >= len(lines):
                raise Problem(opened, "unterminated ``` (no closing ``` line)")
            number += 1  # the closing ```
            code = "\n".join(body).strip("\n")
            if code.strip():
                blocks.append(Block("code", (Run((("pre", language),), code),)))
            continue
        heading = HEADING_RE.fullmatch(stripped)
        if heading is not None:
            flush()
            runs = parse_inline(heading.group(2), number)
            blocks.append(Block("heading", tuple(emphasized(runs, BOLD))))
            continue
        ends_with_break = stripped.endswith("\\") and not stripped.endswith("\\\\")
        text = stripped[:-1].rstrip() if ends_with_break else stripped
        if stripped.startswith("- "):
            flush()
            pending = Pending("item", number, marker="• ")
            text = text[2:].strip()
        elif NUMBERED_RE.match(stripped):
            flush()
            pending = Pending("item", number)
        elif pending is None:
            pending = Pending("paragraph", number)
        pending.add(text, broke)
        broke = ends_with_break
    flush()
    return blocks


def emphasized(runs: Iterable[Run], style: Style) -> list[Run]:
    """The runs with `style` outermost (code stays plain code: no entity may hold it)."""
    result = []
    for run in runs:
        if run.styles and run.styles[0][0] in ("code", "pre"):
            result.append(run)
        else:
            result.append(Run((style, *(s for s in run.styles if s != style)), run.text))
    return result


# Inline formatting


class InlineParser:
    """**bold**, *italic*, _italic_, `code` and [links](https://…) in one block's text. `first_line`
    and the newlines in the text give the line a problem is on."""

    def __init__(self, text: str, first_line: int) -> None:
        self.text = text
        self.first_line = first_line

    def line_of(self, position: int) -> int:
        return self.first_line + self.text.count("\n", 0, position)

    def problem(self, position: int, message: str) -> Problem:
        return Problem(self.line_of(position), message)

    def word_before(self, position: int) -> bool:
        return position > 0 and (self.text[position - 1].isalnum())

    def word_after(self, position: int) -> bool:
        return position < len(self.text) and self.text[position].isalnum()

    def space_after(self, position: int) -> bool:
        return position >= len(self.text) or self.text[position].isspace()

    def space_before(self, position: int) -> bool:
        return position == 0 or self.text[position - 1].isspace()

    def closes(self, position: int, closer: str | None) -> bool:
        text = self.text
        if closer is None or not text.startswith(closer, position):
            return False
        if closer == "**" or closer == "]":
            return True
        if closer == "*":  # "***" ends an italic inside a bold
            return not self.space_before(position) and (
                not text.startswith("**", position) or text.startswith("***", position)
            )
        # "_": not inside a word, and after something
        return not self.space_before(position) and not self.word_after(position + 1)

    def parse(
        self, position: int, styles: tuple[Style, ...], closer: str | None
    ) -> tuple[list[Run], int]:
        """Runs from `position` up to `closer` (or the end when it is None); returns them and the
        position after the closer. Raises Unclosed when the closer never comes."""
        text = self.text
        runs: list[Run] = []
        plain = ""

        def keep(more: list[Run]) -> None:
            nonlocal plain
            if plain:
                runs.append(Run(styles, plain))
                plain = ""
            runs.extend(more)

        while position < len(text):
            char = text[position]
            if self.closes(position, closer):
                keep([])
                return runs, position + len(closer or "")
            if char == "\\" and position + 1 < len(text) and text[position + 1] in ESCAPABLE:
                plain += text[position + 1]
                position += 2
            elif char == "`":
                end = text.find("`", position + 1)
                if end < 0:
                    raise self.problem(position, "unterminated ` (code without its closing `)")
                if end > position + 1:
                    keep([Run((CODE,), text[position + 1 : end])])
                position = end + 1
            elif text.startswith("**", position):
                try:
                    inner, after = self.parse(position + 2, (*styles, BOLD), "**")
                except Unclosed:
                    raise self.problem(
                        position, "unterminated ** (bold without its closing **)"
                    ) from None
                keep(inner)
                position = after
            elif char in "*_" and self.opens(position, char):
                try:
                    inner, after = self.parse(position + 1, (*styles, ITALIC), char)
                except Unclosed:
                    plain += char  # a lone * or _ is text
                    position += 1
                    continue
                keep(inner)
                position = after
            elif char == "[" and closer != "]":
                link = self.link(position, styles)
                if link is None:
                    plain += char
                    position += 1
                    continue
                inner, position = link
                keep(inner)
            else:
                plain += char
                position += 1
        if closer is not None:
            raise Unclosed
        keep([])
        return runs, position

    def opens(self, position: int, char: str) -> bool:
        if self.space_after(position + 1):
            return False
        return char == "*" or not self.word_before(position)

    def link(self, position: int, styles: tuple[Style, ...]) -> tuple[list[Run], int] | None:
        """[text](url) at `position`, or None when the [ starts no link (text then)."""
        text = self.text
        try:
            inner, after = self.parse(position + 1, styles, "]")
        except Unclosed:
            return None
        if not text.startswith("(", after):
            return None
        end = text.find(")", after + 1)
        url = text[after + 1 : end] if end >= 0 else ""
        if end < 0 or not LINK_URL_RE.fullmatch(url):
            raise self.problem(
                position, "malformed link: write [text](https://…) with an http(s) address"
            )
        if not "".join(run.text for run in inner).strip():
            raise self.problem(position, "malformed link: the [text] is empty")
        depth = len(styles)  # the link goes inside the styles around it, around those in it
        linked = [
            run
            if run.styles and run.styles[0] == CODE
            else Run((*run.styles[:depth], ("link", url), *run.styles[depth:]), run.text)
            for run in inner
        ]
        return linked, end + 1


class Unclosed(Exception):
    """An emphasis or link text that reached the end of the block without its closer."""


def parse_inline(text: str, first_line: int) -> list[Run]:
    runs, _ = InlineParser(text, first_line).parse(0, (), None)
    return [run for run in runs if run.text]


# Pages


def size(runs: Iterable[Run]) -> int:
    return sum(sizeof(run.text) for run in runs)


def paginate(title: str, blocks: Sequence[Block], limit: int = MESSAGE_LIMIT) -> list[list[Run]]:
    """The guide as pages of runs, each at most `limit` UTF-16 code units long with its title."""
    header = [Run((BOLD,), title), Run((), "\n\n")]
    room = limit - size(header)
    pieces: list[tuple[Block, list[Run]]] = [
        (block, piece) for block in blocks for piece in split_block(block, room)
    ]
    pages: list[list[Run]] = []
    page: list[Run] = []
    used = 0
    previous: Block | None = None
    for index, (block, piece) in enumerate(pieces):
        gap = separator(previous, block) if page else ""
        needed = sizeof(gap) + size(piece)
        if block.kind == "heading" and index + 1 < len(pieces):
            # a heading stays with the start of what it heads
            following_block, following = pieces[index + 1]
            needed += sizeof(separator(block, following_block)) + size(following)
        if page and used + needed > room:
            pages.append(page)
            page, used, gap = [], 0, ""
        if gap:
            page.append(Run((), gap))
        page.extend(piece)
        used += sizeof(gap) + size(piece)
        previous = block
    if page:
        pages.append(page)
    return [header + page for page in pages]


def separator(before: Block | None, after: Block) -> str:
    if before is None:
        return ""
    if before.kind == "heading" or (before.kind == after.kind == "item"):
        return "\n"
    return "\n\n"


def split_block(block: Block, room: int) -> list[list[Run]]:
    """The block as pieces of at most `room` code units: whole if it fits, else cut between
    lines, then words, then characters; each piece's runs keep their styles."""
    runs = list(block.runs)
    if size(runs) <= room:
        return [runs]
    pieces = []
    for piece in chop(runs, room, 0):
        trimmed = rstrip(piece)
        if trimmed:
            pieces.append(trimmed)
    return pieces


# Where a too-long block may be cut, in order of preference: after a line, after a word.
BREAKS: tuple[str | None, ...] = ("\n", " ", None)


def chop(runs: list[Run], room: int, level: int) -> list[list[Run]]:
    pieces: list[list[Run]] = []
    current: list[Run] = []
    used = 0
    for atom in atoms(runs, BREAKS[level]):
        atom_size = size(atom)
        if atom_size > room:
            if current:
                pieces.append(current)
                current, used = [], 0
            pieces.extend(chop(atom, room, level + 1))
            continue
        if used + atom_size > room:
            pieces.append(current)
            current, used = [], 0
        current.extend(atom)
        used += atom_size
    if current:
        pieces.append(current)
    return pieces


def atoms(runs: list[Run], cut: str | None) -> list[list[Run]]:
    """The runs cut after each `cut` character (each character when None)."""
    result: list[list[Run]] = []
    current: list[Run] = []
    for run in runs:
        parts = list(run.text) if cut is None else re.split(f"(?<={re.escape(cut)})", run.text)
        for part in parts:
            if not part:
                continue
            current.append(Run(run.styles, part))
            if cut is None or part.endswith(cut):
                result.append(current)
                current = []
    if current:
        result.append(current)
    return result


def rstrip(runs: list[Run]) -> list[Run]:
    runs = list(runs)
    while runs:
        last = runs[-1]
        text = last.text.rstrip()
        if text:
            runs[-1] = Run(last.styles, text)
            break
        runs.pop()
    return merged(runs)


def merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs of the same styles as one."""
    result: list[Run] = []
    for run in runs:
        if result and result[-1].styles == run.styles:
            result[-1] = Run(run.styles, result[-1].text + run.text)
        else:
            result.append(run)
    return result


# Entities


def nodes(runs: Sequence[Run], depth: int = 0) -> list[Text | str]:
    """aiogram's formatting nodes for the runs: neighbours sharing a style share its entity."""
    runs = merged(list(runs)) if depth == 0 else list(runs)
    result: list[Text | str] = []
    index = 0
    while index < len(runs):
        run = runs[index]
        if len(run.styles) <= depth:
            result.append(run.text)
            index += 1
            continue
        style = run.styles[depth]
        end = index
        while (
            end < len(runs) and len(runs[end].styles) > depth and runs[end].styles[depth] == style
        ):
            end += 1
        result.append(entity(style, nodes(runs[index:end], depth + 1)))
        index = end
    return result


def entity(style: Style, body: list[Text | str]) -> Text:
    kind, value = style
    if kind == "bold":
        return Bold(*body)
    if kind == "italic":
        return Italic(*body)
    if kind == "code":
        return Code(*body)
    if kind == "pre":
        return Pre(*body, language=value or None)
    return TextLink(*body, url=value)
