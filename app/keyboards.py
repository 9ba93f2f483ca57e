"""Buttons more than one part of the bot shows."""

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder
from pydantic import Field

from app.i18n import _

# Row ids are 32-bit in the database: a button carrying a larger one is forged or stale.
MAX_ROW_ID = 2**31 - 1


class ShopOpen(CallbackData, prefix="shop"):
    # "open": the shop as a new message, under a reminder or an offer that should stay;
    # "back": the shop in place of the quote it was pressed on.
    action: str = "open"


class PlanChoice(CallbackData, prefix="plan"):
    plan_id: int = Field(ge=1, le=MAX_ROW_ID)  # data no row can have is a stale button


class RunCommand(CallbackData, prefix="run"):
    """A command button (under a broadcast): pressed, the command runs for whoever pressed it,
    through the command gate like a typed one (data naming no command is answered as such)."""

    command: str = Field(pattern=r"^[a-z0-9_]{1,32}$")


class LanguageChoice(CallbackData, prefix="lang"):
    language: str = Field(pattern=r"^[a-z]{2}$")  # checked against the languages we speak


def fresh_price_button(plan_id: int) -> InlineKeyboardMarkup:
    """A new quote for a plan whose old price ran out (an expired invoice, say)."""
    builder = InlineKeyboardBuilder()
    builder.button(text=_("See today's price"), callback_data=PlanChoice(plan_id=plan_id))
    return builder.as_markup()


def shop_button(text: str | None = None) -> InlineKeyboardMarkup:
    """One button that opens /shop: the upsell, Renew in reminders and /subscription. `text`
    is translated by the caller (`_("Renew")`); "Open the shop" when none is given."""
    builder = InlineKeyboardBuilder()
    builder.button(text=text or _("Open the shop"), callback_data=ShopOpen())
    return builder.as_markup()


def private_chat_button(bot_username: str | None) -> InlineKeyboardMarkup | None:
    """A link that opens the user's private chat with the bot, for answers given there."""
    if not bot_username:
        return None
    builder = InlineKeyboardBuilder()
    builder.button(text=_("Open in private chat"), url=f"https://t.me/{bot_username}")
    return builder.as_markup()
