"""`critique web`: serve the page on 127.0.0.1, open the browser, clean up on exit."""

from __future__ import annotations

import logging
import os
import signal
import socket
import threading
import webbrowser
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from werkzeug.serving import BaseWSGIServer, make_server

from generator.errors import CritiqueError
from generator.signals import sigterm_as_interrupt
from generator.web.app import create_app, uploads_of

if TYPE_CHECKING:
    from _typeshed.wsgi import WSGIApplication

HOST = "127.0.0.1"  # loopback only: never reachable from another machine
DEFAULT_PORT = 8765
HANGUP = (signal.SIGHUP,) if hasattr(signal, "SIGHUP") else ()  # not on Windows


def _listen(port: int) -> socket.socket:
    """A listening socket on HOST:port, or on a free port when that one is taken (port 0: any free port)."""
    for attempt in (port, 0) if port else (0,):
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        if os.name != "nt":  # a port left in TIME_WAIT by the last run is reusable; on Windows this would share it
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, attempt))
            sock.listen(64)
        except OSError as exc:
            sock.close()
            if attempt == 0:
                reason = exc.strerror or exc
                raise CritiqueError(f"无法在本机打开网页服务（{reason}）；请换一个端口，如 --port 8800") from None
            continue
        return sock
    raise AssertionError("unreachable")


def bind(app: WSGIApplication, port: int) -> BaseWSGIServer:
    """A threaded server on HOST:port, or on a free port when that one is taken.

    The socket is bound here, not by werkzeug, which prints its own English message and exits
    when a port is taken.
    """
    sock = _listen(port)
    try:
        return make_server(HOST, sock.getsockname()[1], app, threaded=True, fd=sock.fileno())
    finally:
        sock.close()  # the server holds its own duplicate of the socket


def serve(corpus: str | Path | None = None, *, port: int = DEFAULT_PORT, open_browser: bool = True,
          say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C or SIGTERM; the folder of uploaded corpora is removed on the way out.

    `say` prints the user's lines (the address, how to stop, that it stopped).
    """
    app = create_app(corpus)
    uploads = uploads_of(app)
    # Request lines on the terminal mean nothing to the page's users.
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    server = bind(app, port)
    # From here on SIGTERM and SIGHUP (the terminal window closed), like Ctrl-C, end the loop below and
    # run the clean-up.
    with sigterm_as_interrupt(also=HANGUP):
        try:
            app.config["CRITIQUE_PORT"] = server.port
            url = f"http://{HOST}:{server.port}/"
            if server.port != port and port != 0:
                say(f"端口 {port} 已被占用，改用 {server.port}")
            say(f"critique 网页已启动：{url}")
            say("在浏览器中打开上面的地址即可使用；用完按 Ctrl+C 停止")
            if open_browser:
                threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()
            server.serve_forever(poll_interval=0.2)
        except KeyboardInterrupt:
            pass
        finally:
            server.server_close()
            uploads.close()
    say("critique 网页已停止")
