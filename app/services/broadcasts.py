"""Broadcasts: composing, choosing recipients, and the durable state of each recipient's
message that lets any number of senders share the work and a crash lose or double nothing.

A broadcast's recipients are chosen once, when it starts, and stored: each is pending, then
claimed by one sender for a lease, then sent (with Telegram's message id), failed (with the
reason), or blocked. A sender that dies leaves its claims to run out; they are pending again
after the lease, so at most the messages it had in flight go out twice.
"""

from __future__ import annotations

import re
import secrets
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from html.parser import HTMLParser
from uuid import UUID

from tortoise.expressions import F, Q, Subquery
from tortoise.functions import Count, Max
from tortoise.transactions import in_transaction

from app.errors import DomainError
from app.services.commands import ADMIN_CATEGORY, COMMAND_NAME_RE
from app.services.entitlements import PREMIUM_KEY
from models import (
    PAID_STATUSES,
    Affiliate,
    Broadcast,
    BroadcastButton,
    BroadcastKind,
    BroadcastRecipient,
    BroadcastStatus,
    Campaign,
    CampaignMember,
    DeliveryStatus,
    EntitlementGrant,
    GrantStatus,
    MediaKind,
    Order,
    Signal,
    TelegramCommand,
    User,
)

# Telegram's limits: a message's text, a caption, a button's text, buttons under a message.
TEXT_LIMIT, CAPTION_LIMIT, BUTTON_TEXT_LIMIT, BUTTONS_LIMIT = 4096, 1024, 64, 10
# The tags Telegram's HTML parse mode knows (https://core.telegram.org/bots/api#html-style).
TELEGRAM_TAGS = frozenset(
    {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler"}
    | {"a", "code", "pre", "blockquote", "tg-emoji"}
)
LINK_SCHEMES = ("http://", "https://", "tg://", "mailto:")
FILE_ID_RE = re.compile(r"[A-Za-z0-9_-]{20,255}")
URL_RE = re.compile(r"https?://[^\s/$.?#][^\s]{0,1000}")
LANGUAGE_RE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})?")
CHAT_ID_RE = re.compile(r"-?[0-9]{1,19}")
NAME_RE = re.compile(r"[A-Za-z0-9_.-]{1,64}")

# How long a sender holds the recipients it claimed: longer than a batch takes to send (a
# sender claims about two seconds' worth, and sends none once its lease is nearly over); a
# dead sender's claims are taken over after it.
LEASE = timedelta(seconds=20)
# Network failures are retried this many times, waiting twice as long each time (≤ 5 minutes).
MAX_ATTEMPTS = 8
MAX_BACKOFF = timedelta(minutes=5)
# Orders of recipients this long after the start count towards a broadcast.
ORDER_WINDOW = timedelta(days=7)
SEGMENTS_HELP = (
    "all, premium, free, expired:DAYS, affiliates, language:CODE, campaign:NAME, "
    "ids:ID,ID,... or channel:CHAT_ID"
)


