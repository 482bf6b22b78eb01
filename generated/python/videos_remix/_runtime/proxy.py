"""Proxies: which one a request goes through, and the CONNECT tunnel for HTTPS.

A client's `proxy` argument names one proxy for every request
("http://user:password@host:port"); `proxy=False` uses none. By default the
environment decides, as urllib does: HTTP_PROXY for http URLs, HTTPS_PROXY for
https URLs (the lower-case names win over the upper-case ones), and NO_PROXY, a
comma-separated list of hosts and domain suffixes reached directly ("*" for
all). HTTP_PROXY is ignored in a CGI script (REQUEST_METHOD set), as urllib does.

An http URL is asked of the proxy in absolute form (`GET http://host/path`); an
https URL goes through a CONNECT tunnel, inside which TLS runs end to end with
the API's host and is verified as without a proxy. Credentials in the proxy URL
go to the proxy only, as basic Proxy-Authorization. Only http:// proxies are
supported.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from typing import Literal, Mapping, Union
from urllib.parse import unquote, urlsplit

from .http11 import Key, authority

__all__ = [
    "Proxies",
    "Proxy",
    "ProxyError",
    "ProxySetting",
    "bypassed",
    "environment",
    "parse_proxy",
    "tunnel_reply",
    "tunnel_request",
]

ProxySetting = Union[str, Literal[False], None]
"""A proxy URL for every request, False for none, None to follow the environment."""

MAX_REPLY = 64 * 1024  # the longest answer to CONNECT read


class ProxyError(ConnectionError):
    """The proxy refused to open a tunnel (status is its answer), or did not speak HTTP."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


@dataclass(frozen=True)
class Proxy:
    host: str
    port: int
    authorization: str | None = field(default=None, repr=False)

    @property
    def headers(self) -> dict[str, str]:
        """What a request to the proxy itself carries: its credentials, if any."""
        if self.authorization is None:
            return {}
        return {"Proxy-Authorization": self.authorization}


def parse_proxy(url: str, where: str) -> Proxy:
    """The proxy a URL names ("http://user:password@host:port", or "host:port")."""
    text = url.strip()
    if "://" not in text:
        text = "http://" + text
    # The URL is never shown in a message: it may hold a password.
    parts = urlsplit(text)
    if parts.scheme.lower() != "http":
        raise ValueError(
            f"{where}: a {parts.scheme}:// proxy is not supported, only http://"
        )
    try:
        port = parts.port
    except ValueError:
        raise ValueError(f"{where}: the proxy's port is not a port number") from None
    if not parts.hostname:
        raise ValueError(f"{where}: the proxy URL has no host")
    authorization = None
    if parts.username is not None:
        pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}"
        authorization = "Basic " + base64.b64encode(pair.encode()).decode("ascii")
    return Proxy(parts.hostname, port or 80, authorization)


def environment(environ: Mapping[str, str]) -> dict[str, str]:
    """The `<scheme>_proxy` variables by scheme, read as urllib.request reads them."""
    proxies: dict[str, str] = {}
    # Two passes, so that a lower-case variable wins over its upper-case twin.
    for name, value in environ.items():
        name = name.lower()
        if value and name[-6:] == "_proxy":
            proxies[name[:-6]] = value
    if "REQUEST_METHOD" in environ:
        # A CGI script: HTTP_PROXY may come from a request's "Proxy:" header (httpoxy).
        proxies.pop("http", None)
    for name, value in environ.items():
        if name[-6:] == "_proxy":
            name = name.lower()
            if value:
                proxies[name[:-6]] = value
            else:
                proxies.pop(name[:-6], None)
    return proxies


def bypassed(key: Key, no_proxy: str) -> bool:
    """Whether NO_PROXY says to reach this host directly (urllib's rules)."""
    if not no_proxy:
        return False
    if no_proxy.strip() == "*":
        return True
    hostonly = key[1].lower()
    host = authority(key).lower()
    for name in no_proxy.split(","):
        name = name.strip().lstrip(".").lower()
        if not name:
            continue
        if name in (hostonly, host) or (
            hostonly.endswith("." + name) or host.endswith("." + name)
        ):
            return True
    return False


class Proxies:
    """Which proxy, if any, a request to (scheme, host, port) goes through."""

    def __init__(self, setting: ProxySetting, environ: Mapping[str, str]) -> None:
        self._by_scheme: dict[str, Proxy] = {}
        self._no_proxy = ""
        if isinstance(setting, str):
            proxy = parse_proxy(setting, "proxy")
            self._by_scheme = {"http": proxy, "https": proxy}
        elif setting is None:
            found = environment(environ)
            for scheme in ("http", "https"):
                if scheme in found:
                    where = f"the {scheme.upper()}_PROXY environment variable"
                    self._by_scheme[scheme] = parse_proxy(found[scheme], where)
            self._no_proxy = found.get("no", "")
        self._chosen: dict[Key, Proxy | None] = {}

    def __bool__(self) -> bool:
        return bool(self._by_scheme)

    def select(self, key: Key) -> Proxy | None:
        try:
            return self._chosen[key]
        except KeyError:
            pass
        proxy = self._by_scheme.get(key[0])
        if proxy is not None and bypassed(key, self._no_proxy):
            proxy = None
        if len(self._chosen) >= 256:
            self._chosen.clear()
        self._chosen[key] = proxy
        return proxy


def tunnel_request(key: Key, proxy: Proxy) -> bytes:
    """The CONNECT request that opens a tunnel to key's host and port."""
    _, host, port = key
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    target = f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
    lines = [f"CONNECT {target} HTTP/1.1", f"Host: {target}"]
    lines.extend(f"{name}: {value}" for name, value in proxy.headers.items())
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


def tunnel_reply(data: bytes) -> bool:
    """Whether data holds the proxy's whole answer to CONNECT, a 2xx: the tunnel is open.

    False while more is to come; ProxyError for a refusal, an answer that is not
    HTTP, or bytes after the answer (the server must not speak before TLS starts).
    """
    end = data.find(b"\r\n\r\n")
    if end < 0:
        if len(data) > MAX_REPLY:
            raise ProxyError("the proxy's answer to CONNECT is too long")
        return False
    line = data.split(b"\r\n", 1)[0].decode("latin-1")
    version, _, rest = line.partition(" ")
    code = rest[:3]
    if not version.startswith("HTTP/1.") or not code.isdigit():
        raise ProxyError(f"the proxy's answer to CONNECT is not HTTP: {line[:60]!r}")
    if not 200 <= int(code) < 300:
        raise ProxyError(
            f"the proxy refused the tunnel: {rest[:80].strip()}", status=int(code)
        )
    if end + 4 != len(data):
        raise ProxyError("the proxy sent data before the tunnel was open")
    return True
