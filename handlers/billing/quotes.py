"""A quote's message and its buttons, shared by the shop and the promo-code dialog."""

from __future__ import annotations

from datetime import UTC, datetime

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.formatting import Bold, Text, as_line
from aiogram.utils.keyboard import InlineKeyboardBuilder

from app.config import Settings
from app.i18n import _, localized, money, ngettext, number
from app.keyboards import ShopOpen, shop_button
from app.money import STARS
from app.services.cards import card_currency
from app.services.catalog import CatalogService, NoPrice
from app.services.pricing import Draft, PricingService
from app.texts import quote_line
from models import Quote, User


class QuoteAction(CallbackData, prefix="quote"):
    action: str  # "buy", "card" (pay by card through Stripe) or "promo"
    quote_id: str  # the quote's UUID in hex: callback data never carries a price


def now() -> datetime:
    return datetime.now(UTC)


def duration_text(days: int | None) -> str:
    if days is None:
        return _("lifetime")
    return ngettext("{n} day", "{n} days", days).format(n=number(days))


def render_quote(
    draft: Draft, quote: Quote, ttl_minutes: int, card: bool = False
) -> tuple[Text, InlineKeyboardMarkup]:
    """The quote's message; `card` adds "Pay by card" beside the Stars button."""
    plan = draft.plan
    lines = [as_line(_("Price: {price}").format(price=money(draft.base)))]
    for line in draft.lines:
        reason = quote_line(line)
        lines.append(as_line(f"{reason[:1].upper()}{reason[1:]}: {money(line.amount)}"))
    free = draft.total.amount == 0
    total = _("Total: Free") if free else _("Total: {total}").format(total=money(draft.total))
    lines.append(as_line(Bold(total)))
    holds = ngettext(
        "This price holds for {n} minute.", "This price holds for {n} minutes.", ttl_minutes
    )
    lines.append(Text(holds.format(n=number(ttl_minutes))))
    content = Text(
        Bold(f"{localized(plan.product, 'title')} · {localized(plan, 'title')}"),
        f" ({duration_text(plan.duration_days)})\n\n",
        *lines,
    )
    keyboard = InlineKeyboardBuilder()
    buy = _("Get it free") if free else _("Buy for {price}").format(price=money(draft.total))
    keyboard.button(text=buy, callback_data=QuoteAction(action="buy", quote_id=quote.id.hex))
    if card and not free:
        keyboard.button(
            text=_("Pay by card"), callback_data=QuoteAction(action="card", quote_id=quote.id.hex)
        )
    keyboard.button(
        text=_("Promo code"), callback_data=QuoteAction(action="promo", quote_id=quote.id.hex)
    )
    keyboard.button(text=_("Back to the shop"), callback_data=ShopOpen(action="back"))
    keyboard.adjust(1)
    return content, keyboard.as_markup()


async def make_quote(
    user: User,
    plan_id: int,
    catalog: CatalogService,
    pricing: PricingService,
    settings: Settings,
    promo_code: str | None = None,
) -> tuple[Text, InlineKeyboardMarkup | None]:
    """The quote's message, or why there is none. PromoRejected passes through."""
    plan = await catalog.plan(plan_id)
    if plan is None:
        return Text(_("That plan is no longer on sale.")), shop_button()
    try:
        quote = await pricing.quote(user, plan, STARS, now(), promo_code)
    except NoPrice:
        return Text(_("That plan cannot be bought with Stars.")), shop_button()
    card = settings.stripe.enabled and card_currency(plan) is not None
    return render_quote(pricing.draft_of(quote), quote, settings.quote_ttl, card)
