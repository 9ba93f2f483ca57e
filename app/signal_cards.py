"""A signal as a message: its text and its Approve and Skip buttons, shown by /signals and
sent to premium members when it arrives."""

from __future__ import annotations

from datetime import datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.i18n import _, number
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
        return _("⌛ expired")
    minutes = -(-int(seconds) // 60)  # a started minute counts, so "expired" means expired
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        return _("⏳ {days} d {hours} h left").format(days=number(days), hours=number(hours))
    if hours:
        return _("⏳ {hours} h {minutes} min left").format(
            hours=number(hours), minutes=number(minutes)
        )
    return _("⏳ {minutes} min left").format(minutes=number(minutes))


def render(item: Visible, moment: datetime) -> str:
    """The card in the current language: the labels are words, while the instrument, the
    timeframe, the prices and the engine's note are market data, shown as the engine sent them."""
    signal = item.signal
    header = f"{signal.instrument} · {signal.timeframe}"
    if not item.full:
        return _(
            "⭐ Premium signal: {header} · {time_left}\n"
            "Premium members see its entry, stop loss and targets."
        ).format(header=header, time_left=time_left(signal, moment))
    side = _("🟢 BUY") if signal.side == "buy" else _("🔴 SELL")
    entry = (
        signal.entry_low
        if signal.entry_low == signal.entry_high
        else (f"{signal.entry_low}–{signal.entry_high}")
    )
    tier = " · " + _("premium") if signal.tier == SignalTier.PREMIUM else ""
    lines = [
        f"{side} {header}{tier}",
        _("Entry {entry} · SL {stop_loss}").format(entry=entry, stop_loss=signal.stop_loss),
        _("TP {targets}").format(targets=" · ".join(signal.take_profits)),
        time_left(signal, moment) + (" · " + _("✅ approved") if item.approved else ""),
    ]
    if signal.note:
        lines.append(signal.note)
    lines.append(_("Signal #{id}").format(id=signal.id))
    return "\n".join(lines)


def buttons(item: Visible, premium: bool) -> InlineKeyboardMarkup | None:
    """Approve and Skip for premium members on every live signal they have not approved yet
    (free ones too: they approve by /approve anyway); the shop under a teaser."""
    if not item.full:
        return shop_button(_("See the plans"))
    if not premium or item.expired or item.approved:
        return None
    keyboard = InlineKeyboardBuilder()
    keyboard.button(
        text=_("Approve"), callback_data=SignalAction(action="approve", signal_id=item.signal.id)
    )
    keyboard.button(
        text=_("Skip"), callback_data=SignalAction(action="skip", signal_id=item.signal.id)
    )
    return keyboard.as_markup()
