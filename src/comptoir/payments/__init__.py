"""Payments: CNY wallets, in-store payments for tourists (order QR, payment code, entry code), refunds at the
locked rate, settlement with three-way splits, SEPA payouts, and signed webhooks to merchants.

Money moves only through the ledger's public services, inside the caller's unit of work: every payment,
refund, settlement and payout is a set of linked ledger transfers, so ``comptoir ledger verify`` holds
after each. Checkout pays an order with :func:`create_online_payment` (optionally with its own CNY total,
``paid``, and the buyer's ``import_tax`` owed to customs), then :func:`pay_online_from_wallet` (taken at
once), or :func:`authorise_online_payment`, then :func:`capture_online_payment` or
:func:`void_online_payment`; :func:`refund_payment` gives goods back at the
locked rate and :func:`refund_import_tax` the import taxes, once. A French consumer pays a Chinese seller's
order by card in EUR: :func:`create_card_payment`, then :func:`card_charge`, the acquirer
(:func:`card_acquirer`, asked through :func:`ask_acquirer`) and :func:`record_card_charge`; card refunds
are queued and the chore :func:`send_card_refunds` sends them. Other capabilities reach payments through
the names below; the events :class:`PaymentSucceeded`, :class:`PaymentFailed`, :class:`RefundSucceeded` and
:class:`PayoutPaid` tell them (and merchants' webhooks) what happened. The entry points assemble
``api_router``, ``pages_router`` (with the personas' ``SPACES``), ``cli_app`` and the worker's chore
:func:`settle_and_sweep`. Pages of other capabilities whose reader is a wallet holder (the storefront's cart
and orders) share the wallet's sign-in: :func:`read_wallet_session` and :func:`wallet_csrf_is_valid`.
:func:`erase_wallet_holder` erases a holder's personal data on request; the payments and the ledger keep
the holder's id, which then names nobody.
"""

from comptoir.payments import scopes as scopes  # registers the ``payments`` delegation scope
from comptoir.payments.api import router as api_router
from comptoir.payments.bench import bench_command
from comptoir.payments.cli import app as cli_app
from comptoir.payments.cli import settle_and_sweep
from comptoir.payments.domain import (
    Channel,
    FeeRule,
    Flow,
    Payment,
    PaymentFailed,
    PaymentStatus,
    PaymentSucceeded,
    PayoutPaid,
    Refund,
    RefundSucceeded,
    Split,
)
from comptoir.payments.errors import (
    CardDeclined,
    InsufficientFunds,
    PaymentClosed,
    PaymentCodeInvalid,
    PaymentCodeSpent,
    PaymentInvalid,
    PaymentsNotFound,
    PaymentUndecided,
    PayoutRefused,
    QuoteExpired,
    RefundInvalid,
    WebhookEndpointDisabled,
    WebhookEndpointInvalid,
    WebhooksNotAllowed,
    WebhookUrlRefused,
)
from comptoir.payments.network import (
    card_acquirer,
    network_for_code,
    top_up_bank,
    use_acquirer,
    use_bank,
    use_network,
    wallet_networks,
)
from comptoir.payments.network.acquirer import (
    TEST_TOKENS,
    AcquirerUnavailable,
    CardAcquirer,
    CardAnswer,
    CardCharge,
    TestAcquirer,
)
from comptoir.payments.network.bank import BankUnavailable, OfflineBank, TopUpBank, TopUpReceipt, TopUpRequest
from comptoir.payments.network.port import (
    NetworkAnswer,
    NetworkStatus,
    NetworkUnavailable,
    PayRequest,
    RefundRequest,
    WalletNetwork,
)
from comptoir.payments.pages import SPACES
from comptoir.payments.pages import router as pages_router
from comptoir.payments.pages.wallet import AfterPayment, offer_after_payment
from comptoir.payments.pages.wallet_session import WalletSession, add_wallet_link, wallet_links
from comptoir.payments.pages.wallet_session import clear_session as clear_wallet_session
from comptoir.payments.pages.wallet_session import csrf_is_valid as wallet_csrf_is_valid
from comptoir.payments.pages.wallet_session import read_session as read_wallet_session
from comptoir.payments.services import *  # noqa: F403
from comptoir.payments.services import __all__ as _services

__all__ = [
    "SPACES",
    "api_router",
    "pages_router",
    "WalletSession",
    "AfterPayment",
    "offer_after_payment",
    "read_wallet_session",
    "clear_wallet_session",
    "add_wallet_link",
    "wallet_links",
    "wallet_csrf_is_valid",
    "bench_command",
    "cli_app",
    "settle_and_sweep",
    "Channel",
    "FeeRule",
    "Flow",
    "InsufficientFunds",
    "NetworkAnswer",
    "NetworkStatus",
    "NetworkUnavailable",
    "PayRequest",
    "Payment",
    "PaymentClosed",
    "PaymentCodeInvalid",
    "PaymentCodeSpent",
    "PaymentFailed",
    "PaymentInvalid",
    "PaymentStatus",
    "PaymentSucceeded",
    "PaymentUndecided",
    "PaymentsNotFound",
    "PayoutPaid",
    "PayoutRefused",
    "QuoteExpired",
    "Refund",
    "RefundInvalid",
    "RefundRequest",
    "RefundSucceeded",
    "Split",
    "WalletNetwork",
    "WebhookEndpointDisabled",
    "WebhookEndpointInvalid",
    "WebhookUrlRefused",
    "WebhooksNotAllowed",
    "BankUnavailable",
    "OfflineBank",
    "TopUpBank",
    "TopUpReceipt",
    "TopUpRequest",
    "network_for_code",
    "card_acquirer",
    "use_acquirer",
    "TEST_TOKENS",
    "AcquirerUnavailable",
    "CardAcquirer",
    "CardAnswer",
    "CardCharge",
    "TestAcquirer",
    "CardDeclined",
    "top_up_bank",
    "use_bank",
    "use_network",
    "wallet_networks",
    *_services,
]