class BadBroadcast(DomainError):
    """A broadcast that cannot go out as given. The causes a bot's admin can meet carry a code
    of their own (the handler words them); the rest keep the general one."""

    code = "broadcast.invalid"

    def __init__(self, message: str, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code


class UnknownBroadcast(DomainError):
    code = "broadcast.unknown"


class WrongState(DomainError):
    code = "broadcast.state"


@dataclass(frozen=True)
class Segment:
    """Who a broadcast goes to: a kind and its argument (days, language, campaign), with the
    chats of the ids and channel kinds."""

    kind: str
    argument: str = ""
    chat_ids: tuple[int, ...] = ()

    def __str__(self) -> str:
        return f"{self.kind}:{self.argument}" if self.argument else self.kind

    @classmethod
    def parse(cls, text: str) -> Segment:
        kind, _, argument = text.strip().partition(":")
        kind, argument = kind.lower(), argument.strip()
        if kind in {"all", "premium", "free", "affiliates", "signal"} and not argument:
            return cls(kind)
        days = int(argument) if argument.isascii() and argument.isdigit() else 0
        if kind == "expired" and 1 <= days <= 3650:
            return cls(kind, str(days))
        if kind == "language" and LANGUAGE_RE.fullmatch(argument.lower()):
            return cls(kind, argument.lower())
        if kind == "campaign" and NAME_RE.fullmatch(argument):
            return cls(kind, argument)
        if kind in {"ids", "channel"}:
            parts = [p.strip() for p in argument.split(",") if p.strip()]
            if parts and all(CHAT_ID_RE.fullmatch(p) for p in parts):
                ids = tuple(dict.fromkeys(int(p) for p in parts))
                if all(-(2**63) <= i < 2**63 for i in ids) and (kind == "ids" or len(ids) == 1):
                    return cls(kind, "", ids)
        raise BadBroadcast(
            f"unknown segment {text.strip()[:80]!r}: use {SEGMENTS_HELP}", "broadcast.segment"
        )

    def stored(self) -> str:
        return self.kind if self.chat_ids else str(self)

    @classmethod
    def of(cls, broadcast: Broadcast) -> Segment:
        kind, _, argument = broadcast.segment.partition(":")
        return cls(kind, argument, tuple(broadcast.chat_ids))

    def describe(self) -> str:
        if self.kind == "ids":
            return f"{len(self.chat_ids)} chosen chats"
        if self.kind == "channel":
            return f"channel {self.chat_ids[0]}"
        return str(self)


@dataclass(frozen=True)
class Button:
    """A link (url) or a command (its name, without the slash) under a broadcast."""

    text: str
    url: str = ""
    command: str | None = None

    @classmethod
    def parse(cls, text: str) -> Button:
        """TEXT=URL or TEXT=/command, as the CLI's --button takes it."""
        label, separator, target = text.partition("=")
        if not separator:
            raise BadBroadcast(f"a button is TEXT=URL or TEXT=/command, not {text[:80]!r}")
        return cls.checked(label.strip(), target.strip())

    @classmethod
    def checked(cls, label: str, target: str) -> Button:
        if not 1 <= len(label) <= BUTTON_TEXT_LIMIT:
            raise BadBroadcast(f"a button's text is 1 to {BUTTON_TEXT_LIMIT} characters")
        if target.startswith("/"):
            if not COMMAND_NAME_RE.fullmatch(target[1:]):
                raise BadBroadcast(f"{target[:40]!r} is not a command like /shop")
            return cls(label, command=target[1:])
        if not URL_RE.fullmatch(target):
            raise BadBroadcast(
                f"a button's link must be an http(s):// URL or a /command, not {target[:80]!r}"
            )
        return cls(label, target)


class _TelegramHtml(HTMLParser):
    """Checks text for Telegram's HTML parse mode: known tags, properly nested; counts the
    characters a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[str] = []
        self.visible = 0
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = dict(attrs)
        if tag not in TELEGRAM_TAGS:
            self.complain(f"<{tag}> is not a tag Telegram knows")
        elif tag == "a" and not (given.get("href") or "").startswith(LINK_SCHEMES):
            self.complain("<a> needs an href to an http(s)://, tg:// or mailto: address")
        elif tag == "span" and given != {"class": "tg-spoiler"}:
            self.complain('<span> is only <span class="tg-spoiler">')
        elif tag == "tg-emoji" and not (given.get("emoji-id") or "").isdigit():
            self.complain("<tg-emoji> needs an emoji-id")
        self.open.append(tag)

    def complain(self, problem: str) -> None:
        self.problem = self.problem or problem

    def handle_endtag(self, tag: str) -> None:
        if not self.open or self.open[-1] != tag:
            self.complain(f"</{tag}> closes a tag that is not open")
            return
        self.open.pop()

    def handle_data(self, data: str) -> None:
        self.visible += len(data.encode("utf-16-le")) // 2  # Telegram counts UTF-16 units


def check_html(text: str, limit: int) -> None:
    parser = _TelegramHtml()
    parser.feed(text)
    parser.close()
    problem = parser.problem or (f"<{parser.open[-1]}> is never closed" if parser.open else None)
    if problem:
        raise BadBroadcast(f"the text's formatting is broken: {problem}", "broadcast.formatting")
    if parser.visible > limit:
        raise BadBroadcast(
            f"the text is {parser.visible} characters; Telegram's limit is {limit}",
            "broadcast.too_long",
        )


def check_media(kind: MediaKind | None, media: str | None) -> None:
    if kind is None:
        return
    if not media or not (FILE_ID_RE.fullmatch(media) or URL_RE.fullmatch(media)):
        raise BadBroadcast(f"a {kind} is a Telegram file_id or an http(s):// URL")


@dataclass
class Progress:
    broadcast: Broadcast
    counts: Counter[str] = field(default_factory=Counter)
    sent_last_minute: int = 0
    clicks: list[tuple[str, int]] = field(default_factory=list)
    orders: int = 0

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def left(self) -> int:
        return self.counts[DeliveryStatus.PENDING] + self.counts[DeliveryStatus.SENDING]

    @property
    def done(self) -> int:
        return self.total - self.left

    @property
    def rate(self) -> float:
        """Messages a second over the last minute."""
        return self.sent_last_minute / 60

    @property
    def eta(self) -> timedelta | None:
        if not self.left or self.broadcast.status != BroadcastStatus.SENDING or not self.rate:
            return None
        return timedelta(seconds=round(self.left / self.rate))


@dataclass(frozen=True)
class Claimed:
    """A recipient a sender holds, with what it needs to send."""

    id: int
    broadcast_id: int
    chat_id: int
    user_id: UUID | None
    attempts: int
    claim: str  # the claim it is held by


class BroadcastService:
    def __init__(self, signals_channel_id: int | None) -> None:
        self.signals_channel_id = signals_channel_id

    # Composing

    async def create(
        self,
        segment: Segment,
        text: str,
        now: datetime,
        *,
        media_kind: MediaKind | None = None,
        media: str | None = None,
        buttons: list[Button] | tuple[Button, ...] = (),
        send_at: datetime | None = None,
        created_by: int | None = None,
    ) -> Broadcast:
        """A draft, or scheduled when send_at is given (a time in the past means now)."""
        if segment.kind == "signal":
            raise BadBroadcast("the signal segment is for new signals only", "broadcast.signal")
        if not text.strip() and media_kind is None:
            raise BadBroadcast("a broadcast needs a text, a photo or a document")
        check_html(text, CAPTION_LIMIT if media_kind else TEXT_LIMIT)
        check_media(media_kind, media)
        if len(buttons) > BUTTONS_LIMIT:
            raise BadBroadcast(f"at most {BUTTONS_LIMIT} buttons")
        commands = {b.command for b in buttons if b.command}
        known = set(
            await TelegramCommand.filter(command__in=commands, enabled=True)
            .exclude(category=ADMIN_CATEGORY)
            .values_list("command", flat=True)
        )
        if commands - known:
            unknown = ", ".join(f"/{c}" for c in sorted(commands - known))
            raise BadBroadcast(f"{unknown}: no such command for users (see commands list)")
        if segment.kind == "campaign" and not await Campaign.exists(name=segment.argument):
            raise BadBroadcast(
                f"no campaign {segment.argument!r}: see campaigns list", "broadcast.no_campaign"
            )
        if send_at is not None and send_at.tzinfo is None:
            raise BadBroadcast("the time needs a timezone, like 2026-12-01T09:00+00:00")
        async with in_transaction():
            broadcast = await Broadcast.create(
                segment=segment.stored(),
                chat_ids=list(segment.chat_ids),
                text=text,
                media_kind=media_kind,
                media=media,
                status=BroadcastStatus.SCHEDULED if send_at else BroadcastStatus.DRAFT,
                send_at=send_at,
                created_by=created_by,
            )
            await BroadcastButton.bulk_create(
                BroadcastButton(
                    broadcast=broadcast, position=i, text=b.text, url=b.url, command=b.command
                )
                for i, b in enumerate(buttons)
            )
        return broadcast

    async def for_signal(self, signal: Signal, now: datetime) -> bool:
        """The fan-out of a new premium signal, once per signal however often it arrives;
        True when this call made it."""
        _, created = await Broadcast.get_or_create(
            signal=signal,
            defaults={
                "kind": BroadcastKind.SIGNAL,
                "segment": "signal",
                "status": BroadcastStatus.SCHEDULED,
                "send_at": now,
            },
        )
        return created

    async def get(self, broadcast_id: int) -> Broadcast:
        broadcast = await Broadcast.get_or_none(id=broadcast_id)
        if broadcast is None:
            raise UnknownBroadcast(f"no broadcast #{broadcast_id}: see broadcast list")
        return broadcast

    async def buttons_of(self, broadcast_id: int) -> list[BroadcastButton]:
        return list(await BroadcastButton.filter(broadcast_id=broadcast_id).order_by("position"))

    async def listing(self, limit: int = 20) -> list[Broadcast]:
        """Scheduled ones first (soonest first), then the latest others."""
        scheduled = await Broadcast.filter(status=BroadcastStatus.SCHEDULED).order_by("send_at")
        others = (
            await Broadcast.exclude(status=BroadcastStatus.SCHEDULED).order_by("-id").limit(limit)
        )
        return [*scheduled, *others]

    # Lifecycle

    async def _change(
        self, broadcast_id: int, allowed: set[BroadcastStatus], verb: str, **changes: object
    ) -> Broadcast:
        """One status change, made only from the statuses allowed (a conditional update, so
        two admins, or an admin and a sender, cannot both win)."""
        broadcast = await self.get(broadcast_id)
        if broadcast.status in allowed:
            changed = await Broadcast.filter(id=broadcast_id, status=broadcast.status).update(
                **changes
            )
            if changed:
                return await self.get(broadcast_id)
            broadcast = await self.get(broadcast_id)
        raise WrongState(f"broadcast #{broadcast_id} is {broadcast.status}: it cannot {verb}")

    async def schedule(self, broadcast_id: int, at: datetime) -> Broadcast:
        """Start a draft (or move a scheduled one) at a time; now when it has passed."""
        if at.tzinfo is None:
            raise BadBroadcast("the time needs a timezone, like 2026-12-01T09:00+00:00")
        return await self._change(
            broadcast_id,
            {BroadcastStatus.DRAFT, BroadcastStatus.SCHEDULED},
            "be scheduled",
            status=BroadcastStatus.SCHEDULED,
            send_at=at,
        )

    async def pause(self, broadcast_id: int) -> Broadcast:
        return await self._change(
            broadcast_id,
            {BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED},
            "be paused",
            status=BroadcastStatus.PAUSED,
        )

    async def resume(self, broadcast_id: int) -> Broadcast:
        broadcast = await self.get(broadcast_id)
        # Recipients chosen: sending goes on; not yet: it waits for its time again.
        after = BroadcastStatus.SENDING if broadcast.started_at else BroadcastStatus.SCHEDULED
        return await self._change(broadcast_id, {BroadcastStatus.PAUSED}, "resume", status=after)

    async def cancel(self, broadcast_id: int, now: datetime) -> Broadcast:
        """Nothing more goes out; what was sent stays sent."""
        return await self._change(
            broadcast_id,
            {
                BroadcastStatus.DRAFT,
                BroadcastStatus.SCHEDULED,
                BroadcastStatus.SENDING,
                BroadcastStatus.PAUSED,
            },
            "be cancelled",
            status=BroadcastStatus.CANCELLED,
            finished_at=now,
        )

    # Recipients

    async def start_due(self, now: datetime) -> list[Broadcast]:
        """Start the scheduled broadcasts whose time has come: choose and store their
        recipients and mark them sending, in one transaction, so that a crash starts each
        exactly once."""
        started = []
        due = await Broadcast.filter(status=BroadcastStatus.SCHEDULED, send_at__lte=now)
        for candidate in due:
            async with in_transaction() as connection:
                broadcast = (
                    await Broadcast.filter(id=candidate.id, status=BroadcastStatus.SCHEDULED)
                    .using_db(connection)
                    .select_for_update()
                    .first()
                )
                if broadcast is None:
                    continue  # another sender started it, or an admin paused it
                chats = await self.recipients(Segment.of(broadcast), now)
                await BroadcastRecipient.bulk_create(
                    (
                        BroadcastRecipient(
                            broadcast=broadcast, chat_id=chat, user_id=user, next_attempt_at=now
                        )
                        for chat, user in chats.items()
                    ),
                    batch_size=1000,
                    using_db=connection,
                )
                await (
                    Broadcast.filter(id=broadcast.id)
                    .using_db(connection)
                    .update(status=BroadcastStatus.SENDING, started_at=now)
                )
            broadcast.status, broadcast.started_at = BroadcastStatus.SENDING, now
            started.append(broadcast)
        return started

    async def recipients(self, segment: Segment, now: datetime) -> dict[int, UUID | None]:
        """The chats a segment holds now ({chat id: user id}); users who blocked the bot are
        left out."""
        if segment.kind == "channel":
            return {segment.chat_ids[0]: None}
        reachable = User.filter(blocked_at__isnull=True)
        premium_ids = Subquery(
            EntitlementGrant.filter(
                Q(expires_at__isnull=True) | Q(expires_at__gt=now),
                key=PREMIUM_KEY,
                status=GrantStatus.ACTIVE,
                starts_at__lte=now,
            ).values("user_id")
        )
        if segment.kind == "all":
            users = reachable
        elif segment.kind == "premium":
            users = reachable.filter(id__in=premium_ids)
        elif segment.kind == "free":
            users = reachable.exclude(id__in=premium_ids)
        elif segment.kind == "signal":
            users = reachable.filter(id__in=premium_ids, signal_notifications=True)
        elif segment.kind == "expired":
            since = now - timedelta(days=int(segment.argument))
            lapsed = Subquery(
                EntitlementGrant.filter(key=PREMIUM_KEY, expires_at__isnull=False)
                .exclude(status=GrantStatus.REVOKED)
                .annotate(last_end=Max("expires_at"))
                .group_by("user_id")
                .filter(last_end__gte=since, last_end__lte=now)
                .values("user_id")
            )
            users = reachable.filter(id__in=lapsed).exclude(id__in=premium_ids)
        elif segment.kind == "affiliates":
            users = reachable.filter(id__in=Subquery(Affiliate.all().values("user_id")))
        elif segment.kind == "language":
            # The language the bot speaks with them: their /language choice, else Telegram's.
            telegrams = Q(language_code=segment.argument) | Q(
                language_code__startswith=f"{segment.argument}-"
            )
            users = reachable.filter(
                Q(language=segment.argument) | (Q(language__isnull=True) & telegrams)
            )
        elif segment.kind == "campaign":
            users = reachable.filter(
                id__in=Subquery(
                    CampaignMember.filter(campaign__name=segment.argument).values("user_id")
                )
            )
        elif segment.kind == "ids":
            known = {
                chat: (user_id, blocked_at)
                for chat, user_id, blocked_at in await User.filter(
                    telegram_id__in=segment.chat_ids
                ).values_list("telegram_id", "id", "blocked_at")
            }
            return {
                chat: known.get(chat, (None, None))[0]
                for chat in segment.chat_ids
                if known.get(chat, (None, None))[1] is None  # unknown, or not blocking us
            }
        else:
            raise BadBroadcast(f"unknown segment {segment}")
        chats: dict[int, UUID | None] = dict(
            await users.order_by("created_at").values_list("telegram_id", "id")
        )
        if segment.kind == "signal" and self.signals_channel_id is not None:
            chats[self.signals_channel_id] = None
        return chats

    # Sending

    async def reclaim(self, now: datetime) -> int:
        """Claims whose lease ran out (their sender died) are pending again."""
        return await BroadcastRecipient.filter(
            status=DeliveryStatus.SENDING, claimed_until__lt=now
        ).update(status=DeliveryStatus.PENDING, claimed_until=None, claim=None)

    async def claim(self, now: datetime, limit: int) -> list[Claimed]:
        """Up to `limit` recipients due now, of broadcasts that are sending, for this sender
        alone (rows other senders are claiming are skipped, not waited for), under a claim of
        their own that only this sender's records match. Signal fan-out goes first."""
        token = secrets.token_hex(16)
        async with in_transaction() as connection:
            # Whole rows: Tortoise drops FOR UPDATE from a values_list() query.
            rows = (
                await BroadcastRecipient.filter(
                    broadcast__status=BroadcastStatus.SENDING,
                    status=DeliveryStatus.PENDING,
                    next_attempt_at__lte=now,
                )
                .using_db(connection)
                # "signal" sorts after "message": a new signal does not wait behind a broadcast.
                .order_by("-broadcast__kind", "id")
                .limit(limit)
                .select_for_update(skip_locked=True, of=("broadcast_recipients",))
            )
            if rows:
                # The lease runs from now, not from the pass's start (starting a broadcast of
                # many recipients may have taken a while).
                await (
                    BroadcastRecipient.filter(id__in=[row.id for row in rows])
                    .using_db(connection)
                    .update(
                        status=DeliveryStatus.SENDING,
                        claimed_until=datetime.now(UTC) + LEASE,
                        claim=token,
                    )
                )
        return [
            Claimed(row.id, row.broadcast_id, row.chat_id, row.user_id, row.attempts, token)
            for row in rows
        ]

    @staticmethod
    def _held(item: Claimed):
        """The row while this claim holds it: a sender whose lease ran out (and whose rows
        another sender took over) changes nothing."""
        return BroadcastRecipient.filter(
            id=item.id, status=DeliveryStatus.SENDING, claim=item.claim
        )

    async def _record(self, item: Claimed, status: DeliveryStatus, **changes: object) -> None:
        await self._held(item).update(status=status, claimed_until=None, claim=None, **changes)

    async def sent(self, item: Claimed, message_id: int, now: datetime) -> None:
        await self._record(item, DeliveryStatus.SENT, message_id=message_id, sent_at=now)

    async def blocked(self, item: Claimed, now: datetime) -> None:
        """The user blocked the bot: marked, and left out of future segments."""
        await self._record(item, DeliveryStatus.BLOCKED, sent_at=now)
        if item.user_id is not None:
            await User.filter(id=item.user_id, blocked_at__isnull=True).update(blocked_at=now)

    async def failed(self, item: Claimed, error: str, now: datetime) -> None:
        await self._record(item, DeliveryStatus.FAILED, error=error[:200], sent_at=now)

    async def later(self, item: Claimed, at: datetime, attempted: bool = False) -> None:
        """Back to pending until `at`; `attempted` counts a try that failed."""
        changes: dict[str, object] = {"next_attempt_at": at}
        if attempted:
            changes["attempts"] = F("attempts") + 1
        await self._record(item, DeliveryStatus.PENDING, **changes)

    async def release(self, items: list[Claimed]) -> None:
        """Claims given back unsent (a sender stopping, a broadcast paused)."""
        for claim in {item.claim for item in items}:
            await BroadcastRecipient.filter(
                id__in=[item.id for item in items if item.claim == claim],
                status=DeliveryStatus.SENDING,
                claim=claim,
            ).update(status=DeliveryStatus.PENDING, claimed_until=None, claim=None)

    @staticmethod
    def backoff(attempts: int) -> timedelta:
        """2, 4, 8 … seconds after the first, second, third … failed try."""
        return min(MAX_BACKOFF, timedelta(seconds=2 ** (attempts + 1)))

    async def finish_done(self, now: datetime) -> list[Broadcast]:
        """Sending broadcasts with nobody left to send to are done."""
        finished = []
        for broadcast in await Broadcast.filter(status=BroadcastStatus.SENDING):
            left = await BroadcastRecipient.exists(
                broadcast_id=broadcast.id,
                status__in=[DeliveryStatus.PENDING, DeliveryStatus.SENDING],
            )
            if left:
                continue
            changed = await Broadcast.filter(
                id=broadcast.id, status=BroadcastStatus.SENDING
            ).update(status=BroadcastStatus.DONE, finished_at=now)
            if changed:
                finished.append(broadcast)
        return finished

    # Figures

    async def progress(self, broadcast_id: int, now: datetime) -> Progress:
        broadcast = await self.get(broadcast_id)
        rows = await (
            BroadcastRecipient.filter(broadcast_id=broadcast_id)
            .group_by("status")
            .annotate(count=Count("id"))
            .values_list("status", "count")
        )
        progress = Progress(broadcast, Counter({str(status): n for status, n in rows}))
        progress.sent_last_minute = await BroadcastRecipient.filter(
            broadcast_id=broadcast_id, sent_at__gt=now - timedelta(minutes=1)
        ).count()
        progress.clicks = [(b.text, b.clicks) for b in await self.buttons_of(broadcast_id)]
        if broadcast.started_at is not None:
            reached = Subquery(
                BroadcastRecipient.filter(
                    broadcast_id=broadcast_id, status=DeliveryStatus.SENT, user_id__isnull=False
                ).values("user_id")
            )
            progress.orders = await Order.filter(
                user_id__in=reached,
                status__in=list(PAID_STATUSES),
                created_at__gte=broadcast.started_at,
                created_at__lt=broadcast.started_at + ORDER_WINDOW,
            ).count()
        return progress

    async def click(self, broadcast_id: int, position: int) -> str | None:
        """Count a press of a broadcast's URL button; its URL, or None for no such button."""
        button = await BroadcastButton.get_or_none(broadcast_id=broadcast_id, position=position)
        if button is None or button.command is not None:
            return None
        await BroadcastButton.filter(id=button.id).update(clicks=F("clicks") + 1)
        return button.url
