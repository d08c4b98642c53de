"""The address guard: which addresses newsloom connects to without --allow-private."""

from __future__ import annotations

import ipaddress

import pytest

from newsloom.ingest.fetch.guard import AddressGuard, PrivateAddressError, non_public_reason


@pytest.mark.parametrize(
    ("address", "why"),
    [
        ("127.0.0.1", "loopback"),
        ("127.8.9.10", "loopback"),
        ("::1", "loopback"),
        ("10.1.2.3", "private"),
        ("172.16.0.9", "private"),
        ("192.168.1.1", "private"),
        ("fd00::5", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata services live here
        ("fe80::1", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("240.0.0.1", "reserved"),
        ("100.64.0.1", "not globally routable"),  # carrier-grade NAT
        ("::ffff:127.0.0.1", "loopback inside an IPv6 address"),
        ("64:ff9b::a00:1", "private inside an IPv6 address"),  # NAT64 of 10.0.0.1
        ("2002:7f00:1::", "loopback inside an IPv6 address"),  # 6to4 of 127.0.0.1
    ],
)
def test_non_public_addresses_are_named(address: str, why: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) == why


@pytest.mark.parametrize("address", ["93.184.215.14", "8.8.4.4", "2606:4700::6810:84e5"])
def test_public_addresses_pass(address: str) -> None:
    assert non_public_reason(ipaddress.ip_address(address)) is None


def test_one_private_address_among_public_ones_refuses_the_host() -> None:
    guard = AddressGuard(resolver=lambda host, port: ["93.184.215.14", "10.0.0.7"])
    with pytest.raises(PrivateAddressError) as refused:
        guard.checked_addresses("mixed.example", 443)
    assert refused.value.address == "10.0.0.7" and "mixed.example" in str(refused.value)


def test_allow_private_and_allowed_networks_open_what_they_name() -> None:
    loopback = lambda host, port: ["127.0.0.1"]  # noqa: E731
    assert AddressGuard(allow_private=True, resolver=loopback).checked_addresses("h", 80)
    only = AddressGuard(allowed_networks=["127.0.0.1/32"], resolver=loopback)
    assert only.checked_addresses("h", 80) == ["127.0.0.1"]
    other = AddressGuard(
        allowed_networks=["127.0.0.1/32"], resolver=lambda host, port: ["127.0.0.2"]
    )
    with pytest.raises(PrivateAddressError):
        other.checked_addresses("h", 80)
