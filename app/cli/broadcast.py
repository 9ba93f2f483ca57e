"""`broadcast create|preview|send|list|status|pause|resume|cancel`: messages to a segment of
the bot's users (or a channel), sent by the worker at Telegram's pace."""

from __future__ import annotations

import argparse
import asyncio
import sys
from datetime import UTC, datetime
from pathlib import Path

from tqdm import tqdm  # type: ignore[import-untyped]

from app.cli.promo import moment
from app.cli.services import open_services
from app.config import ConfigError, Settings
from app.services.broadcasts import SEGMENTS_HELP, BadBroadcast, Button, Progress, Segment
from app.texts import broadcast_report, headline
from app.wording import plural
from models import BroadcastStatus, MediaKind

# How often `status --follow` redraws its bar.
FOLLOW_EVERY_S = 1.0
# What --follow waits through: anything else is for an admin to change.
MOVING = {BroadcastStatus.SCHEDULED, BroadcastStatus.SENDING}


def segment(value: str) -> Segment:
    try:
        return Segment.parse(value)
    except BadBroadcast as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def button(value: str) -> Button:
    try:
        return Button.parse(value)
    except BadBroadcast as exc:
        raise argparse.ArgumentTypeError(exc.message) from None


def broadcast_id(value: str) -> int:
    number = value.removeprefix("#")
    if not (number.isascii() and number.isdigit()) or not 1 <= int(number) < 2**31:
        raise argparse.ArgumentTypeError(f"{value!r} is not a broadcast number like 12")
    return int(number)


def chat_id(value: str) -> int:
    if not (value.isascii() and value.lstrip("-").isdigit()) or len(value) > 20:
        raise argparse.ArgumentTypeError(f"{value!r} is not a Telegram user id like 12345")
    return int(value)


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("broadcast", help="messages to many users, at Telegram's pace")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    create = actions.add_parser("create", help="compose a broadcast (a draft, or scheduled)")
    create.add_argument(
        "--segment", type=segment, required=True, metavar="SEGMENT", help=SEGMENTS_HELP
    )
    create.add_argument(
        "--text-file",
        type=Path,
        required=True,
        metavar="FILE",
        help="the text, with Telegram's HTML formatting (<b>, <i>, <a href>, …); - reads stdin",
    )
    media = create.add_mutually_exclusive_group()
    media.add_argument("--photo", metavar="FILE_ID_OR_URL")
    media.add_argument("--document", metavar="FILE_ID_OR_URL")
    create.add_argument(
        "--button",
        type=button,
        action="append",
        default=[],
        metavar="TEXT=URL",
        help="a link button under the message (repeat for more); presses are counted",
    )
    create.add_argument(
        "--at", type=moment, help="start then, like 2026-12-01T09:00+01:00 (no offset: UTC)"
    )
    create.set_defaults(run=create_broadcast)

    preview = actions.add_parser("preview", help="send it to one admin, as users will see it")
    preview.add_argument("id", type=broadcast_id)
    preview.add_argument("--to", type=chat_id, required=True, metavar="ADMIN_ID")
    preview.set_defaults(run=preview_broadcast)

    send = actions.add_parser("send", help="start a draft now, or at --at")
    send.add_argument("id", type=broadcast_id)
    send.add_argument("--at", type=moment, help="like 2026-12-01T09:00+01:00 (no offset: UTC)")
    send.set_defaults(run=send_broadcast)

    actions.add_parser("list", help="what is scheduled, then the latest").set_defaults(
        run=list_broadcasts
    )

    status = actions.add_parser("status", help="sent, failed, blocked, left, rate and ETA")
    status.add_argument("id", type=broadcast_id)
    status.add_argument("--follow", action="store_true", help="a progress bar until it is done")
    status.set_defaults(run=broadcast_status)

    for name, verb in (("pause", "pause"), ("resume", "resume"), ("cancel", "cancel")):
        action = actions.add_parser(name, help=f"{verb} a broadcast")
        action.add_argument("id", type=broadcast_id)
        action.set_defaults(run=change_broadcast, change=name)


