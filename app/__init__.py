"""Telegram bot service for a trading-signals business."""
