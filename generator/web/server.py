"""`critique web`: serve the page on 127.0.0.1, open the browser, clean up on exit."""

from __future__ import annotations

import contextlib
import logging
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path

from werkzeug.serving import BaseWSGIServer, make_server

from .. import batch
from .app import create_app, uploads_of

HOST = "127.0.0.1"  # loopback only: never reachable from another machine
DEFAULT_PORT = 8765


def bind(app: object, port: int) -> BaseWSGIServer:
    """A threaded server on HOST:port, or on a free port when that one is taken (port 0: any free port)."""
    try:
        return make_server(HOST, port, app, threaded=True)  # type: ignore[arg-type]
    except OSError:
        if port == 0:
            raise
        return make_server(HOST, 0, app, threaded=True)  # type: ignore[arg-type]


def serve(corpus: str | Path | None = None, *, port: int = DEFAULT_PORT, open_browser: bool = True,
          say: Callable[[str], None] = print, ready: Callable[[str], None] | None = None) -> None:
    """Serve until Ctrl-C or SIGTERM; the folder of uploaded corpora is removed on the way out.

    `say` prints the user's lines; `ready(url)` is called once the server listens (for tests).
    """
    app = create_app(corpus)
    uploads = uploads_of(app)
    # Request lines on the terminal mean nothing to the page's users.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    try:
        server = bind(app, port)
        app.config["CRITIQUE_PORT"] = server.server_port
        url = f"http://{HOST}:{server.server_port}/"
        if server.server_port != port and port != 0:
            say(f"端口 {port} 已被占用，改用 {server.server_port}")
        say(f"critique 网页已启动：{url}")
        say("在浏览器中打开上面的地址即可使用；用完按 Ctrl+C（或关闭这个窗口）停止")
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
        if ready is not None:
            ready(url)
        with batch.sigterm_as_interrupt(), contextlib.suppress(KeyboardInterrupt):
            server.serve_forever(poll_interval=0.2)
        server.server_close()
        say("critique 网页已停止")
    finally:
        uploads.close()
