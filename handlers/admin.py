"""Admin commands in the bot (only ADMIN_IDS reach them: the command gate checks the sender
server-side, and the buttons check it again). /refund ORDER gives a Stars payment back;
/broadcast composes a broadcast (message, audience, preview, send) and shows how one goes.
Admins read the bot in their language like anyone; what they write for a broadcast is sent as
they wrote it."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime
from typing import Any

from aiogram import Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.fsm.storage.base import BaseStorage, StorageKey
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.formatting import Code, Text
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field
from redis.exceptions import RedisError

from app.broadcasting import Broadcaster
from app.config import Settings
from app.errors import DomainError
from app.i18n import N_, _, money, ngettext, number
from app.keyboards import MAX_ROW_ID
from app.money import STARS, Money
from app.notifier import SENT, Notifier
from app.services.broadcasts import BroadcastService, Progress, Segment
from app.services.payments import PaymentService, RefundRefused, StarsGateway
from app.texts import (
    REFUSALS,
    audience,
    broadcast_report,
    for_operator,
    headline,
    refund_notice,
)
from handlers.common import Handler, drop_buttons, redraw, router_for
from middlewares.commands import ResolvedCommand
from models import BroadcastStatus, MediaKind

log = logging.getLogger(__name__)


def now() -> datetime:
    return datetime.now(UTC)


# In a text, `what is typed as it is` (a command with its argument, an audience's code): shown
# as code, so it reads as the same in every language.
CODE_SPAN = re.compile(r"`([^`]+)`")


def code_spans(*texts: str) -> Text:
    """The texts (translated already), one after another, with their `spans` as code."""
    parts: list[str | Code] = []
    for text in texts:
        if parts:
            parts.append(" ")
        position = 0
        for span in CODE_SPAN.finditer(text):
            parts += [text[position : span.start()], Code(span[1])]
            position = span.end()
        parts.append(text[position:])
    return Text(*parts)


def coded(*texts: str) -> dict[str, Any]:
    """A message of the texts, with their `spans` as code: its keyword arguments."""
    return code_spans(*texts).as_kwargs()


USAGE = N_(
    "Usage: /refund ORDER [reason], like /refund 12 bought twice. The buyer's /orders shows "
    "the order number, and so does `python -m app orders list`."
)


ADMINS_ONLY = N_("This command is for the bot's admins.")


def from_admin(message: Message, settings: Settings) -> bool:
    """Checked here too, not only by the command gate: a registry entry moved to another
    category (or an alias) must not open an admin handler to everyone."""
    return message.from_user is not None and settings.is_admin(message.from_user.id)


async def refund_command(
    message: Message,
    command: ResolvedCommand,
    payments: PaymentService,
    stars: StarsGateway | None,
    notifier: Notifier,
    settings: Settings,
) -> SendMessage:
    if not from_admin(message, settings):
        return message.answer(_(ADMINS_ONLY))
    written, _space, reason = (command.args or "").strip().partition(" ")
    argument = written.removeprefix("#")
    if not argument.isdigit() or len(argument) > 10:
        return message.answer(**coded(_(USAGE)))
    assert stars is not None, "the bot always has a gateway"
    moment = datetime.now(UTC)
    try:
        refund = await payments.refund_order(
            int(argument), "refund_admin", moment, stars, reason=reason.strip()
        )
    except DomainError as refused:
        return message.answer(refund_refusal(refused, int(argument), moment))
    paid = Money(refund.payment.amount, refund.payment.currency)
    lines = [
        _("Order #{order} refunded: {amount} back to the buyer.").format(
            order=argument, amount=money(paid)
        )
    ]
    if refund.already_at_telegram:
        lines.append(_("Telegram had refunded it already."))
    if refund.told_by_telegram:
        lines.append(_("The buyer was told."))
    elif refund.user is not None:
        order_id = refund.order.id if refund.order is not None else None
        by_card = refund.payment.currency != STARS
        # In the buyer's language, which need not be the admin's.
        outcome = await notifier.send(refund.user, lambda: refund_notice(paid, order_id, by_card))
        await notifier.apply(refund.changes, {refund.user.id: refund.user})
        told = outcome == SENT
        lines.append(_("The buyer was told.") if told else _("The buyer blocked the bot."))
    return message.answer(" ".join(lines))


def refund_refusal(error: DomainError, order: int, moment: datetime) -> str:
    """Why /refund did not refund, in the admin's language."""
    if error.code == "order.unknown":
        return _("no order #{order}; `orders list` shows them").format(order=order)
    if error.code == "refund.done":
        return _("order #{order} was refunded already").format(order=order)
    if error.code == "refund.free":
        return _(
            "order #{order} was free: nothing was paid (`entitlements revoke` takes the access "
            "back)"
        ).format(order=order)
    if error.code == "refund.unpaid":
        return _("order #{order} was never paid: there is nothing to refund").format(order=order)
    if isinstance(error, RefundRefused) and error.code not in REFUSALS:
        # The provider's own words (Telegram's or Stripe's error) follow.
        detail = error.message.partition(": ")[2] or error.reason
        return _("Telegram refused the refund: {detail}").format(detail=detail)
    return for_operator(error, moment)


