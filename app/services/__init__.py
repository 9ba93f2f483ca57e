"""Domain services: plain async Python that takes ids and values, never aiogram types."""
