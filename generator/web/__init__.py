"""The local web page: a small Flask app over the library, served on the loopback address only.

`create_app` builds the app (handlers only parse, call `generator.api`, `generator.batch` and
`generator.render`, and render JSON); `serve` runs it for `critique web`.
"""

from __future__ import annotations

from generator.web.app import create_app as create_app
from generator.web.server import serve as serve

__all__ = ["create_app", "serve"]
