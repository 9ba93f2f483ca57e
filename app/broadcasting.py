"""The sender of broadcasts and signal fan-out: claims recipients, sends at Telegram's pace
(app/services/pacing.py) and records what became of each message. Any number of senders, in
any number of worker processes, share the work through the database and the pace through
Redis.

A broadcast's text and buttons are its admin's words, sent as written. A signal is the bot's:
each member gets its card in their own language (looked up once per batch of recipients), the
channel in SIGNALS_CHANNEL_LANGUAGE."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from contextlib import suppress
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from aiogram import Bot
from aiogram.exceptions import (
    ClientDecodeError,
    TelegramAPIError,
    TelegramBadRequest,
    TelegramEntityTooLarge,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.types import InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.i18n import DEFAULT_LANGUAGE, _, choose, use
from app.infrastructure import is_infrastructure_error
from app.keyboards import RunCommand
from app.lazy_types import warm_up
from app.notifier import describe
from app.services.broadcasts import LEASE, MAX_ATTEMPTS, BroadcastService, Claimed, WrongState
from app.services.pacing import Pacer, wait_for
from app.services.signals import Visible
from app.signal_cards import buttons as signal_buttons
from app.signal_cards import render as render_signal
from models import Broadcast, BroadcastKind, BroadcastStatus, MediaKind, Signal, User

log = logging.getLogger(__name__)

# Idle senders look for work this often: a new signal goes out within this time.
POLL_S = 1.0
# Recipients claimed at a time (at most two seconds' worth at the pace), sent by this many
# concurrent lanes (each waits for its slot of the pace).
BATCH = 200
LANES = 16
# How long one pass keeps claiming more while it sends.
REFILL_FOR_S = 10.0
# A message that Telegram has not answered in this time counts as a network failure (tried
# again later): no send outlives the claim it was made under. Telegram fetching a photo by
# URL takes a few seconds.
SEND_TIMEOUT_S = 10
# A claim is used only while this much of its lease is left (more than a send can take); the
# rest is given back.
LEASE_MARGIN_S = SEND_TIMEOUT_S + 1.0
# How long a stopping sender may take to finish the messages in flight.
SHUTDOWN_S = 10.0
# Whether a broadcast was paused or cancelled is looked up at most this often while sending.
STATUS_TTL_S = 1.0


def utcnow() -> datetime:
    return datetime.now(UTC)


def click_url(public_url: str | None, broadcast_id: int, position: int, url: str) -> str:
    """Through the web app's counting redirect when it has a public address."""
    if public_url is None:
        return url
    return f"{public_url}/b/{broadcast_id}/{position}"


@dataclass
class Content:
    """What every recipient of one broadcast gets (a signal's channel gets its teaser). A
    photo or document given by URL is sent by the file_id Telegram gave it the first time, so
    Telegram fetches it once, not once per recipient. An admin's broadcast is the same for
    every language; a signal's card is written for each recipient in theirs."""

    kind: BroadcastKind
    text: str
    markup: InlineKeyboardMarkup | None = None
    media_kind: MediaKind | None = None
    media: str | None = None
    parse_mode: str | None = "HTML"
    signal: Signal | None = None
    bot_username: str | None = None  # the channel teaser's link to the bot

    async def send(
        self, bot: Bot, chat_id: int, channel: bool, language: str = DEFAULT_LANGUAGE
    ) -> Message:
        if self.signal is not None:
            return await self._send_signal(bot, chat_id, channel, language)
        common: dict[str, Any] = {
            "parse_mode": self.parse_mode,
            "reply_markup": self.markup,
            "request_timeout": SEND_TIMEOUT_S,
        }
        caption = self.text or None
        if self.media_kind == MediaKind.PHOTO:
            sent = await bot.send_photo(chat_id, self.media or "", caption=caption, **common)
            self.media = sent.photo[-1].file_id if sent.photo else self.media
            return sent
        if self.media_kind == MediaKind.DOCUMENT:
            sent = await bot.send_document(chat_id, self.media or "", caption=caption, **common)
            self.media = sent.document.file_id if sent.document else self.media
            return sent
        return await bot.send_message(chat_id, self.text, **common)

    async def _send_signal(self, bot: Bot, chat_id: int, channel: bool, language: str) -> Message:
        """Premium members get the signal with Approve and Skip (the buttons of /signals), in
        their language; the channel a teaser with a link to the bot."""
        assert self.signal is not None
        moment = utcnow()
        expired = self.signal.valid_until <= moment
        item = Visible(self.signal, full=not channel, expired=expired, approved=False)
        with use(language):
            text = render_signal(item, moment)
            markup = self.teaser_link() if channel else signal_buttons(item, premium=True)
        return await bot.send_message(
            chat_id,
            text,
            parse_mode=None,
            reply_markup=markup,
            request_timeout=SEND_TIMEOUT_S,
        )

    def teaser_link(self) -> InlineKeyboardMarkup | None:
        """The button under the channel's teaser: a link to the bot."""
        if not self.bot_username:
            return None
        builder = InlineKeyboardBuilder()
        builder.button(text=_("Get premium"), url=f"https://t.me/{self.bot_username}")
        return builder.as_markup()


