"""Wallet networks behind one port: the built-in wallet and an adapter shaped on the Alipay+ API; the
top-up bank; and the card acquirer French consumers pay through.

:func:`wallet_networks` gives the networks a running process talks to, by name; the built-in wallet is
always there. A test swaps one for a fake with :func:`use_network`, the bank with :func:`use_bank` and the
acquirer with :func:`use_acquirer` (the default is the offline :class:`TestAcquirer`).
"""

from __future__ import annotations

from typing import Any

from comptoir.payments.domain.codes import PAYMENT_CODE_PREFIX
from comptoir.payments.network.acquirer import CardAcquirer, TestAcquirer
from comptoir.payments.network.bank import OfflineBank, TopUpBank
from comptoir.payments.network.builtin import BuiltInWallet
from comptoir.payments.network.port import WalletNetwork

_KEY = "_payments_wallet_networks"
_BANK = "_payments_top_up_bank"
_ACQUIRER = "_payments_card_acquirer"


def _outside_network(settings: Any, clock: Any) -> WalletNetwork | None:
    """The Alipay+-shaped network the settings configure, or None."""
    if not settings.alipayplus_url:
        return None
    from comptoir.payments.network.alipayplus import AlipayPlusNetwork

    if settings.alipayplus_private_key_file is None or settings.alipayplus_public_key_file is None:
        raise ValueError("COMPTOIR_ALIPAYPLUS_URL needs COMPTOIR_ALIPAYPLUS_PRIVATE_KEY_FILE and _PUBLIC_KEY_FILE")
    return AlipayPlusNetwork(
        base_url=settings.alipayplus_url,
        client_id=settings.alipayplus_client_id,
        private_key_pem=settings.alipayplus_private_key_file.read_bytes(),
        network_public_key_pem=settings.alipayplus_public_key_file.read_bytes(),
        clock=clock,
    )


def wallet_networks(runtime: Any) -> dict[str, WalletNetwork]:
    """The networks of ``runtime`` (a :class:`~comptoir.kernel.runtime.Runtime`), made once per runtime: the
    built-in wallet always, and the outside network its settings configure."""
    found: dict[str, WalletNetwork] | None = runtime.__dict__.get(_KEY)
    if found is None:
        builtin = BuiltInWallet(runtime)
        found = {builtin.name: builtin}
        outside = _outside_network(runtime.settings, runtime.clock)
        if outside is not None:
            found[outside.name] = outside
        runtime.__dict__[_KEY] = found
    return found


def network_for_code(runtime: Any, code: str) -> WalletNetwork:
    """The network whose wallet shows ``code``: the built-in wallet's codes start with its prefix; any other
    goes to the outside network when one is configured (else to the built-in wallet, which refuses it)."""
    networks = wallet_networks(runtime)
    compact = code.replace(" ", "") if isinstance(code, str) else ""
    if compact.startswith(PAYMENT_CODE_PREFIX) or len(networks) == 1:
        return networks[BuiltInWallet.name]
    return next(n for name, n in networks.items() if name != BuiltInWallet.name)


def top_up_bank(runtime: Any) -> TopUpBank:
    """The bank consumers top up from: the offline bank unless a test or an install put another."""
    bank: TopUpBank | None = runtime.__dict__.get(_BANK)
    if bank is None:
        bank = runtime.__dict__[_BANK] = OfflineBank()
    return bank


def use_bank(runtime: Any, bank: TopUpBank) -> None:
    runtime.__dict__[_BANK] = bank


def use_network(runtime: Any, network: WalletNetwork) -> None:
    """Make ``network`` the one ``runtime`` uses under its name (a fake in a test, another adapter)."""
    wallet_networks(runtime)[network.name] = network


def card_acquirer(runtime: Any) -> CardAcquirer:
    """The acquirer card payments go through: the offline test acquirer unless a test or an install put another."""
    acquirer: CardAcquirer | None = runtime.__dict__.get(_ACQUIRER)
    if acquirer is None:
        acquirer = runtime.__dict__[_ACQUIRER] = TestAcquirer()
    return acquirer


def use_acquirer(runtime: Any, acquirer: CardAcquirer) -> None:
    runtime.__dict__[_ACQUIRER] = acquirer
