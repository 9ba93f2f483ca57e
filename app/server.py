"""Serving the web app on the open internet: what aiohttp's runner lacks there.

- Idle and slow connections are closed: a request's headers must arrive within
  `HEADER_TIMEOUT_S` (aiohttp's keep-alive timer also runs before the first request), its body
  within `BODY_TIMEOUT_S` (app.api.read_body), and an idle keep-alive connection is closed then.
- At most `MAX_CONNECTIONS` connections are held; more are closed as they arrive, so a flood of
  idle sockets cannot take every file descriptor.
- A request that is not HTTP gets a plain 400: aiohttp would echo the offending header line in
  the answer and log it at ERROR, secrets included.
- SIGTERM stops accepting, lets the updates in flight finish (up to `SHUTDOWN_TIMEOUT_S`), then
  exits: a rolling deploy loses nothing.

A reverse proxy in front should still cap connections per client and time out slow clients
(README, Deploy).
"""

from __future__ import annotations

import asyncio
import logging
import signal

from aiohttp import web
from aiohttp.web_protocol import RequestHandler
from aiohttp.web_request import BaseRequest

log = logging.getLogger(__name__)

HEADER_TIMEOUT_S = 10
BODY_TIMEOUT_S = 10
MAX_CONNECTIONS = 1000
# Telegram gives up on a webhook call after about a minute; updates in flight get this long.
SHUTDOWN_TIMEOUT_S = 50


class PlainErrorsHandler(RequestHandler):
    def handle_error(
        self,
        request: BaseRequest,
        status: int = 500,
        exc: BaseException | None = None,
        message: str | None = None,
    ) -> web.StreamResponse:
        if status != 400:
            return super().handle_error(request, status, exc, message)
        # The parser's message quotes the raw line, which may hold a secret header.
        log.info("Malformed HTTP request from %s: %s", request.remote, type(exc).__name__)
        response = web.Response(status=400, text="malformed HTTP request")
        response.force_close()
        return response


class GuardedServer(web.Server):
    max_connections = MAX_CONNECTIONS

    def __call__(self) -> RequestHandler:
        return PlainErrorsHandler(self, loop=self._loop, **self._kwargs)

    def connection_made(self, handler: RequestHandler, transport: asyncio.Transport) -> None:
        super().connection_made(handler, transport)
        if len(self._connections) > self.max_connections:
            transport.close()  # shed: the connections already held are served first


class GuardedRunner(web.AppRunner):
    def __init__(
        self,
        app: web.Application,
        max_connections: int = MAX_CONNECTIONS,
        header_timeout: float = HEADER_TIMEOUT_S,
        shutdown_timeout: float = SHUTDOWN_TIMEOUT_S,
    ) -> None:
        super().__init__(
            app,
            access_log=None,
            keepalive_timeout=header_timeout,
            # What a handler did not read is not drained (nor decoded) after the answer.
            lingering_time=0,
            shutdown_timeout=shutdown_timeout,
        )
        self.max_connections = max_connections

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        # The server aiohttp configured, with the two methods above: same state, no copy.
        server.__class__ = GuardedServer
        assert isinstance(server, GuardedServer)  # for the type checker: it is one now
        server.max_connections = self.max_connections
        return server


async def serve_until_stopped(
    app: web.Application, host: str, port: int, max_connections: int = MAX_CONNECTIONS
) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signal_number in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signal_number, stop.set)
    runner = GuardedRunner(app, max_connections)
    await runner.setup()
    try:
        # Several `serve` processes may share the port (SO_REUSEPORT): the kernel spreads the
        # connections over them, one core each.
        await web.TCPSite(runner, host, port, reuse_port=True).start()
        log.info("Listening on %s:%s", host, port)
        await stop.wait()
    finally:
        log.info("Stopping: finishing the updates in flight")
        # Stop accepting and let the requests in flight finish first: runner.cleanup() alone
        # runs the app's on_shutdown (where aiogram closes the database and the bot) before it
        # waits for them, and they would fail.
        for site in list(runner.sites):
            await site.stop()
        assert runner.server is not None, "made by runner.setup()"
        await runner.server.shutdown(SHUTDOWN_TIMEOUT_S)
        await runner.cleanup()
