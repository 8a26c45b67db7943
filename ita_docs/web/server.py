"""`ita-docs serve`: start the app with uvicorn, print (and open) its URL with the session token."""

from __future__ import annotations

import secrets
import sys
import threading
import webbrowser
from typing import Any

from ita_docs.web.app import Limits, create_app


def url_of(host: str, port: int, token: str) -> str:
    shown = f"[{host}]" if ":" in host else host
    return f"http://{shown}:{port}/?token={token}"


def make_server(host: str = "127.0.0.1", port: int = 8000, token: str | None = None,
                limits: Limits | None = None, log_level: str = "warning") -> tuple[Any, str]:
    """(a uvicorn.Server not yet started, the token). port 0: any free port (server.servers after start)."""
    import uvicorn

    token = token or secrets.token_urlsafe(24)
    app = create_app(token, limits)
    config = uvicorn.Config(app, host=host, port=port, log_level=log_level, lifespan="on",
                            timeout_graceful_shutdown=5)
    return uvicorn.Server(config), token


def bound_port(server: Any) -> int:
    return int(server.servers[0].sockets[0].getsockname()[1])


def serve(host: str = "127.0.0.1", port: int = 8000, open_browser: bool = True) -> int:
    server, token = make_server(host, port, log_level="warning")
    url = url_of(host, port, token)
    if host not in ("127.0.0.1", "localhost", "::1"):
        print(f"คำเตือน / warning: {host}: เปิดให้เครื่องอื่นในเครือข่ายเข้าถึงได้ (มีเพียง token ป้องกัน) / "
              "reachable from other machines (only the token protects it)", file=sys.stderr)
    print(f"ita-docs serve: เปิดเบราว์เซอร์ที่ / open in your browser:\n    {url}\n"
          "กด Ctrl+C เพื่อหยุด / press Ctrl+C to stop", file=sys.stderr, flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(url,)).start()
    server.run()  # until Ctrl+C; the lifespan's end removes the session's folder
    return 0
