"""Serving the database calls of concurrent updates together."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")


class Batcher(Generic[Item, Result]):
    """Calls made while a batch is being served gather into the next one, which `serve` then
    answers with one statement: under load many calls cost one round trip, and a call alone is
    served at once, without waiting for company. `serve` gives each item its result, or the
    exception that is to be raised to its caller; a failure of the whole batch is raised to
    each caller. A caller that stops waiting (cancelled) leaves its item in the batch."""

    def __init__(
        self,
        serve: Callable[[list[Item]], Awaitable[list[Result | Exception]]],
        most: int = 500,
    ) -> None:
        self.serve = serve
        self.most = most  # items per batch (SQLite takes at most 999 parameters a statement)
        self._waiting: list[tuple[Item, asyncio.Future[Result]]] = []
        self._serving: asyncio.Task[None] | None = None

    async def __call__(self, item: Item) -> Result:
        answer: asyncio.Future[Result] = asyncio.get_running_loop().create_future()
        self._waiting.append((item, answer))
        if self._serving is None or self._serving.done():
            self._serving = asyncio.create_task(self._serve_waiting())
        return await answer

    async def _serve_waiting(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.most], self._waiting[self.most :]
            try:
                results = await self.serve([item for item, _ in batch])
            except Exception as exc:
                results = [exc] * len(batch)
            for (_, answer), result in zip(batch, results, strict=True):
                if answer.done():  # its caller gave up waiting
                    continue
                if isinstance(result, Exception):
                    answer.set_exception(result)
                else:
                    answer.set_result(result)
