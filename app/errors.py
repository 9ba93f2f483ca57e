"""The one base of every refusal a service can give.

A refusal carries a stable `code` (what handlers and the CLI map to words, and what stored data
may hold) and a message for operators: one sentence, printed by the CLI as is. Words for users are
built from the code and the facts the error carries (app/texts.py), never from the message.
"""

from __future__ import annotations


class DomainError(Exception):
    code: str = "refused"  # a class's own; a refusal with several causes sets it per instance

    def __init__(self, message: str = "") -> None:
        super().__init__(message or self.code)

    @property
    def message(self) -> str:
        return str(self)