BROADCAST_USAGE = N_(
    "`/broadcast new` composes one; `/broadcast 12` shows broadcast #12 (with pause, resume "
    "and cancel); /broadcast alone lists them."
)
# The audiences offered as buttons (a button carries its position); any other can be typed.
SEGMENT_CHOICES = (
    ("all", N_("Everyone")),
    ("premium", N_("Premium members")),
    ("free", N_("Free users")),
    ("expired:30", N_("Lapsed in 30 days")),
    ("affiliates", N_("Affiliates")),
)
# What a broadcast's status forbids, by the change asked for.
CANNOT = {
    "send": N_("Broadcast #{id} cannot be sent: it has started already or was cancelled."),
    "pause": N_("Broadcast #{id} cannot be paused: only a scheduled or sending one can."),
    "resume": N_("Broadcast #{id} cannot be resumed: only a paused one can."),
    "cancel": N_("Broadcast #{id} cannot be cancelled: it is over already."),
    "discard": N_("Broadcast #{id} cannot be cancelled: it is over already."),
}


def broadcast_refusal(error: DomainError, broadcast_id: int = 0, verb: str = "") -> str:
    """Why a broadcast could not be made or changed, in the admin's language (the CLI says
    it in the service's words)."""
    if error.code == "broadcast.unknown":
        return _("There is no broadcast #{id}. /broadcast lists them.").format(id=broadcast_id)
    if error.code == "broadcast.state" and verb in CANNOT:
        return _(CANNOT[verb]).format(id=broadcast_id)
    if error.code == "broadcast.segment":
        return _(
            "I do not know that audience. Type one of: `all`, `premium`, `free`, `affiliates`, "
            "`expired:DAYS`, `language:CODE`, `campaign:NAME`, `ids:ID,ID,…`"
        )
    if error.code == "broadcast.signal":
        return _("The signal audience is for new signals only.")
    if error.code == "broadcast.no_campaign":
        return _("There is no such campaign; campaign names are case-sensitive.")
    if error.code == "broadcast.too_long":
        return _("The message is longer than Telegram allows.")
    if error.code == "broadcast.formatting":
        return _("Telegram cannot show this message's formatting.")
    return error.message  # the service's words: what the CLI says


class BroadcastSteps(StatesGroup):
    composing = State()  # waiting for the message
    choosing = State()  # waiting for the audience


class BroadcastAction(CallbackData, prefix="bc"):
    action: str  # audience, send, discard, pause, resume, cancel, refresh
    broadcast_id: int = Field(default=0, ge=0, le=MAX_ROW_ID)
    audience: int = Field(default=0, ge=0, lt=len(SEGMENT_CHOICES))


class BroadcastDialog:
    """The admin's composing, in the Dispatcher's storage (aiogram's FSM, under its own
    destiny so the promo-code dialog never meets it). It expires with the storage's TTL."""

    def __init__(self, storage: BaseStorage, bot_id: int) -> None:
        self.storage = storage
        self.bot_id = bot_id

    def of(self, admin_id: int) -> FSMContext:
        key = StorageKey(self.bot_id, admin_id, admin_id, destiny="broadcast")
        return FSMContext(self.storage, key)

    async def step(self, admin_id: int) -> str | None:
        try:
            return await self.of(admin_id).get_state()
        except RedisError as exc:
            log.debug("Redis unavailable, the broadcast dialog cannot be read: %s", exc)
            return None


