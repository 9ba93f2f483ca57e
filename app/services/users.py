"""Users: registration on /start and the last-seen time."""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from uuid import UUID

from app.errors import DomainError
from app.services.batching import Batcher
from app.services.journal import clean_text
from models import User

log = logging.getLogger(__name__)

# Telegram's rule for deep-link payloads (https://core.telegram.org/bots/features#deep-linking).
START_PAYLOAD_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
# An id as admins type it: ASCII digits (int() would also take "١٢٣"), within 64 bits.
TELEGRAM_ID_RE = re.compile(r"-?[0-9]{1,19}")
# last_seen_at is refreshed at most this often, so a chatty user costs one write a minute.
LAST_SEEN_RESOLUTION = timedelta(minutes=1)
# The users columns; Telegram's usernames are at most 32 characters, names 64.
USERNAME_LIMIT, FIRST_NAME_LIMIT, LANGUAGE_CODE_LIMIT = 32, 64, 16


# A returning user's last-seen time waits in memory this long, then goes out with the others'
# in one statement: it is no user's business, and a write per update was a fifth of the
# database's work in bench/webhook.py. A crash forgets at most this much of it.
LAST_SEEN_WRITE_EVERY = timedelta(seconds=5)

FIND_BY_TELEGRAM_IDS = 'SELECT * FROM "users" WHERE "telegram_id" = ANY($1::bigint[])'
WRITE_LAST_SEEN = {
    "postgres": 'UPDATE "users" SET "last_seen_at" = $1 WHERE "id" = $2',
    "sqlite": 'UPDATE "users" SET "last_seen_at" = ? WHERE "id" = ?',
}


@dataclass(frozen=True)
class Profile:
    """What Telegram tells us about a user on every update."""

    telegram_id: int
    username: str | None = None
    first_name: str | None = None
    language_code: str | None = None

    @classmethod
    def of(cls, sender: Any) -> Profile:
        """From anything shaped like Telegram's User (id, username, first_name, language_code)."""
        return cls(sender.id, sender.username, sender.first_name, sender.language_code)

    def fields(self) -> dict[str, str | None]:
        """What is stored: cut to the columns and cleaned of what the database cannot hold (a
        NUL, a lone surrogate), so no name Telegram sends fails the user's every update."""
        return {
            "username": clean_text(self.username, USERNAME_LIMIT),
            "first_name": clean_text(self.first_name, FIRST_NAME_LIMIT),
            "language_code": clean_text(self.language_code, LANGUAGE_CODE_LIMIT),
        }


class UnknownUser(DomainError):
    """No registered user matches; the message says so in one sentence."""

    code = "user.unknown"


class UserService:
    def __init__(self) -> None:
        self._finds = Batcher(self._find_batch)
        self._last_seen: dict[UUID, datetime] = {}  # waiting to be written
        self._last_seen_written = datetime.now(UTC)
        self._writing: asyncio.Task[None] | None = None  # the last batch of them

    async def resolve(self, reference: str) -> User:
        """A user by Telegram id (digits) or @username, for admins."""
        reference = reference.strip()
        if TELEGRAM_ID_RE.fullmatch(reference):
            user = await User.get_or_none(telegram_id=int(reference))
        elif reference.startswith("@") and len(reference) > 1:
            user = await User.filter(username__iexact=reference[1:]).first()
        else:
            raise UnknownUser(f"{reference!r} is neither a Telegram id nor an @username")
        if user is None:
            raise UnknownUser(f"no user {reference}: they must /start the bot first")
        return user

    async def find(self, telegram_id: int) -> User | None:
        """Every update asks this, so concurrent updates ask together: one prepared statement
        for all of them, without the query builder (it took half the lookup's CPU)."""
        return await self._finds(telegram_id)

    @staticmethod
    async def _find_batch(telegram_ids: list[int]) -> list[User | None | Exception]:
        connection = User._choose_db()
        if connection.capabilities.dialect == "postgres":
            rows = await connection.execute_query_dict(FIND_BY_TELEGRAM_IDS, [telegram_ids])
        else:
            marks = ", ".join("?" * len(telegram_ids))
            rows = await connection.execute_query_dict(
                f'SELECT * FROM "users" WHERE "telegram_id" IN ({marks})', telegram_ids
            )
        found = {row["telegram_id"]: row for row in rows}
        # Each caller gets a User of its own: one update's changes are not another's.
        return [User._init_from_db(**found[id_]) if id_ in found else None for id_ in telegram_ids]

    async def seen(self, profile: Profile) -> User | None:
        """The registered user behind an update (None if they never sent /start), with their
        last-seen time and Telegram profile brought up to date."""
        user = await self.find(profile.telegram_id)
        if user is None:
            return None
        now = datetime.now(UTC)
        changes: dict[str, object] = {
            k: v for k, v in profile.fields().items() if getattr(user, k) != v
        }
        if user.blocked_at is not None:
            changes["blocked_at"] = None  # writing to the bot again: they unblocked it
        pending = self._last_seen.get(user.id)
        if pending is not None:
            user.last_seen_at = pending
        if changes:  # written at once, last seen with it
            changes["last_seen_at"] = now
            user.update_from_dict(changes)
            await user.save(update_fields=list(changes))
            self._last_seen.pop(user.id, None)
        elif now - user.last_seen_at >= LAST_SEEN_RESOLUTION:
            user.last_seen_at = self._last_seen[user.id] = now
        if now - self._last_seen_written >= LAST_SEEN_WRITE_EVERY:
            # Written beside this update, not in its way: a batch takes tens of milliseconds.
            self._last_seen_written = now
            self._writing = asyncio.create_task(self._write_waiting_last_seen())
        return user

    async def write_last_seen(self) -> None:
        """Write the last-seen times waiting in memory, after a write under way (on shut-down)."""
        if self._writing is not None:
            await self._writing
        await self._write_waiting_last_seen()

    async def _write_waiting_last_seen(self) -> None:
        """A failure loses these last-seen times, and only them."""
        waiting, self._last_seen = self._last_seen, {}
        if not waiting:
            return
        connection = User._choose_db()
        fields = User._meta.fields_map  # their to_db_value: as each database stores them
        rows = [
            [fields["last_seen_at"].to_db_value(seen, User), fields["id"].to_db_value(id_, User)]
            for id_, seen in waiting.items()
        ]
        try:
            await connection.execute_many(WRITE_LAST_SEEN[connection.capabilities.dialect], rows)
        except Exception as exc:
            log.warning("%d last-seen times not written: %r", len(waiting), exc)

    async def register(
        self, profile: Profile, start_payload: str | None, message_id: int | None = None
    ) -> tuple[User, bool]:
        """Register on /start; returns the user and whether they are new. The payload is kept
        only from the first registration, and only if it follows Telegram's format."""
        payload = (
            start_payload if start_payload and START_PAYLOAD_RE.fullmatch(start_payload) else None
        )
        user, created = await User.get_or_create(
            telegram_id=profile.telegram_id,
            defaults={
                **profile.fields(),
                "start_payload": payload,
                "start_message_id": message_id,
            },
        )
        return user, created

    async def set_signal_notifications(self, user: User, on: bool) -> None:
        """Whether new premium signals are sent to the user as they arrive."""
        user.signal_notifications = on
        await User.filter(id=user.id).update(signal_notifications=on)

    async def set_language(self, user: User, language: str | None) -> None:
        """The language the user reads (a code we speak), or None for Telegram's."""
        user.language = language
        await User.filter(id=user.id).update(language=language)