async def languages_of(items: list[Claimed]) -> dict[UUID | None, str]:
    """Each user's language among the recipients, in one query for them all (a signal's card
    is written in it). Never fails: the items are claimed already, and must reach the queue
    (or their claims would wait out the lease); without an answer, they read English."""
    ids = {item.user_id for item in items if item.user_id is not None}
    if not ids:
        return {}
    try:
        rows = await User.filter(id__in=list(ids)).values_list("id", "language", "language_code")
    except Exception as exc:
        log.warning("Recipients' languages not read, English for this batch: %r", exc)
        return {}
    # As app.i18n.language_of: the /language choice, else Telegram's language, else English.
    return {user_id: choose(language, code) for user_id, language, code in rows}


class Broadcaster:
    def __init__(
        self,
        bot: Bot,
        broadcasts: BroadcastService,
        pacer: Pacer,
        public_url: str | None,
        rate: int,
        lanes: int = LANES,
        batch: int = BATCH,
        channel_language: str = DEFAULT_LANGUAGE,
    ) -> None:
        self.bot = bot
        self.channel_language = channel_language  # a channel's readers are no users of ours
        self.broadcasts = broadcasts
        self.pacer = pacer
        self.public_url = public_url
        self.lanes = lanes
        # Two seconds' worth at the pace: a dead sender's claims are few.
        self.batch_size = max(lanes, min(batch, rate * 2))
        self._contents: dict[int, Content] = {}
        self._statuses: dict[int, tuple[float, BroadcastStatus]] = {}
        # Set to stop; it also wakes the idle wait, so a stop takes no POLL_S.
        self._stopping = asyncio.Event()
        # Flood control this process was told of, so that the slots it reserved before are
        # not used meanwhile (other processes learn of it from the pace in Redis).
        self._paused_until = 0.0

    # The loop

    async def run(self) -> None:
        """Until stopped: start what is due, send what is claimed, finish what is done."""
        # Telegram's types are built on first use (app/lazy_types.py): built now, the first
        # message's slot is not spent on it (the next slots would then bunch up behind it).
        warm_up()
        while not self._stopping.is_set():
            try:
                handled = await self.tick()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                if is_infrastructure_error(exc):
                    log.warning("Broadcasts wait for the database: %r", exc)
                else:
                    log.exception("A broadcast pass failed; trying again")
                handled = 0
            if not handled:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(self._stopping.wait(), POLL_S)

    async def shut_down(self, task: asyncio.Task[None]) -> None:
        """Stop the running loop after the messages in flight (the rest of the claim is given
        back); cancelled if that takes longer than SHUTDOWN_S."""
        self._stopping.set()
        try:
            await asyncio.wait_for(task, SHUTDOWN_S)
        except (TimeoutError, asyncio.CancelledError):
            pass
        except Exception:
            log.exception("The broadcast sender failed while stopping")

    async def tick(self) -> int:
        now = utcnow()
        for broadcast in await self.broadcasts.start_due(now):
            log.info("Broadcast #%s started (%s)", broadcast.id, broadcast.segment)
        reclaimed = await self.broadcasts.reclaim(now)
        if reclaimed:
            log.warning("%d broadcast messages a stopped sender held are pending again", reclaimed)
        claimed = await self.broadcasts.claim(now, self.batch_size)
        if claimed:
            await self.deliver(claimed)
        for broadcast in await self.broadcasts.finish_done(utcnow()):
            log.info("Broadcast #%s done", broadcast.id)
            self._contents.pop(broadcast.id, None)
        return len(claimed)

    async def deliver(self, claimed: list[Claimed]) -> None:
        """Send what is claimed on `lanes` concurrent lanes, claiming more before the lanes run
        dry (so the pace has no gap between batches) for up to REFILL_FOR_S; then the pass
        ends, and the next one starts what is due and finishes what is done."""
        refill_until = time.monotonic() + REFILL_FOR_S
        queue: deque[tuple[Claimed, float, str]] = deque()
        refilling = False

        async def add(items: list[Claimed]) -> None:
            deadline = time.monotonic() + LEASE.total_seconds() - LEASE_MARGIN_S
            languages = await languages_of(items)
            queue.extend(
                (
                    item,
                    deadline,
                    self.channel_language
                    if item.user_id is None
                    else languages.get(item.user_id, DEFAULT_LANGUAGE),
                )
                for item in items
            )

        async def refill() -> None:
            nonlocal refilling
            if refilling or self._stopping.is_set() or time.monotonic() > refill_until:
                return
            refilling = True
            try:
                await add(await self.broadcasts.claim(utcnow(), self.batch_size))
            finally:
                refilling = False

        async def lane() -> None:
            while queue:
                item, deadline, language = queue.popleft()
                if len(queue) < self.lanes:
                    await refill()
                await self.deliver_one(item, deadline, language)

        await add(claimed)
        tasks = [asyncio.ensure_future(lane()) for _lane in range(self.lanes)]
        try:
            # A lane that fails (the database, say) leaves the others to finish their sends.
            outcomes = await asyncio.gather(*tasks, return_exceptions=True)
        except BaseException:  # cancelled: stopping at once
            for task in tasks:
                task.cancel()
            # What no lane took is given back now; the messages in flight wait for the lease.
            await asyncio.shield(self.broadcasts.release([entry[0] for entry in queue]))
            raise
        await self.broadcasts.release([entry[0] for entry in queue])
        failures = [outcome for outcome in outcomes if isinstance(outcome, Exception)]
        if failures:
            raise failures[0]

    # One message

    async def deliver_one(
        self, item: Claimed, deadline: float, language: str = DEFAULT_LANGUAGE
    ) -> None:
        """Send one message in its slot, unless its claim is nearly over (so a send never
        outlives the lease: no other sender can have taken the row over meanwhile), the
        broadcast was paused or cancelled, or flood control says wait. `language` is the
        recipient's (a signal's card is written in it)."""
        if not await self.may_send(item, deadline):
            return
        # Everything that may wait on the database comes before the slot: a message must go
        # in its slot, not bunched with the next ones after a delay.
        content = await self.content(item.broadcast_id)
        slot = await self.pacer.reserve(item.chat_id)
        if slot.chat_busy:
            # Its chat had a message under a second ago (another broadcast): later.
            await self.broadcasts.later(item, utcnow() + timedelta(seconds=slot.chat_busy))
            return
        await wait_for(slot)
        pause_left = self._paused_until - time.monotonic()
        if pause_left > 0:
            await self.broadcasts.later(item, utcnow() + timedelta(seconds=pause_left))
            return
        if not await self.may_send(item, deadline):
            return
        try:
            message = await content.send(
                self.bot, item.chat_id, channel=item.user_id is None, language=language
            )
        except TelegramRetryAfter as exc:
            # Flood control: every sender waits, and this message goes after the wait.
            log.warning("Telegram asks to wait %s s before the next message", exc.retry_after)
            self._paused_until = max(self._paused_until, time.monotonic() + exc.retry_after)
            await self.pacer.pause(exc.retry_after)
            await self.broadcasts.later(item, utcnow() + timedelta(seconds=exc.retry_after))
        except TelegramForbiddenError as exc:
            if item.user_id is None:  # a chat the bot was removed from, not a user
                await self.broadcasts.failed(item, describe(exc), utcnow())
            else:
                await self.broadcasts.blocked(item, utcnow())
        except TelegramUnauthorizedError as exc:
            # The token was revoked: no message can go; nobody's fails for it.
            log.error("Telegram refused the bot's token; broadcasts wait: %s", exc.message)
            await self.broadcasts.later(item, utcnow() + timedelta(minutes=1))
        except (TelegramNetworkError, TelegramServerError, ClientDecodeError) as exc:
            # Telegram unreachable, failing, or something else answering in its place.
            reason = describe(exc) if isinstance(exc, TelegramAPIError) else "not Telegram's JSON"
            if isinstance(exc, TelegramEntityTooLarge) or item.attempts + 1 >= MAX_ATTEMPTS:
                await self.broadcasts.failed(item, reason, utcnow())
            else:
                wait = self.broadcasts.backoff(item.attempts)
                await self.broadcasts.later(item, utcnow() + wait, attempted=True)
        except TelegramBadRequest as exc:
            if "can't parse entities" not in exc.message:  # chat not found, a bad file …
                await self.broadcasts.failed(item, describe(exc), utcnow())
                return
            # The formatting itself is refused: it would be for everyone. Stopped for an admin.
            log.error("Broadcast #%s paused: Telegram refuses its text: %s", item.broadcast_id, exc)
            await self.broadcasts.release([item])
            with suppress(WrongState):  # another lane met it first
                await self.broadcasts.pause(item.broadcast_id)
        except TelegramAPIError as exc:  # any other refusal
            await self.broadcasts.failed(item, describe(exc), utcnow())
        else:
            await self.broadcasts.sent(item, message.message_id, utcnow())

    async def may_send(self, item: Claimed, deadline: float) -> bool:
        """Whether the claim is still good for a whole send and the broadcast still sending;
        if not, the recipient is given back."""
        if (
            not self._stopping.is_set()
            and time.monotonic() <= deadline
            and await self.status(item.broadcast_id) == BroadcastStatus.SENDING
        ):
            return True
        await self.broadcasts.release([item])
        return False

    async def status(self, broadcast_id: int) -> BroadcastStatus:
        """The broadcast's status, looked up at most every STATUS_TTL_S, so that a pause or a
        cancel stops every sender within about a second."""
        cached = self._statuses.get(broadcast_id)
        if cached is not None and time.monotonic() - cached[0] < STATUS_TTL_S:
            return cached[1]
        broadcast = await self.broadcasts.get(broadcast_id)
        self._statuses[broadcast_id] = (time.monotonic(), broadcast.status)
        return broadcast.status

    async def content(self, broadcast_id: int) -> Content:
        content = self._contents.get(broadcast_id)
        if content is None:
            content = await self.build(await self.broadcasts.get(broadcast_id))
            self._contents[broadcast_id] = content
        return content

    async def build(self, broadcast: Broadcast) -> Content:
        if broadcast.kind == BroadcastKind.SIGNAL:
            await broadcast.fetch_related("signal")
            me = await self.bot.me()
            return Content(
                BroadcastKind.SIGNAL,
                "",
                parse_mode=None,
                signal=broadcast.signal,
                bot_username=me.username,
            )
        builder = InlineKeyboardBuilder()
        for button in await self.broadcasts.buttons_of(broadcast.id):
            if button.command is not None:
                builder.button(text=button.text, callback_data=RunCommand(command=button.command))
                continue
            url = click_url(self.public_url, broadcast.id, button.position, button.url)
            builder.button(text=button.text, url=url)
        builder.adjust(1)
        markup = builder.as_markup() if list(builder.buttons) else None
        return Content(
            broadcast.kind, broadcast.text, markup, broadcast.media_kind, broadcast.media
        )

    async def preview(self, broadcast_id: int, chat_id: int) -> Message:
        """The broadcast as its recipients will see it, to one chat, outside the pace and the
        records. Telegram's refusal (broken formatting, a bad file) raises."""
        broadcast = await self.broadcasts.get(broadcast_id)
        return await (await self.build(broadcast)).send(self.bot, chat_id, channel=False)
