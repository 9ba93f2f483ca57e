"""A signal as a message: its text and its Approve and Skip buttons, shown by /signals and
sent to premium members when it arrives."""

from __future__ import annotations

from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.keyboards import MAX_ROW_ID, shop_button
from app.services.signals import Visible
from models import Signal, SignalTier

# Signal ids are 32-bit in the database; anything else is not a signal number.
MAX_SIGNAL_ID = MAX_ROW_ID


class SignalAction(CallbackData, prefix="sig"):
    action: str  # "approve" or "skip"
    # The server checks the signal and the user's access; out-of-range data matches no button.
    signal_id: int = Field(ge=1, le=MAX_SIGNAL_ID)


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


def buttons(item: Visible, premium: bool) -> InlineKeyboardMarkup | None:
    """Approve and Skip for premium members on every live signal they have not approved yet
    (free ones too: they approve by /approve anyway); the shop under a teaser."""
    if not item.full:
        return shop_button("See the plans")
    if not premium or item.expired or item.approved:
        return None
    keyboard = InlineKeyboardBuilder()
    keyboard.button(
        text="Approve", callback_data=SignalAction(action="approve", signal_id=item.signal.id)
    )
    keyboard.button(
        text="Skip", callback_data=SignalAction(action="skip", signal_id=item.signal.id)
    )
    return keyboard.as_markup()
