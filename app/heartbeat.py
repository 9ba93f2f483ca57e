"""Keeping a claim alive while its holder is: a short lease, renewed every few seconds, so a
worker that dies lets its update go within seconds while a slow one keeps it."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

log = logging.getLogger(__name__)


@contextlib.asynccontextmanager
async def heartbeat(beat: Callable[[], Awaitable[object]], every: float) -> AsyncIterator[None]:
    """Call `beat` every `every` seconds while the block runs. A failed beat is logged and the
    next one tried: the lease may lapse, which only lets a redelivery in sooner."""

    async def beating() -> None:
        while True:
            await asyncio.sleep(every)
            try:
                await beat()
            except Exception as exc:
                log.debug("Lease not renewed: %r", exc)

    task = asyncio.create_task(beating())
    try:
        yield
    finally:
        task.cancel()
