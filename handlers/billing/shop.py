"""/shop: this user's prices, a quote per plan, free orders and trials."""

from __future__ import annotations

from aiogram import Bot
from aiogram.filters.callback_data import CallbackData
from aiogram.methods import SendMessage
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message, Update
from aiogram.utils.formatting import Bold, Text, as_list
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.config import Settings
from app.i18n import _, localized, money, ngettext, number
from app.keyboards import MAX_ROW_ID, PlanChoice, ShopOpen
from app.money import STARS
from app.notifier import Notifier
from app.services.catalog import CatalogService
from app.services.entitlements import EntitlementService, NoTrial, TrialAlreadyUsed
from app.services.orders import NotFree, OrderService
from app.services.pricing import PricingService, QuotePaid, QuoteUnavailable
from app.services.shop import ShopService
from app.texts import quote_line, refusal
from handlers.billing.invoices import buy
from handlers.billing.promo import PromoDialog
from handlers.billing.quotes import QuoteAction, duration_text, make_quote, now
from handlers.common import redraw
from models import User


class TrialChoice(CallbackData, prefix="trial"):
    product_id: int = Field(ge=1, le=MAX_ROW_ID)


async def render_shop(user: User, shop: ShopService) -> tuple[Text, InlineKeyboardMarkup | None]:
    """The products on sale with this user's Stars prices, a button per plan, and trials."""
    offers = await shop.offers(user, STARS, now())
    if not offers:
        return Text(_("The shop is closed for now. Please check back soon.")), None
    sections: list[Text] = []
    keyboard = InlineKeyboardBuilder()
    for offer in offers:
        product = offer.product
        title = localized(product, "title")
        lines: list[str] = []
        for draft in offer.plans:
            price = money(draft.total)
            if draft.lines:  # say why, as the quote will
                reasons = "; ".join(quote_line(line) for line in draft.lines)
                price = _("{price} instead of {base} ({reasons})").format(
                    price=price, base=money(draft.base), reasons=reasons
                )
            plan_title = localized(draft.plan, "title")
            lines.append(f"• {plan_title} — {price}")
            keyboard.button(
                text=f"{title} · {plan_title} — {money(draft.total)}",
                callback_data=PlanChoice(plan_id=draft.plan.id),
            )
        if offer.trial_available:
            keyboard.button(
                text=_("Try {product} free for {duration}").format(
                    product=title, duration=duration_text(product.trial_days)
                ),
                callback_data=TrialChoice(product_id=product.id),
            )
        description = localized(product, "description")
        sections.append(as_list(Bold(title), description, *lines))
    keyboard.adjust(1)
    return as_list(Bold(_("Premium access")), *sections, sep="\n\n"), keyboard.as_markup()


async def open_shop_command(
    message: Message, user: User, shop: ShopService, promo_dialog: PromoDialog
) -> SendMessage:
    await promo_dialog.end(user.telegram_id)  # /shop leaves the dialog
    content, keyboard = await render_shop(user, shop)
    return message.answer(**content.as_kwargs(), reply_markup=keyboard)


async def open_shop(
    query: CallbackQuery,
    callback_data: ShopOpen,
    user: User,
    shop: ShopService,
    promo_dialog: PromoDialog,
) -> None:
    await query.answer()
    await promo_dialog.end(user.telegram_id)
    content, keyboard = await render_shop(user, shop)
    if callback_data.action == "back":
        await redraw(query.message, keyboard, **content.as_kwargs())
    elif query.message is not None:  # under a reminder or an offer, which stays as it was
        await query.message.answer(**content.as_kwargs(), reply_markup=keyboard)


async def choose_plan(
    query: CallbackQuery,
    callback_data: PlanChoice,
    user: User,
    catalog: CatalogService,
    pricing: PricingService,
    settings: Settings,
    promo_dialog: PromoDialog,
) -> None:
    await query.answer()
    await promo_dialog.end(user.telegram_id)  # a new plan, a new dialog
    content, keyboard = await make_quote(user, callback_data.plan_id, catalog, pricing, settings)
    await redraw(query.message, keyboard, **content.as_kwargs())


async def quote_action(
    query: CallbackQuery,
    callback_data: QuoteAction,
    user: User,
    pricing: PricingService,
    shop: ShopService,
    orders: OrderService,
    notifier: Notifier,
    promo_dialog: PromoDialog,
    bot: Bot,
) -> None:
    try:
        quote = await pricing.open_quote(user, callback_data.quote_id, now())
    except QuotePaid as paid:  # a second tap on a quote that went through
        await query.answer(refusal(paid))
        return
    except QuoteUnavailable:
        # Someone else's quote, an expired, paid or tampered one: show a fresh price instead.
        await query.answer(_("That price has expired; here is the current one."))
        content, keyboard = await render_shop(user, shop)
        await redraw(query.message, keyboard, **content.as_kwargs())
        return
    if callback_data.action == "promo":
        # The quote's message loses its buttons once a code gives a newer quote.
        message_id = query.message.message_id if query.message is not None else None
        await promo_dialog.start(user.telegram_id, quote.plan_id, message_id)
        await query.answer()
        if query.message is not None:
            await query.message.answer(_("Send me the promo code (or /shop to go back)."))
        return
    if quote.total_amount == 0:
        await claim_free(query, user, callback_data.quote_id, orders, notifier)
        return
    await buy(query, callback_data.quote_id, user, orders, bot)


async def claim_free(
    query: CallbackQuery,
    user: User,
    quote_id: str,
    orders: OrderService,
    notifier: Notifier,
) -> None:
    try:
        order = await orders.claim_free(user, quote_id, now())
    except (QuoteUnavailable, NotFree) as gone:
        await query.answer(refusal(gone))
        return
    if order.fulfilled_before:  # two taps at once: the other one answered
        await query.answer(refusal(QuotePaid()))
        return
    await query.answer()
    plan = order.order.plan
    await redraw(
        query.message,
        None,
        text=_(
            "🎉 {product} · {plan} is yours, free ({duration}). /subscription shows what you have."
        ).format(
            product=localized(plan.product, "title"),
            plan=localized(plan, "title"),
            duration=duration_text(plan.duration_days),
        ),
    )
    await notifier.apply(order.changes, {user.id: user})


async def start_trial(
    query: CallbackQuery,
    callback_data: TrialChoice,
    user: User,
    catalog: CatalogService,
    entitlements: EntitlementService,
    notifier: Notifier,
    event_update: Update,
) -> None:
    product = await catalog.active_product(callback_data.product_id)
    if product is None:
        await query.answer(_("That offer is not available."), show_alert=True)
        return
    try:
        changes = await entitlements.start_trial(
            user, product, now(), request_id=event_update.update_id
        )
    except (TrialAlreadyUsed, NoTrial) as refused:
        await query.answer(refusal(refused), show_alert=True)
        return
    await query.answer()
    await redraw(
        query.message,
        None,
        text=ngettext(
            "Your {n}-day free trial of {product} has started. /subscription shows what you have.",
            "Your {n}-day free trial of {product} has started. /subscription shows what you have.",
            product.trial_days or 0,
        ).format(n=number(product.trial_days or 0), product=localized(product, "title")),
    )
    await notifier.apply(changes, {user.id: user})
