"""A faster start: aiogram's Telegram types are built when first used, not all at import.

aiogram declares its ~440 types to build their validators on first use (pydantic's
`defer_build`), then builds every one of them at the end of `aiogram/types/__init__.py` anyway
(a loop over `model_rebuild`): about 3 of the 3.3 s a process took to start (bench/startup.py).
Here that loop is skipped, and every later build of an aiogram model (a type on first use, a
`Response[ChatInviteLink]` made for a Bot API call) is given the namespace in which the types'
annotations resolve (they import each other for type checkers only), which is all aiogram's loop
provided. `warm_up` builds what every update needs before the first one arrives (~0.1 s).

This reaches into how aiogram and pydantic meet (`model_rebuild` and its `_types_namespace`);
every test runs with it, so an upgrade that breaks it fails the suite, not production.
"""

from __future__ import annotations

import sys
from typing import Any

from pydantic import BaseModel

EAGER_REBUILD = BaseModel.__dict__["model_rebuild"]
# The names aiogram's own loop resolves the types' annotations in (filled at import).
TYPES_NAMESPACE: dict[str, Any] = {}


def _rebuild(cls: type[BaseModel], *args: Any, **kwargs: Any) -> bool | None:
    if cls.__module__.startswith("aiogram"):
        namespace = kwargs.get("_types_namespace")
        if namespace is not None and not TYPES_NAMESPACE:
            TYPES_NAMESPACE.update(namespace)  # aiogram's loop, first call: remember, build later
        if namespace is not None and cls.__module__.startswith("aiogram.types"):
            return None
        kwargs["_types_namespace"] = {**TYPES_NAMESPACE, **(namespace or {})}
    return EAGER_REBUILD.__func__(cls, *args, **kwargs)


def import_aiogram_types() -> None:
    if "aiogram.types" in sys.modules:  # imported already, the slow way
        return
    # setattr: a patch at run time, which mypy would check as an override of the method.
    setattr(BaseModel, "model_rebuild", classmethod(_rebuild))  # noqa: B010
    import aiogram.types  # noqa: F401


def warm_up() -> None:
    """Build what every update needs before the first one arrives."""
    from aiogram.methods import AnswerCallbackQuery, SendMessage
    from aiogram.types import Message, Update

    for model in (Update, Message, SendMessage, AnswerCallbackQuery):
        model.model_rebuild()
