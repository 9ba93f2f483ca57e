"""/shop, quotes, promo codes, free orders, trials and /subscription. /checkout arrives with
payments."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from aiogram import Bot, Dispatcher, F, Router
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Update
from aiogram.utils.formatting import Bold, Text, as_line, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field
from redis.exceptions import RedisError

from app.config import Settings
from app.keyboards import MAX_ROW_ID, ShopOpen, shop_button
from app.money import STARS
from app.notifier import Notifier
from app.services.catalog import CatalogService, NoPrice, entitlement_title
from app.services.entitlements import Access, EntitlementService, NoTrial, TrialAlreadyUsed
from app.services.free_orders import FreeOrderService, NotFree
from app.services.pricing import (
    Draft,
    PricingService,
    PromoRejected,
    QuotePaid,
    QuoteUnavailable,
)
from app.texts import quote_line, refusal
from app.wording import plural, relative, utc
from handlers.common import HandledBy, opens_soon, redraw
from models import Product, Quote, User

log = logging.getLogger(__name__)


class PlanChoice(CallbackData, prefix="plan"):
    plan_id: int = Field(ge=1, le=MAX_ROW_ID)  # data no row can have is a stale button


class QuoteAction(CallbackData, prefix="quote"):
    action: str  # "buy" or "promo"
    quote_id: str  # the quote's UUID in hex: callback data never carries a price


class TrialChoice(CallbackData, prefix="trial"):
    product_id: int = Field(ge=1, le=MAX_ROW_ID)


class ChannelInvite(CallbackData, prefix="channel"):
    action: str = "invite"


class Checkout(StatesGroup):
    awaiting_promo_code = State()


def now() -> datetime:
    return datetime.now(UTC)


def duration_text(days: int | None) -> str:
    return "lifetime" if days is None else plural(days, "day")


async def render_shop(
    user: User, catalog: CatalogService, pricing: PricingService, entitlements: EntitlementService
) -> tuple[Text, InlineKeyboardMarkup | None]:
    """The active products with this user's Stars prices, a button per plan, and trials."""
    moment = now()
    products = await catalog.active_products()
    if not products:
        return Text("The shop is closed for now. Please check back soon."), None
    sections: list[Text] = []
    keyboard = InlineKeyboardBuilder()
    for product in products:
        lines: list[str] = []
        for plan in product.active_plans:
            try:
                draft = await pricing.preview(user, plan, STARS, moment)
            except NoPrice:
                continue
            price = draft.total.format()
            if draft.lines:  # say why, as the quote will
                reasons = "; ".join(quote_line(line) for line in draft.lines)
                price += f" instead of {draft.base.format()} ({reasons})"
            lines.append(f"• {plan.title} — {price}")
            keyboard.button(
                text=f"{product.title} · {plan.title} — {draft.total.format()}",
                callback_data=PlanChoice(plan_id=plan.id),
            )
        if not lines:
            continue
        if await entitlements.trial_available(user.id, product):
            keyboard.button(
                text=f"Try {product.title} free for {duration_text(product.trial_days)}",
                callback_data=TrialChoice(product_id=product.id),
            )
        sections.append(as_list(Bold(product.title), product.description, *lines))
    keyboard.adjust(1)
    return as_list(Bold("Premium access"), *sections, sep="\n\n"), keyboard.as_markup()


