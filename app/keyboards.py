"""Buttons more than one part of the bot shows."""

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.keyboard import InlineKeyboardBuilder


class ShopOpen(CallbackData, prefix="shop"):
    action: str = "open"


def shop_button(text: str = "Open the shop") -> InlineKeyboardMarkup:
    """One button that opens /shop: the upsell, Renew in reminders and /subscription."""
    builder = InlineKeyboardBuilder()
    builder.button(text=text, callback_data=ShopOpen())
    return builder.as_markup()