def read_text(path: Path) -> str:
    try:
        text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or exc
        raise BadBroadcast(f"cannot read {path}: {reason}") from None
    return text.strip()  # Telegram drops it too: a file's final newline is no character


async def create_broadcast(settings: Settings, args: argparse.Namespace) -> None:
    text = read_text(args.text_file)
    media_kind, media = None, None
    if args.photo is not None:
        media_kind, media = MediaKind.PHOTO, args.photo
    elif args.document is not None:
        media_kind, media = MediaKind.DOCUMENT, args.document
    now = datetime.now(UTC)
    async with open_services(settings) as services:
        broadcast = await services.broadcasts.create(
            args.segment,
            text,
            now,
            media_kind=media_kind,
            media=media,
            buttons=args.button,
            send_at=args.at,
        )
        reach = len(await services.broadcasts.recipients(args.segment, now))
    print(f"Broadcast {headline(broadcast)}; {plural(reach, 'recipient')} today")
    print(f"Preview: python -m app broadcast preview {broadcast.id} --to ADMIN_ID")
    if broadcast.status == BroadcastStatus.DRAFT:
        print(f"Start:   python -m app broadcast send {broadcast.id}")


async def preview_broadcast(settings: Settings, args: argparse.Namespace) -> None:
    if not settings.is_admin(args.to):
        raise ConfigError(f"{args.to} is not in ADMIN_IDS: previews go to admins only")
    async with open_services(settings, need_bot=True) as services:
        assert services.broadcaster is not None, "opened with the Bot"
        await services.broadcaster.preview(args.id, args.to)
    print(f"Sent broadcast #{args.id} to {args.to}")


async def send_broadcast(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        broadcast = await services.broadcasts.schedule(args.id, args.at or datetime.now(UTC))
    print(f"Broadcast {headline(broadcast)}" + ("" if args.at else " (now)"))
    print(
        "The worker sends it (`python -m app worker`, or `serve` itself without REDIS_URL): "
        f"python -m app broadcast status {args.id} --follow"
    )


async def list_broadcasts(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        broadcasts = await services.broadcasts.listing()
    for broadcast in broadcasts:
        print(headline(broadcast))
    if not broadcasts:
        print("No broadcasts yet: `python -m app broadcast create --segment all --text-file F`")


async def broadcast_status(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        progress = await services.broadcasts.progress(args.id, datetime.now(UTC))
        if args.follow and progress.broadcast.status in MOVING:
            progress = await follow(services.broadcasts, progress)
    print("\n".join(broadcast_report(progress)))


async def follow(broadcasts, progress: Progress) -> Progress:
    """A progress bar on stderr until the broadcast is done, cancelled or paused."""
    if progress.broadcast.status == BroadcastStatus.SCHEDULED:
        print(
            "Waiting for it to start: a worker sends it (`python -m app worker`, or `serve` "
            "without REDIS_URL).",
            file=sys.stderr,
        )
    with tqdm(total=progress.total, unit="msg", file=sys.stderr) as bar:
        while True:
            bar.total = progress.total
            bar.n = progress.done
            bar.set_postfix_str(str(progress.broadcast.status))
            bar.refresh()
            if progress.broadcast.status not in MOVING:
                return progress
            await asyncio.sleep(FOLLOW_EVERY_S)
            progress = await broadcasts.progress(progress.broadcast.id, datetime.now(UTC))


async def change_broadcast(settings: Settings, args: argparse.Namespace) -> None:
    async with open_services(settings) as services:
        if args.change == "pause":
            broadcast = await services.broadcasts.pause(args.id)
        elif args.change == "resume":
            broadcast = await services.broadcasts.resume(args.id)
        else:
            broadcast = await services.broadcasts.cancel(args.id, datetime.now(UTC))
    print(f"Broadcast {headline(broadcast)}")
