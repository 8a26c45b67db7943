"""A real `ita-docs serve` server for the web tests: uvicorn in a thread on a free loopback port."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ita_docs.web.app import Limits
from ita_docs.web.server import bound_port, make_server, url_of


@dataclass
class Running:
    base: str  # http://127.0.0.1:PORT
    token: str
    url: str  # the URL `ita-docs serve` prints (with ?token=)
    session: object

    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@contextmanager
def running_server(limits: Limits | None = None) -> Iterator[Running]:
    server, token = make_server("127.0.0.1", 0, limits=limits)
    thread = threading.Thread(target=server.run, daemon=True, name="ita-docs-serve-test")
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    port = bound_port(server)
    session = server.config.app.session  # the TokenGate holds the session
    try:
        yield Running(f"http://127.0.0.1:{port}", token, url_of("127.0.0.1", port, token), session)
    finally:
        server.should_exit = True
        thread.join(timeout=30)
