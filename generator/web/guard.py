"""Who may talk to the server: only pages served by itself, on the loopback address.

Binding to 127.0.0.1 keeps other machines out. Two more checks keep other *web sites* in the
user's own browser out:

- DNS rebinding: a site can make its own name resolve to 127.0.0.1; its requests then carry its
  name in the Host header, so only ``127.0.0.1:PORT`` and ``localhost:PORT`` are served.
- Cross-site requests: a POST whose Origin (or Sec-Fetch-Site) says it comes from another site
  is refused, before any work is done.
"""

from __future__ import annotations

from typing import Protocol

LOOPBACK_NAMES = ("127.0.0.1", "localhost")
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


class _Headers(Protocol):
    def get(self, key: str, default: str) -> str: ...


def allowed_hosts(port: int) -> frozenset[str]:
    return frozenset(f"{name}:{port}" for name in LOOPBACK_NAMES)


def allowed_origins(port: int) -> frozenset[str]:
    return frozenset(f"http://{host}" for host in allowed_hosts(port))


def refusal(method: str, headers: _Headers, port: int | None) -> str | None:
    """Why a request must be refused (one Chinese line), or None when it may be served.

    With no port known yet every request is refused: the check fails closed.
    """
    if port is None:
        return "服务器尚未就绪：请稍后刷新页面"
    host = headers.get("Host", "").strip().lower()
    if host not in allowed_hosts(port):
        return (f"拒绝访问：这个页面只能从本机地址 http://127.0.0.1:{port}/ 打开"
                f"（请求的地址是“{host[:80] or '空'}”）")
    if method.upper() in SAFE_METHODS:
        return None
    origin = headers.get("Origin", "")
    if origin and origin.strip().lower() not in allowed_origins(port):
        return f"拒绝来自其他网站（{origin[:80]}）的请求：请直接在 http://127.0.0.1:{port}/ 页面上操作"
    if headers.get("Sec-Fetch-Site", "").strip().lower() == "cross-site":
        return f"拒绝来自其他网站的请求：请直接在 http://127.0.0.1:{port}/ 页面上操作"
    return None
