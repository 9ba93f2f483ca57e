"""/signals, /approve, the Approve and Skip buttons, and /apikey."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from aiogram import F, Router
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.formatting import Code, Text
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.i18n import N_, _, date
from app.keyboards import MAX_ROW_ID
from app.services.entitlements import PremiumAnswer
from app.services.signals import (
    ApiKeyService,
    KeyChanged,
    NotPremium,
    SignalExpired,
    SignalNotFound,
    SignalService,
)
from app.services.users import UserService
from app.signal_cards import MAX_SIGNAL_ID, SignalAction, buttons, render
from app.wording import relative
from handlers.common import Handler, drop_buttons, redraw, router_for
from middlewares.commands import ResolvedCommand
from models import ApiKey, User

SIGNAL_NUMBER_RE = re.compile(r"[0-9]{1,10}")


class ApiKeyAction(CallbackData, prefix="apikey"):
    action: str  # "replace" or "keep"
    key_id: int = Field(ge=1, le=MAX_ROW_ID)  # the key the user saw: replaced only if current


def now() -> datetime:
    return datetime.now(UTC)


async def latest_signals(
    message: Message, user: User, signals: SignalService, premium: PremiumAnswer
) -> SendMessage | None:
    moment = now()
    has_premium = await premium()
    items = await signals.latest(user, has_premium, moment)
    if not items:
        return message.answer(_("No signals yet. They appear here as soon as they arrive."))
    for item in items:
        await message.answer(render(item, moment), reply_markup=buttons(item, has_premium))
    return None  # each signal went out as its own message


APPROVE_REFUSALS = {
    SignalNotFound.code: N_("There is no signal #{id}."),
    SignalExpired.code: N_("Signal #{id} has expired; it can no longer be approved."),
    NotPremium.code: N_("Approving signals comes with premium access."),
}


async def approve_signal(user: User, signal_id: int, premium: bool, signals: SignalService) -> str:
    """The answer to an approval, by command or by button: the server decides, not the data."""
    try:
        created = await signals.approve(user, signal_id, premium, now())
    except (SignalNotFound, SignalExpired, NotPremium) as refusal:
        return _(APPROVE_REFUSALS[refusal.code]).format(id=signal_id)
    if not created:
        return _("Signal #{id} is already approved.").format(id=signal_id)
    return _("Signal #{id} approved: your execution terminal will pick it up.").format(id=signal_id)


async def approve_command(
    message: Message,
    user: User,
    command: ResolvedCommand,
    signals: SignalService,
    premium: PremiumAnswer,
) -> SendMessage:
    argument = (command.args or "").removeprefix("#")
    if not SIGNAL_NUMBER_RE.fullmatch(argument) or int(argument) > MAX_SIGNAL_ID:
        return message.answer(
            _("Send /approve and a signal number, like /approve 12. /signals lists them.")
        )
    has_premium = await premium()
    return message.answer(await approve_signal(user, int(argument), has_premium, signals))


async def signal_button(
    query: CallbackQuery,
    callback_data: SignalAction,
    user: User,
    signals: SignalService,
    premium: PremiumAnswer,
) -> None:
    signal_id = callback_data.signal_id
    if callback_data.action == "skip":
        await query.answer(_("Skipped."))
        await drop_buttons(query.message)
        return
    has_premium = await premium()
    await query.answer(await approve_signal(user, signal_id, has_premium, signals))
    # Redrawn from what the server now knows: ✅ once approved, ⌛ once expired.
    moment = now()
    item = await signals.one(user, signal_id, has_premium, moment)
    if item is not None:
        await redraw(query.message, buttons(item, has_premium), text=render(item, moment))


# /apikey

APIKEY_USAGE = N_(
    "/apikey — your key for the approvals API (a new one if you have none)\n"
    "/apikey status — when your key was made and last used\n"
    "/apikey new — replace your key (your execution client needs the new one)\n"
    "/apikey revoke — turn your key off"
)
# What an ex-premium member may still do with their key.
APIKEY_OPEN_WITHOUT_PREMIUM = frozenset({"revoke", "status", "help"})


def new_key_message(raw: str) -> Text:
    return Text(
        _("Your API key for the approvals API, shown this once — keep it secret (tap to copy):"),
        "\n",
        Code(raw),
        "\n",
        _(
            "It replaces any earlier key and works while your premium access lasts. "
            "/apikey revoke turns it off."
        ),
    )


def key_status(key: ApiKey, premium: bool, moment: datetime) -> str:
    made = relative(key.created_at, moment)
    if key.last_used_at:
        history = _("Your API key {prefix}… was made {made} ({date}), last used {used}.").format(
            prefix=key.prefix,
            made=made,
            date=date(key.created_at),
            used=relative(key.last_used_at, moment),
        )
    else:
        history = _("Your API key {prefix}… was made {made} ({date}), not used yet.").format(
            prefix=key.prefix, made=made, date=date(key.created_at)
        )
    works = (
        _("It works while your premium access lasts.")
        if premium
        else _("It is paused: your premium access has ended, and it works again when you renew.")
    )
    return f"{history}\n{works}"


def replace_buttons(key: ApiKey) -> InlineKeyboardMarkup:
    keyboard = InlineKeyboardBuilder()
    keyboard.button(
        text=_("Replace my key"), callback_data=ApiKeyAction(action="replace", key_id=key.id)
    )
    keyboard.button(text=_("Keep it"), callback_data=ApiKeyAction(action="keep", key_id=key.id))
    return keyboard.as_markup()


async def api_key(
    message: Message,
    user: User,
    command: ResolvedCommand,
    keys: ApiKeyService,
    premium: PremiumAnswer,
) -> SendMessage:
    action = command.first_arg
    if action == "revoke":
        revoked = await keys.revoke(user)
        return message.answer(
            _("Your API key is revoked: it no longer works.")
            if revoked
            else _("You have no API key.")
        )
    if action not in {"", "new", "status"}:
        return message.answer(_(APIKEY_USAGE))
    current = await keys.current(user)
    if current is None:
        if action == "status":
            return message.answer(_("You have no API key. /apikey makes one."))
        return message.answer(**new_key_message(await keys.issue(user)).as_kwargs())
    status = key_status(current, await premium(), now())
    if action == "status":
        return message.answer(
            f"{status}\n" + _("/apikey new replaces it; /apikey revoke turns it off.")
        )
    # A new key breaks the execution client until it is given the new one: ask first.
    return message.answer(
        f"{status}\n"
        + _(
            "Replace it with a new one? Your execution client stops working until you "
            "give it the new key."
        ),
        reply_markup=replace_buttons(current),
    )


async def api_key_button(
    query: CallbackQuery,
    callback_data: ApiKeyAction,
    user: User,
    keys: ApiKeyService,
    premium: PremiumAnswer,
) -> None:
    if callback_data.action == "keep":
        await query.answer()
        await redraw(query.message, None, text=_("Your API key stays as it is."))
        return
    if not await premium():  # buttons skip the command gate: check here
        await query.answer(_("A new key comes with premium access."), show_alert=True)
        return
    try:
        raw = await keys.issue(user, replacing=callback_data.key_id)
    except KeyChanged:
        await query.answer(
            _("Your key has changed since. Send /apikey to see it."), show_alert=True
        )
        await drop_buttons(query.message)
        return
    await query.answer()
    await redraw(query.message, None, **new_key_message(raw).as_kwargs())


NOTIFICATIONS_USAGE = N_(
    "Send /notifications off to stop them, /notifications on to have them again."
)


async def notifications(
    message: Message, command: ResolvedCommand, user: User, users: UserService
) -> SendMessage:
    """New premium signals come to premium members as they arrive, unless muted here."""
    choice = (command.args or "").strip().lower()
    if choice in {"on", "off"}:
        await users.set_signal_notifications(user, choice == "on")
    elif choice:
        not_got = _("I did not get {choice}.").format(choice=repr(choice[:20]))
        return message.answer(f"{not_got} {_(NOTIFICATIONS_USAGE)}")
    if user.signal_notifications:
        state = _("New premium signals come to you here as they arrive.")
    else:
        state = _("New premium signals are not sent to you; /signals shows them.")
    return message.answer(f"{state} {_(NOTIFICATIONS_USAGE)}")


HANDLERS: dict[str, Handler] = {
    "signals.signals": latest_signals,
    "signals.approve": approve_command,
    "signals.apikey": api_key,
    "signals.notifications": notifications,
}
# Answered in the sender's private chat when asked in a group.
PERSONAL = frozenset(HANDLERS)
OPEN_WITHOUT_PREMIUM = {"signals.apikey": APIKEY_OPEN_WITHOUT_PREMIUM}


def create_router() -> Router:
    router = router_for("signals", HANDLERS)
    router.callback_query.register(
        signal_button, SignalAction.filter(F.action.in_({"approve", "skip"}))
    )
    router.callback_query.register(
        api_key_button, ApiKeyAction.filter(F.action.in_({"replace", "keep"}))
    )
    return router
