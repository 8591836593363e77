"""Wallet networks behind one port: the built-in wallet and an adapter shaped on the Alipay+ API.

:func:`wallet_networks` gives the networks a running process talks to, by name; the built-in wallet is
always there. A test swaps one for a fake with :func:`use_network`.
"""

from __future__ import annotations

from typing import Any

from comptoir.payments.network.builtin import BuiltInWallet
from comptoir.payments.network.port import WalletNetwork

_KEY = "_payments_wallet_networks"


def wallet_networks(runtime: Any) -> dict[str, WalletNetwork]:
    """The networks of ``runtime`` (a :class:`~comptoir.kernel.runtime.Runtime`), made once per runtime."""
    found: dict[str, WalletNetwork] | None = runtime.__dict__.get(_KEY)
    if found is None:
        builtin = BuiltInWallet(runtime)
        found = {builtin.name: builtin}
        runtime.__dict__[_KEY] = found
    return found


def use_network(runtime: Any, network: WalletNetwork) -> None:
    """Make ``network`` the one ``runtime`` uses under its name (a fake in a test, another adapter)."""
    wallet_networks(runtime)[network.name] = network
