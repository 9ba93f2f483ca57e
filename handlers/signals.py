"""/signals, /approve, the Approve and Skip buttons, and /apikey."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.keyboards import shop_button
from app.services.entitlements import EntitlementService
from app.services.signals import (
    ApiKeyService,
    NotPremium,
    SignalExpired,
    SignalNotFound,
    SignalService,
    Visible,
)
from handlers.common import in_private, router_for
from middlewares.commands import PREMIUM_KEY, ResolvedCommand
from models import Signal, SignalTier, User

# Signal ids are 32-bit in the database; anything else is not a signal number.
MAX_SIGNAL_ID = 2**31 - 1
SIGNAL_NUMBER_RE = re.compile(r"[0-9]{1,10}")


class SignalAction(CallbackData, prefix="sig"):
    action: str  # "approve" or "skip"
    # The server checks the signal and the user's access; out-of-range data matches no button.
    signal_id: int = Field(ge=1, le=MAX_SIGNAL_ID)


def now() -> datetime:
    return datetime.now(UTC)


def time_left(signal: Signal, moment: datetime) -> str:
    seconds = (signal.valid_until - moment).total_seconds()
    if seconds <= 0:
        return "⌛ expired"
    minutes = -(-int(seconds) // 60)  # a started minute counts, so "expired" means expired
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return f"⏳ {days} d {hours} h left"
    return f"⏳ {hours} h {minutes} min left" if hours else f"⏳ {minutes} min left"


def render(item: Visible, moment: datetime) -> str:
    signal = item.signal
    header = f"{signal.instrument} · {signal.timeframe}"
    if not item.full:
        return (
            f"⭐ Premium signal: {header} · {time_left(signal, moment)}\n"
            "Premium members see its entry, stop loss and targets."
        )
    side = "🟢 BUY" if signal.side == "buy" else "🔴 SELL"
    entry = (
        signal.entry_low
        if signal.entry_low == signal.entry_high
        else (f"{signal.entry_low}–{signal.entry_high}")
    )
    tier = " · premium" if signal.tier == SignalTier.PREMIUM else ""
    lines = [
        f"{side} {header}{tier}",
        f"Entry {entry} · SL {signal.stop_loss}",
        f"TP {' · '.join(signal.take_profits)}",
        time_left(signal, moment) + (" · ✅ approved" if item.approved else ""),
    ]
    if signal.note:
        lines.append(signal.note)
    lines.append(f"Signal #{signal.id}")
    return "\n".join(lines)


def buttons(item: Visible) -> InlineKeyboardMarkup | None:
    if not item.full:
        return shop_button("See the plans")
    if item.signal.tier != SignalTier.PREMIUM or item.expired or item.approved:
        return None
    keyboard = InlineKeyboardBuilder()
    keyboard.button(
        text="Approve", callback_data=SignalAction(action="approve", signal_id=item.signal.id)
    )
    keyboard.button(
        text="Skip", callback_data=SignalAction(action="skip", signal_id=item.signal.id)
    )
    return keyboard.as_markup()


async def is_premium(entitlements: EntitlementService, user: User) -> bool:
    return await entitlements.has(user.id, PREMIUM_KEY, now())


async def latest_signals(
    message: Message, user: User, signals: SignalService, entitlements: EntitlementService
) -> None:
    moment = now()
    items = await signals.latest(user, await is_premium(entitlements, user), moment)
    if not items:
        await message.answer("No signals yet. They appear here as soon as they arrive.")
        return
    for item in items:
        await message.answer(render(item, moment), reply_markup=buttons(item))


APPROVE_REFUSALS = {
    SignalNotFound: "There is no signal #{id}.",
    SignalExpired: "Signal #{id} has expired; it can no longer be approved.",
    NotPremium: "Signal #{id} is for premium members.",
}


async def approve_signal(
    user: User, signal_id: int, signals: SignalService, entitlements: EntitlementService
) -> str:
    """The answer to an approval, by command or by button: the server decides, not the data."""
    try:
        created = await signals.approve(
            user, signal_id, await is_premium(entitlements, user), now()
        )
    except (SignalNotFound, SignalExpired, NotPremium) as refusal:
        return APPROVE_REFUSALS[type(refusal)].format(id=signal_id)
    if not created:
        return f"Signal #{signal_id} is already approved."
    return f"Signal #{signal_id} approved: your execution terminal will pick it up."


async def approve_command(
    message: Message,
    user: User,
    command: ResolvedCommand,
    signals: SignalService,
    entitlements: EntitlementService,
) -> None:
    argument = (command.args or "").removeprefix("#")
    if not SIGNAL_NUMBER_RE.fullmatch(argument) or int(argument) > MAX_SIGNAL_ID:
        await message.answer(
            "Send /approve and a signal number, like /approve 12. /signals lists them."
        )
        return
    await message.answer(await approve_signal(user, int(argument), signals, entitlements))


async def signal_button(
    query: CallbackQuery,
    callback_data: SignalAction,
    user: User,
    signals: SignalService,
    entitlements: EntitlementService,
) -> None:
    if callback_data.action == "skip":
        await query.answer("Skipped.")
    else:
        await query.answer(
            await approve_signal(user, callback_data.signal_id, signals, entitlements)
        )
    await query.message.edit_reply_markup(reply_markup=None)


async def api_key(
    message: Message, user: User, command: ResolvedCommand, keys: ApiKeyService
) -> None:
    if not await in_private(message):  # a key posted in a group is every member's key
        return
    if (command.args or "").strip().lower() == "revoke":
        revoked = await keys.revoke(user)
        await message.answer("Your API key is revoked." if revoked else "You have no API key.")
        return
    raw = await keys.issue(user)
    await message.answer(
        "Your API key for the approvals API, shown this once — keep it secret:\n"
        f"{raw}\n"
        "It replaces any earlier key. /apikey revoke turns it off."
    )


HANDLERS = {
    "signals.signals": latest_signals,
    "signals.approve": approve_command,
    "signals.apikey": api_key,
}


def create_router() -> Router:
    router = router_for("signals", HANDLERS)
    router.callback_query.register(
        signal_button, SignalAction.filter(F.action.in_({"approve", "skip"}))
    )
    return router