def render_quote(draft: Draft, quote: Quote, ttl_minutes: int) -> tuple[Text, InlineKeyboardMarkup]:
    plan = draft.plan
    lines = [as_line(f"Price: {draft.base.format()}")]
    for line in draft.lines:
        reason = quote_line(line)
        lines.append(as_line(f"{reason[:1].upper()}{reason[1:]}: {line.amount.format()}"))
    free = draft.total.amount == 0
    lines.append(as_line(Bold(f"Total: {'Free' if free else draft.total.format()}")))
    lines.append(Text(f"This price holds for {plural(ttl_minutes, 'minute')}."))
    content = Text(
        Bold(f"{plan.product.title} · {plan.title}"),
        f" ({duration_text(plan.duration_days)})\n\n",
        *lines,
    )
    keyboard = InlineKeyboardBuilder()
    buy = "Get it free" if free else f"Buy for {draft.total.format()}"
    keyboard.button(text=buy, callback_data=QuoteAction(action="buy", quote_id=quote.id.hex))
    keyboard.button(
        text="Promo code", callback_data=QuoteAction(action="promo", quote_id=quote.id.hex)
    )
    keyboard.button(text="Back to the shop", callback_data=ShopOpen(action="back"))
    keyboard.adjust(1)
    return content, keyboard.as_markup()


async def shop(
    message: Message,
    user: User,
    catalog: CatalogService,
    pricing: PricingService,
    entitlements: EntitlementService,
    dispatcher: Dispatcher,
    bot: Bot,
) -> SendMessage:
    await end_promo_dialog(dispatcher, bot, user.telegram_id)  # /shop leaves the dialog
    content, keyboard = await render_shop(user, catalog, pricing, entitlements)
    return message.answer(**content.as_kwargs(), reply_markup=keyboard)


