"""The built-in wallet network as a :class:`~comptoir.payments.network.port.WalletNetwork`.

Each call runs in its own unit of work, as a call to an outside network would: the acquirer's payment
and the network's record of it are two systems, and a crash between them is what the sweeper repairs
(it asks :meth:`inquire`, then cancels). Works offline, on real ledger accounts.
"""

from __future__ import annotations

from functools import partial

from comptoir.kernel.unit_of_work import OpensUnitsOfWork, transact
from comptoir.payments.network.port import NetworkAnswer, PayRequest, RefundRequest
from comptoir.payments.services import wallets


class BuiltInWallet:
    name = wallets.NETWORK

    def __init__(self, source: OpensUnitsOfWork) -> None:
        self._source = source

    async def pay(self, request: PayRequest) -> NetworkAnswer:
        return await transact(self._source, partial(wallets.network_pay, request=request))

    async def inquire(self, request_id: str) -> NetworkAnswer:
        return await transact(self._source, partial(wallets.network_inquire, request_id=request_id))

    async def cancel(self, request_id: str) -> NetworkAnswer:
        return await transact(self._source, partial(wallets.network_cancel, request_id=request_id))

    async def refund(self, request: RefundRequest) -> NetworkAnswer:
        return await transact(self._source, partial(wallets.network_refund, request=request))
