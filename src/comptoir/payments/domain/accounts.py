"""The ledger accounts payments keeps, and what each one means.

One ledger per currency: the consumer's side is in CNY, the merchant's side in EUR, and the two meet in
the FX liquidity accounts, so each currency nets to zero on its own.

CNY
  ``pay:wallet:<holder>``          a consumer's built-in wallet (may not go below zero)
  ``pay:bank:topup``               money that came in from consumers' banks (the top-up port)
  ``pay:network:<network>``        what a wallet network owes us for payments it took (built-in: nets to zero)
  ``pay:fx:CNY``                   FX liquidity, CNY side
EUR
  ``pay:fx:EUR``                   FX liquidity, EUR side
  ``pay:merchant:<org>:pending``   captured, not yet settled (may not go below zero)
  ``pay:merchant:<org>:available`` settled, may be paid out (may not go below zero)
  ``pay:platform:fees``            the platform's fees
  ``pay:bank:payouts``             payouts sent to the bank, until the bank confirms them
  ``pay:network:card``             what the card acquirer owes us for card payments it took (French consumers)
  ``pay:ioss``                     VAT and duty collected on card payments under IOSS, owed to the tax office

A payment of 100.00 EUR paid 790.50 CNY from a built-in wallet posts, as one linked group:
wallet -> network 790.50 CNY; network -> fx:CNY 790.50 CNY; fx:EUR -> merchant pending 100.00 EUR.
"""

from __future__ import annotations

from dataclasses import dataclass

WALLET_CURRENCY = "CNY"
SETTLEMENT_CURRENCY = "EUR"
CARD_NETWORK = "card"
"""The ``network`` of a payment a French consumer made by card (in EUR, through the card acquirer)."""


@dataclass(frozen=True, slots=True)
class Accounts:
    """Account ids (see the module's table); every function is pure."""

    @staticmethod
    def wallet(holder_id: str) -> str:
        return f"pay:wallet:{holder_id}"

    @staticmethod
    def network(network: str) -> str:
        return f"pay:network:{network}"

    @staticmethod
    def fx(currency: str) -> str:
        return f"pay:fx:{currency}"

    @staticmethod
    def merchant_pending(org_id: str) -> str:
        return f"pay:merchant:{org_id}:pending"

    @staticmethod
    def merchant_available(org_id: str) -> str:
        return f"pay:merchant:{org_id}:available"

    TOPUP = "pay:bank:topup"
    CUSTOMS = "pay:customs"
    IOSS = "pay:ioss"
    PLATFORM_FEES = "pay:platform:fees"
    PAYOUTS = "pay:bank:payouts"
