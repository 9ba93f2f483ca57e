"""Telegram bot service for a trading-signals business."""

from app.lazy_types import import_aiogram_types

import_aiogram_types()
