"""The client address: the socket peer, or X-Forwarded-For's right-most untrusted hop behind a trusted proxy.

`TALENTSEEK_TRUSTED_PROXIES` (comma-separated IPs or CIDRs, default empty) names the reverse proxies
whose X-Forwarded-For is believed; from anyone else the header is ignored, so a client cannot pick
the address its failed logins are counted against.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from fastapi import Request

from talentseek.errors import InputError

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
MAX_HOPS = 32  # X-Forwarded-For entries looked at (a header can be long)


@lru_cache(maxsize=8)
def parse_proxies(spec: str) -> tuple[Network, ...]:
    """'10.0.0.1, 192.168.0.0/16' → networks; InputError naming the bad entry."""
    nets: list[Network] = []
    for part in spec.split(","):
        part = part.strip()
        if not part:
            continue
        try:
            nets.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            example = "例：10.0.0.1,192.168.0.0/16"
            msg = f"TALENTSEEK_TRUSTED_PROXIES 中的 {part[:40]!r} 不是 IP 地址或网段（{example}）"
            raise InputError(msg, field="trusted_proxies") from None
    return tuple(nets)


def _trusted(addr: str, nets: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(addr)
    except ValueError:
        return False
    return any(ip in net for net in nets)


def forwarded_client(peer: str, forwarded_for: str | None, nets: tuple[Network, ...]) -> str:
    """The address to count against: the peer unless it is a trusted proxy; then walk X-Forwarded-For
    from the right and take the first hop that is not itself trusted."""
    if not nets or not forwarded_for or not _trusted(peer, nets):
        return peer
    hops = [h.strip() for h in forwarded_for.split(",")][-MAX_HOPS:]
    current = peer
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            return current  # a malformed hop: stop at the last proxy that vouched for it
        current = hop
        if not _trusted(hop, nets):
            return hop
    return current


def client_address(request: Request, trusted_proxies: str = "") -> str:
    """This request's client address (at most 64 characters), honouring only trusted proxies."""
    peer = request.client.host if request.client else "unknown"
    nets = parse_proxies(trusted_proxies) if trusted_proxies else ()
    return forwarded_client(peer, request.headers.get("x-forwarded-for"), nets)[:64]
