"""Safe by default: newsloom connects only to public internet addresses (no SSRF).

A URL given to newsloom, or a redirect a server sends, could point at the machine itself
(127.0.0.1, a database on localhost), the local network (10.0.0.0/8, a router's admin page) or
a cloud metadata service (169.254.169.254). The check sits where the connection is made: the
host is resolved once, every address it resolves to is checked, and the socket connects to one
of those checked addresses, never to a name resolved again (which DNS rebinding could change
in between). Every redirect hop makes its own connection, so every hop is checked.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Resolver = Callable[[str, int], Sequence[str]]

# IPv6 prefixes that carry an IPv4 address in their last 32 bits (NAT64 well-known prefix):
# 64:ff9b::7f00:1 reaches 127.0.0.1 through a NAT64 gateway, though Python calls it global.
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class PrivateAddressError(Exception):
    """A host resolved to an address newsloom does not contact without --allow-private."""

    def __init__(self, host: str, address: str, why: str) -> None:
        super().__init__(f"{host} ({address}, {why})")
        self.host = host
        self.address = address


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one stands for (mapped, 6to4, Teredo, NAT64), if any."""
    if ip.ipv4_mapped is not None:
        return ip.ipv4_mapped
    if ip.sixtofour is not None:
        return ip.sixtofour
    if ip.teredo is not None:
        return ip.teredo[1]
    if ip in _NAT64:
        return ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def non_public_reason(ip: IPAddress) -> str | None:
    """Why an address is not a public unicast internet address, or None when it is one."""
    if isinstance(ip, ipaddress.IPv6Address):
        inner = _embedded_ipv4(ip)
        if inner is not None:
            why = non_public_reason(inner)
            return f"{why} inside an IPv6 address" if why else None
    checks = (
        (ip.is_unspecified, "unspecified"),
        (ip.is_loopback, "loopback"),
        (ip.is_link_local, "link-local"),
        (ip.is_multicast, "multicast"),
        (ip.is_reserved, "reserved"),
        (ip.is_private, "private"),
    )
    for flagged, why in checks:
        if flagged:
            return why
    # Shared address space (100.64.0.0/10, carrier NAT) and the like: not private, not global.
    return None if ip.is_global else "not globally routable"


class AddressGuard:
    """Decides which resolved addresses may be connected to."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allowed_networks: Iterable[str] = (),
        resolver: Resolver | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.allowed: list[Network] = [ipaddress.ip_network(n) for n in allowed_networks]
        self.resolve = resolver or resolve_host

    def refusal(self, ip: IPAddress) -> str | None:
        """Why this address is refused, or None when it may be contacted."""
        if self.allow_private or any(ip in network for network in self.allowed):
            return None
        return non_public_reason(ip)

    def checked_addresses(self, host: str, port: int) -> list[str]:
        """Every address the host resolves to, each checked; PrivateAddressError if any fails.

        One bad address refuses the host: which address a connection would use is the
        resolver's and the network's choice, not newsloom's."""
        addresses = list(self.resolve(host, port))
        if not addresses:
            raise OSError(f"{host} resolves to no address")
        for address in addresses:
            ip = ipaddress.ip_address(address.split("%")[0])  # drop an IPv6 zone index
            why = self.refusal(ip)
            if why is not None:
                raise PrivateAddressError(host, address, why)
        return addresses


def resolve_host(host: str, port: int) -> list[str]:
    """The host's addresses by getaddrinfo, in the resolver's order, without repeats."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise OSError(f"cannot resolve {host}: {error.strerror or error}") from None
    seen: dict[str, None] = {}
    for info in infos:
        seen.setdefault(str(info[4][0]), None)
    return list(seen)


class GuardedBackend(httpcore.NetworkBackend):
    """httpcore's socket backend, connecting only to addresses the guard has checked."""

    def __init__(self, guard: AddressGuard) -> None:
        self.guard = guard
        self.inner = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Any = None,
    ) -> httpcore.NetworkStream:
        """A connection to the first checked address of the host that answers."""
        try:
            addresses = self.guard.checked_addresses(host, port)
        except OSError as error:
            raise httpcore.ConnectError(str(error)) from None
        last: Exception | None = None
        for address in addresses:
            try:
                # TLS still checks the certificate against the host name: httpcore passes the
                # request's host as the server name, whatever address the socket reached.
                return self.inner.connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as error:
                last = error
        assert last is not None
        raise last

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Any = None
    ) -> httpcore.NetworkStream:
        """Never: a URL cannot name a local socket."""
        raise httpcore.ConnectError("unix sockets are not fetched")

    def sleep(self, seconds: float) -> None:
        """Pause, as httpcore's own backend does."""
        self.inner.sleep(seconds)
