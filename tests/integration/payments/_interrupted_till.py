"""A till process that stops dead between two steps of a payment-code payment (run by test_faults.py).

Usage: python -m tests.integration.payments._interrupted_till DATABASE_URL DATA_DIR SESSION POS_ID CODE STOP_AFTER
STOP_AFTER is ``record`` (the payment is recorded, the network not asked yet) or ``network`` (the network took
the money, its answer not recorded yet). The process prints ``stopped <payment id>`` and waits to be killed.
"""

from __future__ import annotations

import asyncio
import sys
import time
from functools import partial
from pathlib import Path

from comptoir import identity, payments
from comptoir.kernel.money import Money
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import transact
from comptoir.payments.network.port import PayRequest
from comptoir.payments.services.instore import begin_code_payment


async def main(url: str, data_dir: str, session: str, pos_id: str, code: str, stop_after: str) -> None:
    runtime = Runtime.from_settings(Settings(environment="test", database_url=url, data_dir=Path(data_dir)))
    principal = await transact(runtime, partial(identity.principal_for_session, token=session))
    network = payments.wallet_networks(runtime)["builtin"]
    payment = await transact(
        runtime,
        partial(
            begin_code_payment,
            principal=principal,
            pos_id=pos_id,
            amount=Money.parse("30.00", "EUR"),
            code=code,
            request_id="interrupted",
            network=network.name,
        ),
    )
    if stop_after == "network":
        assert payment.paid is not None
        await network.pay(PayRequest(payment.id, payment.paid, code, payment.request_id, payment.description))
    print(f"stopped {payment.id}", flush=True)
    time.sleep(600)  # the test kills this process with SIGKILL here


if __name__ == "__main__":
    asyncio.run(main(*sys.argv[1:7]))
