"""The only way the LTI tool talks to a platform: a requests session that goes only to the
platform's own hosts, never to a private, loopback or link-local address (unless
``CAMPUS_LTI_ALLOW_LOOPBACK``, for the tests), follows no redirect, waits at most 5 s and reads
at most 1 MiB. The library (key sets, tokens, scores) is handed this session."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

import requests
from django.conf import settings

TIMEOUT = 5
MAX_BYTES = 1024 * 1024


class OutboundRefused(requests.exceptions.RequestException):
    """A request the tool will not make."""


def _address_allowed(host: str, port: int) -> bool:
    if getattr(settings, "CAMPUS_LTI_ALLOW_LOOPBACK", False):
        return True
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror:
        return False
    for info in infos:
        address = ipaddress.ip_address(info[4][0].split("%", 1)[0])
        if not address.is_global or address.is_multicast:
            return False
    return True


class PlatformSession(requests.Session):
    """A session bound to the hosts of one platform."""

    def __init__(self, hosts: set[str]):
        super().__init__()
        self.hosts = {h.lower() for h in hosts if h}
        self.headers["User-Agent"] = "HEROES-campus-LTI"

    def request(self, method, url, *args, **kwargs):  # type: ignore[override]
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if parts.scheme not in ("https", "http") or host not in self.hosts:
            raise OutboundRefused(f"{url} is not one of the platform's own addresses")
        if parts.scheme == "http" and not getattr(settings, "CAMPUS_LTI_ALLOW_LOOPBACK", False):
            raise OutboundRefused(f"{url} is not HTTPS")
        port = parts.port or (443 if parts.scheme == "https" else 80)
        if not _address_allowed(host, port):
            raise OutboundRefused(f"{url} resolves to a private or loopback address")
        kwargs["timeout"] = TIMEOUT
        kwargs["allow_redirects"] = False
        kwargs["stream"] = True
        response = super().request(method, url, *args, **kwargs)
        try:
            body = response.raw.read(MAX_BYTES + 1, decode_content=True)
        finally:
            response.close()
        if len(body) > MAX_BYTES:
            raise OutboundRefused(f"{url} answered more than {MAX_BYTES} bytes")
        response._content = body
        response._content_consumed = True
        return response


def hosts_of(*urls: str) -> set[str]:
    return {(urlsplit(u).hostname or "").lower() for u in urls if u}
