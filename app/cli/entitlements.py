"""`entitlements grant|revoke|list`: access by hand, for support and admins."""

from __future__ import annotations

import argparse
import re
import uuid
from datetime import UTC, datetime

from app.cli.services import open_services
from app.cli.telling import tell
from app.config import Settings
from app.i18n import _, date, language_of, ngettext, number
from app.services.catalog import ENTITLEMENT_KEY_RE
from app.services.entitlements import Change
from app.wording import relative
from models import GrantSource, User


def entitlement_key(value: str) -> str:
    if not ENTITLEMENT_KEY_RE.fullmatch(value):
        raise argparse.ArgumentTypeError(f"{value!r} is not an entitlement key (1-64 of a-z 0-9 _)")
    return value


def positive_days(value: str) -> int:
    if not re.fullmatch(r"[0-9]{1,5}", value) or not 1 <= int(value) <= 36500:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of days from 1 to 36500")
    return int(value)


def register(groups: argparse._SubParsersAction) -> None:
    parser = groups.add_parser("entitlements", help="grant, revoke and list users' access")
    actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

    grant = actions.add_parser("grant", help="give a user access to a key")
    grant.add_argument("user", help="Telegram id or @username")
    grant.add_argument("key", type=entitlement_key, help="like premium")
    length = grant.add_mutually_exclusive_group(required=True)
    length.add_argument("--days", type=positive_days)
    length.add_argument("--lifetime", action="store_true")
    grant.add_argument("--note", default="", help="for the records; the user does not see it")
    grant.add_argument("--silent", action="store_true", help="do not tell the user")
    grant.set_defaults(run=grant_access)

    revoke = actions.add_parser("revoke", help="take access back")
    revoke.add_argument("user")
    revoke.add_argument("key", type=entitlement_key)
    revoke.add_argument(
        "--source",
        choices=[s.value for s in GrantSource],
        help="only what this kind of source gave (default: everything)",
    )
    revoke.add_argument("--ref", help="only what this source gave (an order id, a product code)")
    revoke.add_argument("--note", default="", help="for the records; the user does not see it")
    revoke.add_argument("--silent", action="store_true", help="do not tell the user")
    revoke.set_defaults(run=revoke_access)

    listing = actions.add_parser("list", help="a user's access and its history")
    listing.add_argument("user")
    listing.set_defaults(run=list_access)


def who(user: User) -> str:
    return f"@{user.username} ({user.telegram_id})" if user.username else str(user.telegram_id)


def granted_text(title: str, change: Change, days: int | None, now: datetime) -> str:
    """What the user is told, in their language (called under `use`)."""
    if days is None:
        return _("🎁 You've been given lifetime access to {title}.").format(title=title)
    ends = change.after.expires_at
    assert ends is not None, "a grant of days ends"
    return ngettext(
        "🎁 You've been given {n} day of {title}: your access now ends {when} ({moment}).",
        "🎁 You've been given {n} days of {title}: your access now ends {when} ({moment}).",
        days,
    ).format(n=number(days), title=title, when=relative(ends, now), moment=date(ends))


def revoked_text(title: str, change: Change, now: datetime) -> str:
    """What the user is told, in their language (called under `use`)."""
    access = change.after
    if not access.active:
        return _("Your access to {title} has been withdrawn.").format(title=title)
    if access.lifetime or access.expires_at is None:
        return _("Your access to {title} has changed: it is lifetime access.").format(title=title)
    return _("Your access to {title} has changed: it now ends {when} ({moment}).").format(
        title=title, when=relative(access.expires_at, now), moment=date(access.expires_at)
    )


def describe(change: Change) -> str:
    """The user's access to the key after the change, for the admin."""
    access = change.after
    if not access.active:
        return "no access left"
    if access.lifetime:
        return "lifetime access"
    return f"access until {access.expires_at:%Y-%m-%d %H:%M} UTC"


async def grant_access(settings: Settings, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    days = None if args.lifetime else args.days
    async with open_services(settings) as services:
        user = await services.users.resolve(args.user)
        changes = await services.entitlements.grant(
            user,
            [args.key],
            days,
            GrantSource.ADMIN,
            f"cli-{uuid.uuid4().hex[:12]}",
            now,
            note=args.note,
        )
        title = await services.catalog.entitlement_title(args.key, language_of(user))
        note = (
            "not told: --silent"
            if args.silent
            else await tell(
                services, user, lambda: granted_text(title, changes[0], days, now), changes
            )
        )
    print(f"Granted {args.key} to {who(user)}: {describe(changes[0])} ({note})")


async def revoke_access(settings: Settings, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    async with open_services(settings) as services:
        user = await services.users.resolve(args.user)
        changes = await services.entitlements.revoke(
            user,
            now,
            key=args.key,
            source=GrantSource(args.source) if args.source else None,
            source_ref=args.ref,
            note=args.note,
        )
        title = await services.catalog.entitlement_title(args.key, language_of(user))
        note = (
            "not told: --silent"
            if args.silent
            else await tell(services, user, lambda: revoked_text(title, changes[0], now), changes)
        )
    print(f"Revoked {args.key} from {who(user)}: {describe(changes[0])} ({note})")


async def list_access(settings: Settings, args: argparse.Namespace) -> None:
    now = datetime.now(UTC)
    async with open_services(settings) as services:
        user = await services.users.resolve(args.user)
        accesses = await services.entitlements.summary(user.id, now)
        grants = await services.entitlements.grants_of(user.id)
        history = await services.entitlements.history(user.id)
    print(who(user))
    print("Access now:")
    for access in accesses:
        until = "lifetime" if access.lifetime else f"until {access.expires_at:%Y-%m-%d %H:%M} UTC"
        print(f"  {access.key}: {until}")
    if not accesses:
        print("  none")
    print("Grants:")
    for grant in grants:
        until = "lifetime" if grant.expires_at is None else f"{grant.expires_at:%Y-%m-%d %H:%M}"
        print(
            f"  #{grant.id} {grant.key} from {grant.source.value} {grant.source_ref}: "
            f"{grant.starts_at:%Y-%m-%d %H:%M} → {until} [{grant.status.value}]"
        )
    print("History:")
    for event in history:
        print(
            f"  {event.created_at:%Y-%m-%d %H:%M} {event.key} {event.action}"
            + (f" — {event.details}" if event.details else "")
        )