def card(progress: Progress) -> tuple[str, InlineKeyboardMarkup]:
    """A broadcast's figures with what can be done to it now."""
    broadcast = progress.broadcast
    keyboard = InlineKeyboardBuilder()

    def add(text: str, action: str) -> None:
        keyboard.button(
            text=text, callback_data=BroadcastAction(action=action, broadcast_id=broadcast.id)
        )

    if broadcast.status in {BroadcastStatus.SENDING, BroadcastStatus.SCHEDULED}:
        add(_("Pause"), "pause")
    if broadcast.status == BroadcastStatus.PAUSED:
        add(_("Resume"), "resume")
    if broadcast.status not in {BroadcastStatus.DONE, BroadcastStatus.CANCELLED}:
        add(_("Cancel"), "cancel")
    add(_("Refresh"), "refresh")
    return "\n".join(broadcast_report(progress)), keyboard.as_markup()


async def broadcast_command(
    message: Message,
    command: ResolvedCommand,
    broadcasts: BroadcastService,
    broadcast_dialog: BroadcastDialog,
    settings: Settings,
) -> SendMessage:
    if not from_admin(message, settings):
        return message.answer(_(ADMINS_ONLY))
    verb, _space, rest = (command.args or "").strip().partition(" ")
    verb = verb.lower().removeprefix("#")
    admin_id = message.chat.id
    if verb == "new":
        dialog = broadcast_dialog.of(admin_id)
        await dialog.set_state(BroadcastSteps.composing)
        await dialog.set_data({})
        return message.answer(
            **coded(
                _(
                    "Send me the message to broadcast: text with any formatting, or a photo or a "
                    "document with a caption. `/broadcast stop` gives up."
                )
            )
        )
    if verb == "stop":
        await broadcast_dialog.of(admin_id).clear()
        return message.answer(**coded(_("Nothing composed."), _(BROADCAST_USAGE)))
    if verb in {"pause", "resume", "cancel"} or verb.isdigit():
        written = (rest.strip().removeprefix("#") if not verb.isdigit() else verb) or ""
        if not written.isdigit() or not 1 <= int(written) <= MAX_ROW_ID:
            return message.answer(**coded(_(BROADCAST_USAGE)))
        try:
            if verb != written:
                await change(broadcasts, verb, int(written))
            text, markup = card(await broadcasts.progress(int(written), now()))
        except DomainError as refused:
            return message.answer(**coded(broadcast_refusal(refused, int(written), verb)))
        return message.answer(text, reply_markup=markup)
    if verb:
        return message.answer(**coded(_(BROADCAST_USAGE)))
    listed = await broadcasts.listing(limit=10)
    lines = [headline(b) for b in listed] or [_("No broadcasts yet.")]
    # A headline is plain text (a campaign's name may hold a backtick): no code spans in it.
    return message.answer(
        **Text("\n".join(lines), "\n\n", code_spans(_(BROADCAST_USAGE))).as_kwargs()
    )


async def change(broadcasts: BroadcastService, verb: str, broadcast_id: int) -> None:
    if verb == "pause":
        await broadcasts.pause(broadcast_id)
    elif verb == "resume":
        await broadcasts.resume(broadcast_id)
    elif verb == "cancel":
        await broadcasts.cancel(broadcast_id, now())


async def composing(
    message: Message, settings: Settings, broadcast_dialog: BroadcastDialog
) -> bool | dict[str, Any]:
    """Passes an admin's private message that is no command while they compose."""
    sender = message.from_user
    if sender is None or not settings.is_admin(sender.id) or message.chat.id != sender.id:
        return False
    if (message.text or "").startswith("/"):
        return False
    step = await broadcast_dialog.step(sender.id)
    return {"step": step} if step in {BroadcastSteps.composing, BroadcastSteps.choosing} else False


async def composed(
    message: Message,
    step: str,
    broadcast_dialog: BroadcastDialog,
    broadcasts: BroadcastService,
    broadcaster: Broadcaster | None,
) -> SendMessage | None:
    dialog = broadcast_dialog.of(message.chat.id)
    if step == BroadcastSteps.choosing:  # a typed segment
        await create_draft(
            message.chat.id, (message.text or "").strip(), dialog, broadcasts, broadcaster
        )
        return None
    content: dict[str, Any] = {"text": message.html_text if message.text or message.caption else ""}
    if message.photo:
        content |= {"media_kind": MediaKind.PHOTO, "media": message.photo[-1].file_id}
    elif message.document:
        content |= {"media_kind": MediaKind.DOCUMENT, "media": message.document.file_id}
    elif not message.text:
        return message.answer(_("Send text, or a photo or a document with a caption."))
    await dialog.set_data(content)
    await dialog.set_state(BroadcastSteps.choosing)
    keyboard = InlineKeyboardBuilder()
    for position, (_segment, label) in enumerate(SEGMENT_CHOICES):
        data = BroadcastAction(action="audience", audience=position)
        keyboard.button(text=_(label), callback_data=data)
    keyboard.adjust(2)
    return message.answer(
        **coded(
            _(
                "Who gets it? Or type an audience: `language:ru`, `campaign:NAME`, "
                "`ids:1,2,3`, `expired:DAYS`."
            )
        ),
        reply_markup=keyboard.as_markup(),
    )


