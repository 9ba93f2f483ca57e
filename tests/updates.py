"""Real Telegram Update JSON for tests, shaped as the Bot API sends it."""

from __future__ import annotations

import itertools
import time
from typing import Any

_update_ids = itertools.count(10_000)
_message_ids = itertools.count(1)

USER_ID = 1001
# The Telegram language of senders whose language a test does not name (a test may switch it).
LANGUAGE = "en"
_TELEGRAMS = object()


def sender(
    user_id: int = USER_ID,
    first_name: str = "Alice",
    username: str | None = "alice",
    language_code: str | None | object = _TELEGRAMS,
) -> dict[str, Any]:
    if language_code is _TELEGRAMS:
        language_code = LANGUAGE
    user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
    if username:
        user["username"] = username
    if language_code:
        user["language_code"] = language_code
    return user


def message(
    text: str,
    *,
    user_id: int = USER_ID,
    chat_id: int | None = None,
    chat_type: str = "private",
    update_id: int | None = None,
    **sender_fields: Any,
) -> dict[str, Any]:
    from_user = sender(user_id, **sender_fields)
    chat_id = user_id if chat_id is None else chat_id
    chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
    if chat_type == "private":
        chat.update(first_name=from_user["first_name"])
    else:
        chat["title"] = "Traders"
    body: dict[str, Any] = {
        "message_id": next(_message_ids),
        "from": from_user,
        "chat": chat,
        "date": int(time.time()),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split(maxsplit=1)[0])
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    return {"update_id": next_update_id() if update_id is None else update_id, "message": body}


def callback_query(
    data: str,
    *,
    user_id: int = USER_ID,
    update_id: int | None = None,
    chat_id: int | None = None,
    chat_type: str = "private",
    message_id: int | None = None,
    **sender_fields: Any,
) -> dict[str, Any]:
    """A button pressed on one of the bot's messages: in the presser's private chat unless a
    group's `chat_id` and `chat_type` are given."""
    chat: dict[str, Any] = {"id": user_id if chat_id is None else chat_id, "type": chat_type}
    if chat_type == "private":
        chat["first_name"] = "Alice"
    else:
        chat["title"] = "Traders"
    return {
        "update_id": next_update_id() if update_id is None else update_id,
        "callback_query": {
            "id": f"cb{next(_message_ids)}",
            "from": sender(user_id, **sender_fields),
            "chat_instance": "-5000",
            "data": data,
            "message": {
                "message_id": next(_message_ids) if message_id is None else message_id,
                "chat": chat,
                "date": int(time.time()),
                "text": "Pick one",
            },
        },
    }


def pre_checkout_query(
    *,
    user_id: int = USER_ID,
    payload: str = "order:1:forged-token-0123456789",
    amount: int = 950,
    currency: str = "XTR",
    update_id: int | None = None,
) -> dict[str, Any]:
    return {
        "update_id": next_update_id() if update_id is None else update_id,
        "pre_checkout_query": {
            "id": f"pcq{next(_message_ids)}",
            "from": sender(user_id),
            "currency": currency,
            "total_amount": amount,
            "invoice_payload": payload,
        },
    }


def successful_payment(
    *,
    user_id: int = USER_ID,
    payload: str = "order:1:forged-token-0123456789",
    amount: int = 950,
    charge_id: str | None = None,
    currency: str = "XTR",
    update_id: int | None = None,
    recurring: bool = False,
    first_recurring: bool = False,
    expires: int | None = None,
) -> dict[str, Any]:
    """A successful_payment message; `charge_id` is Telegram's telegram_payment_charge_id."""
    update = message("", user_id=user_id, update_id=update_id)
    body = update["message"]
    del body["text"]
    paid: dict[str, Any] = {
        "currency": currency,
        "total_amount": amount,
        "invoice_payload": payload,
        "telegram_payment_charge_id": charge_id or f"ch{body['message_id']}",
        "provider_payment_charge_id": "",
    }
    if recurring:
        paid["is_recurring"] = True
        paid["subscription_expiration_date"] = expires or int(time.time()) + 2_592_000
    if first_recurring:
        paid["is_first_recurring"] = True
    body["successful_payment"] = paid
    return update


def refunded_payment(
    *, user_id: int = USER_ID, payload: str, amount: int, charge_id: str
) -> dict[str, Any]:
    """Telegram's word that a payment was refunded (outside the bot, or by it)."""
    update = message("", user_id=user_id)
    body = update["message"]
    del body["text"]
    body["refunded_payment"] = {
        "currency": "XTR",
        "total_amount": amount,
        "invoice_payload": payload,
        "telegram_payment_charge_id": charge_id,
    }
    return update


def next_update_id() -> int:
    return next(_update_ids)