async def open_shop(
    query: CallbackQuery,
    callback_data: ShopOpen,
    user: User,
    catalog: CatalogService,
    pricing: PricingService,
    entitlements: EntitlementService,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    await query.answer()
    await end_promo_dialog(dispatcher, bot, user.telegram_id)
    content, keyboard = await render_shop(user, catalog, pricing, entitlements)
    if callback_data.action == "back":
        await redraw(query.message, keyboard, **content.as_kwargs())
    else:  # under a reminder or an offer, which stays as it was
        await query.message.answer(**content.as_kwargs(), reply_markup=keyboard)


async def make_quote(
    user: User,
    plan_id: int,
    catalog: CatalogService,
    pricing: PricingService,
    settings: Settings,
    promo_code: str | None = None,
) -> tuple[Text, InlineKeyboardMarkup]:
    """The quote's message, or why there is none. PromoRejected passes through."""
    plan = await catalog.plan(plan_id)
    if plan is None:
        return Text("That plan is no longer on sale."), shop_button()
    try:
        quote = await pricing.quote(user, plan, STARS, now(), promo_code)
    except NoPrice:
        return Text("That plan cannot be bought with Stars."), shop_button()
    return render_quote(pricing.draft_of(quote), quote, settings.quote_ttl)


async def choose_plan(
    query: CallbackQuery,
    callback_data: PlanChoice,
    user: User,
    catalog: CatalogService,
    pricing: PricingService,
    settings: Settings,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    await query.answer()
    await end_promo_dialog(dispatcher, bot, user.telegram_id)  # a new plan, a new dialog
    content, keyboard = await make_quote(user, callback_data.plan_id, catalog, pricing, settings)
    await redraw(query.message, keyboard, **content.as_kwargs())


async def quote_action(
    query: CallbackQuery,
    callback_data: QuoteAction,
    user: User,
    catalog: CatalogService,
    pricing: PricingService,
    entitlements: EntitlementService,
    free_orders: FreeOrderService,
    notifier: Notifier,
    dispatcher: Dispatcher,
    bot: Bot,
) -> None:
    try:
        quote = await pricing.open_quote(user, callback_data.quote_id, now())
    except QuotePaid:  # a second tap on a quote that went through
        await query.answer("That is done already. /subscription shows what you have.")
        return
    except QuoteUnavailable:
        # Someone else's quote, an expired, paid or tampered one: show a fresh price instead.
        await query.answer("That price has expired; here is the current one.")
        content, keyboard = await render_shop(user, catalog, pricing, entitlements)
        await redraw(query.message, keyboard, **content.as_kwargs())
        return
    if callback_data.action == "promo":
        state = promo_state(dispatcher, bot, query.from_user.id)
        await state.set_state(Checkout.awaiting_promo_code)
        # The quote's message loses its buttons once a code gives a newer quote.
        await state.set_data({"plan_id": quote.plan_id, "quote_message": query.message.message_id})
        await query.answer()
        await query.message.answer("Send me the promo code (or /shop to go back).")
        return
    if quote.total_amount == 0:
        await claim_free(query, user, callback_data.quote_id, free_orders, notifier)
        return
    await query.answer("Payments open soon: your price is saved until it expires.", show_alert=True)


async def claim_free(
    query: CallbackQuery,
    user: User,
    quote_id: str,
    free_orders: FreeOrderService,
    notifier: Notifier,
) -> None:
    try:
        order = await free_orders.fulfil(user, quote_id, now())
    except (QuoteUnavailable, NotFree):
        await query.answer("That price has expired. Send /shop for the current one.")
        return
    if order.fulfilled_before:  # two taps at once: the other one answered
        await query.answer("That is done already. /subscription shows what you have.")
        return
    await query.answer()
    plan = order.plan
    await redraw(
        query.message,
        None,
        text=(
            f"🎉 {plan.product.title} · {plan.title} is yours, free "
            f"({duration_text(plan.duration_days)}). /subscription shows what you have."
        ),
    )
    await notifier.apply(order.changes, {user.id: user})


def promo_state(dispatcher: Dispatcher, bot: Bot, user_id: int) -> FSMContext:
    """The promo-code dialog's state in the private chat (Redis when configured). Read only where
    it matters, not on every update."""
    return dispatcher.fsm.get_context(bot=bot, chat_id=user_id, user_id=user_id)


async def end_promo_dialog(dispatcher: Dispatcher, bot: Bot, user_id: int) -> None:
    try:
        await promo_state(dispatcher, bot, user_id).clear()
    except RedisError as exc:  # the shop still opens; the state expires with QUOTE_TTL
        log.debug("Redis unavailable, the promo-code dialog was not closed: %s", exc)


async def awaiting_promo_code(message: Message, dispatcher: Dispatcher, bot: Bot) -> bool | dict:
    if message.chat.type != ChatType.PRIVATE or not message.text or message.text.startswith("/"):
        return False
    state = promo_state(dispatcher, bot, message.from_user.id)
    try:
        if await state.get_state() != Checkout.awaiting_promo_code.state:
            return False
    except RedisError as exc:
        log.debug("Redis unavailable, the promo-code dialog cannot be read: %s", exc)
        return False
    return {"state": state}


async def promo_code_entered(
    message: Message,
    state: FSMContext,
    user: User | None,
    catalog: CatalogService,
    pricing: PricingService,
    settings: Settings,
    bot: Bot,
) -> SendMessage | None:
    data = await state.get_data()
    if user is None or "plan_id" not in data:  # a stranger, or the dialog's data expired
        await state.clear()
        return message.answer("Please open /shop and pick a plan first.")
    try:
        content, keyboard = await make_quote(
            user, data["plan_id"], catalog, pricing, settings, promo_code=message.text.strip()[:64]
        )
    except PromoRejected as rejected:
        return message.answer(f"{refusal(rejected, now())} Send another code, or /shop to go back.")
    await message.answer(**content.as_kwargs(), reply_markup=keyboard)
    await state.clear()
    if data.get("quote_message"):  # the quote this one replaces: its buttons are off
        try:
            await bot.edit_message_reply_markup(
                chat_id=message.chat.id, message_id=data["quote_message"], reply_markup=None
            )
        except TelegramBadRequest as exc:  # deleted, or too old to edit: nothing to turn off
            log.info("Superseded quote message not edited: %s", exc.message)


async def start_trial(
    query: CallbackQuery,
    callback_data: TrialChoice,
    user: User,
    entitlements: EntitlementService,
    notifier: Notifier,
    event_update: Update,
) -> None:
    product = await Product.filter(id=callback_data.product_id, active=True).first()
    if product is None:
        await query.answer("That offer is not available.", show_alert=True)
        return
    try:
        changes = await entitlements.start_trial(
            user, product, now(), request_id=event_update.update_id
        )
    except (TrialAlreadyUsed, NoTrial):
        await query.answer("You have had this trial already.", show_alert=True)
        return
    await query.answer()
    await redraw(
        query.message,
        None,
        text=(
            f"Your {product.trial_days}-day free trial of {product.title} has started. "
            "/subscription shows what you have."
        ),
    )
    await notifier.apply(changes, {user.id: user})


def access_line(access: Access, title: str, moment: datetime) -> str:
    if access.lifetime:
        return f"• {title} — lifetime"
    kind = "trial, " if access.trial else ""
    return (
        f"• {title} — {kind}ends {relative(access.expires_at, moment)} ({utc(access.expires_at)})"
    )


async def subscription(
    message: Message,
    user: User,
    catalog: CatalogService,
    entitlements: EntitlementService,
    notifier: Notifier,
) -> SendMessage:
    moment = now()
    accesses = await entitlements.summary(user.id, moment)
    if not accesses:
        ended = await entitlements.last_end(user.id, moment)
        if ended:
            text = (
                f"Your premium access ended {relative(ended, moment)} ({utc(ended)}). "
                "Renew to get it back:"
            )
        elif await entitlements.had_any(user.id):  # withdrawn, not run out
            text = "You have no premium access now."
        else:
            text = "You have no premium access yet."
        return message.answer(text, reply_markup=shop_button("See the plans"))
    titles = await catalog.entitlement_titles()
    lines = [
        access_line(access, entitlement_title(access.key, titles), moment) for access in accesses
    ]
    content = as_list(Bold("Your access"), *lines)
    keyboard = InlineKeyboardBuilder()
    # Someone on a trial has nothing to renew yet: they choose a plan.
    renew = "See the plans" if all(access.trial for access in accesses) else "Renew"
    keyboard.button(text=renew, callback_data=ShopOpen())
    if any(notifier.opens_channel(access.key) for access in accesses):
        # Invite links work once and for a day: a way to get a new one.
        keyboard.button(text="New channel invite", callback_data=ChannelInvite())
    keyboard.adjust(1)
    return message.answer(**content.as_kwargs(), reply_markup=keyboard.as_markup())


async def channel_invite(
    query: CallbackQuery, user: User, entitlements: EntitlementService, notifier: Notifier
) -> None:
    key = notifier.channel_key
    if not notifier.opens_channel(key) or not await entitlements.has(user.id, key, now()):
        await query.answer("Your access does not include the channel.", show_alert=True)
        return
    if await notifier.open_channel(user, key):
        await query.answer()
        return
    await query.answer(
        "I couldn't create your invite just now. The team has been told, and I'll send it "
        "to you here as soon as it works.",
        show_alert=True,
    )


HANDLERS = {
    "billing.shop": shop,
    "billing.checkout": opens_soon("Payments"),
    "billing.subscription": subscription,
}
# Prices are this user's and access is theirs: answered in their private chat from a group.
PERSONAL = frozenset(HANDLERS)
OPEN_WITHOUT_PREMIUM: dict[str, frozenset[str]] = {}


def create_router() -> Router:
    router = Router(name="billing")
    for key, handler in HANDLERS.items():
        router.message.register(handler, HandledBy(key))
    router.message.register(promo_code_entered, awaiting_promo_code)
    router.callback_query.register(open_shop, ShopOpen.filter())
    router.callback_query.register(choose_plan, PlanChoice.filter())
    router.callback_query.register(quote_action, QuoteAction.filter(F.action.in_({"buy", "promo"})))
    router.callback_query.register(start_trial, TrialChoice.filter())
    router.callback_query.register(channel_invite, ChannelInvite.filter())
    return router