async def create_draft(
    admin_id: int,
    typed: str,
    dialog: FSMContext,
    broadcasts: BroadcastService,
    broadcaster: Broadcaster | None,
) -> None:
    """Make the draft, show it as recipients will see it, and ask to send."""
    assert broadcaster is not None, "the bot always has a sender"
    bot = broadcaster.bot
    data = await dialog.get_data()
    if "text" not in data:  # the dialog ran out
        await dialog.clear()
        await bot.send_message(admin_id, **coded(_("That draft has expired."), _(BROADCAST_USAGE)))
        return
    moment = now()
    try:
        segment = Segment.parse(typed)
        draft = await broadcasts.create(
            segment,
            data["text"],
            moment,
            media_kind=data.get("media_kind"),
            media=data.get("media"),
            created_by=admin_id,
        )
    except DomainError as refused:
        again = _("Try again, or `/broadcast stop`.")
        await bot.send_message(admin_id, **coded(broadcast_refusal(refused), again))
        return
    await dialog.clear()
    reach = len(await broadcasts.recipients(segment, moment))
    try:
        await broadcaster.preview(draft.id, admin_id)
    except TelegramBadRequest as refused:  # formatting or a file Telegram will not take
        await broadcasts.cancel(draft.id, moment)
        # Telegram's reason is Telegram's words, shown as they came.
        text = _("Telegram refused it ({reason}); nothing was sent.").format(reason=refused.message)
        usage = code_spans(_(BROADCAST_USAGE))
        await bot.send_message(admin_id, **Text(text, " ", usage).as_kwargs())
        return
    keyboard = InlineKeyboardBuilder()
    keyboard.button(
        text=_("Send now"), callback_data=BroadcastAction(action="send", broadcast_id=draft.id)
    )
    keyboard.button(
        text=_("Discard"), callback_data=BroadcastAction(action="discard", broadcast_id=draft.id)
    )
    recipients = ngettext("{n} recipient", "{n} recipients", reach).format(n=number(reach))
    await bot.send_message(
        admin_id,
        _("Above is broadcast #{id} as it will look, {audience}: {recipients} today.").format(
            id=draft.id, audience=audience(segment), recipients=recipients
        ),
        reply_markup=keyboard.as_markup(),
    )


async def broadcast_button(
    query: CallbackQuery,
    callback_data: BroadcastAction,
    settings: Settings,
    broadcasts: BroadcastService,
    broadcaster: Broadcaster | None,
    broadcast_dialog: BroadcastDialog,
) -> None:
    if not settings.is_admin(query.from_user.id):  # the data is never trusted for who may
        await query.answer(_("This is for the bot's admins."), show_alert=True)
        return
    await query.answer()
    admin_id, action = query.from_user.id, callback_data.action
    if action == "audience":
        await drop_buttons(query.message)
        await create_draft(
            admin_id,
            SEGMENT_CHOICES[callback_data.audience][0],
            broadcast_dialog.of(admin_id),
            broadcasts,
            broadcaster,
        )
        return
    try:
        if action == "send":
            await broadcasts.schedule(callback_data.broadcast_id, now())
        elif action == "discard":
            await broadcasts.cancel(callback_data.broadcast_id, now())
        else:
            await change(broadcasts, action, callback_data.broadcast_id)
        text, markup = card(await broadcasts.progress(callback_data.broadcast_id, now()))
    except DomainError as refused:
        why = broadcast_refusal(refused, callback_data.broadcast_id, action)
        await redraw(query.message, None, **coded(why))
        return
    await redraw(query.message, markup, text=text)


HANDLERS: dict[str, Handler] = {
    "admin.refund": refund_command,
    "admin.broadcast": broadcast_command,
}
# The broadcast dialog runs in the admin's private chat, whoever asks from a group.
PERSONAL = frozenset({"admin.broadcast"})
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router() -> Router:
    router = router_for("admin", HANDLERS)
    router.message.register(composed, composing)
    router.callback_query.register(broadcast_button, BroadcastAction.filter())
    return router
