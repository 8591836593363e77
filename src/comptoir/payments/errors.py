"""Errors of the payments capability, each with a stable code. A refusal moves no money.

ComptoirError
 ├── InvalidInput (422)
 │    ├── PaymentInvalid        payment_invalid          an amount or currency that cannot be taken (named)
 │    ├── PaymentCodeInvalid    payment_code_invalid | payment_code_unknown | over_payment_code_limit
 │    ├── RefundInvalid         refund_too_large         more than captured minus already refunded
 │    ├── BankAccountInvalid    iban_invalid             an IBAN, BIC or holder name a bank would refuse
 │    ├── FeeRuleInvalid        fee_rule_invalid         a fee or commission out of range, or a day in the past
 │    ├── WalletInvalid         wallet_invalid           a wallet's name, phone or password that cannot be used
 │    ├── WebhookUrlRefused     webhook_url_refused      a webhook URL Comptoir will not post to (``reason`` says why)
 │    └── WebhookEndpointInvalid webhook_endpoint_invalid  unknown event types, a description or overlap out of range
 ├── NotAuthenticated (401)
 │    └── WalletSignInFailed    wallet_sign_in_failed    wrong phone number or password
 ├── PermissionDenied (403)
 │    ├── NotTillOperator       point_of_sale_not_operated   the caller does not run this till
 │    └── WebhooksNotAllowed    webhooks_not_allowed     only an organisation that is paid registers webhooks
 ├── NotFound (404)
 │    └── PaymentsNotFound      payment_not_found | point_of_sale_not_found | wallet_not_found |
 │                              payout_batch_not_found | order_code_not_found | entry_code_not_found |
 │                              webhook_endpoint_not_found | webhook_delivery_not_found
 └── Conflict (409)
      ├── PaymentClosed         payment_not_pending | payment_expired | payment_not_refundable |
 │                          import_tax_not_refundable
      ├── QuoteExpired          quote_expired            the locked rate ran out; a new quote is shown
      ├── PaymentCodeSpent      payment_code_used | payment_code_expired
      ├── InsufficientFunds     wallet_balance_too_low | balance_too_low
      ├── RequestIdReused       request_id_reused        the same request id with other fields
      ├── PaymentUndecided      payment_undecided        the wallet network gave no answer; it was cancelled
      ├── CardDeclined          card_declined            the card acquirer refused the charge (``reason``)
      ├── WalletExists          wallet_exists            a wallet with this phone number exists
      ├── PayoutRefused         nothing_to_pay_out | payout_batch_wrong_status | bank_account_missing
      └── WebhookEndpointDisabled webhook_endpoint_disabled  a delivery replayed to a disabled endpoint
"""

from __future__ import annotations

from comptoir.kernel.errors import (
    N_,
    Conflict,
    InvalidInput,
    NotAuthenticated,
    NotFound,
    PermissionDenied,
    declared,
)


class PaymentInvalid(InvalidInput):
    """An amount or currency that cannot be taken; ``field`` names it."""

    code = "payment_invalid"
    title = N_("The payment cannot be made")
    sentence = N_("The amount or the currency cannot be accepted; nothing was charged.")

    def __init__(self, detail: str, *, field: str = "amount") -> None:
        super().__init__(detail, field=field)


class PaymentCodeInvalid(InvalidInput):
    code = "payment_code_invalid"
    title = N_("Payment code refused")
    sentence = N_("This is not a payment code: check the 18 digits, or scan the code again.")
    codes = declared(
        payment_code_unknown=N_("No wallet shows this payment code; ask the customer to refresh it."),
        over_payment_code_limit=N_(
            "This amount is above what a payment code can pay at once; show an order QR code instead."
        ),
    )


class RefundInvalid(InvalidInput):
    code = "refund_too_large"
    title = N_("Refund refused")
    sentence = N_("A refund cannot exceed what was paid minus what was already refunded; nothing was refunded.")


class BankAccountInvalid(InvalidInput):
    code = "iban_invalid"
    title = N_("Bank account refused")
    sentence = N_("This bank account cannot receive payouts: check the IBAN, the BIC and the holder's name.")


class FeeRuleInvalid(InvalidInput):
    code = "fee_rule_invalid"
    title = N_("Fee rule refused")
    sentence = N_("Fees and commissions are basis points between 0 and 10,000, from today or a later day.")


class WalletInvalid(InvalidInput):
    code = "wallet_invalid"
    title = N_("Wallet refused")
    sentence = N_("The wallet needs a name, a phone number and a password of at least 8 characters.")


class WebhookUrlRefused(InvalidInput):
    """A webhook URL Comptoir does not post to; ``reason`` is the outgoing check's word (``address_not_public``…)."""

    code = "webhook_url_refused"
    title = N_("Webhook URL refused")
    sentence = N_(
        "Webhooks go only to a public http or https address without a user name or password; "
        "enter the URL of your own server."
    )

    def __init__(self, detail: str, *, reason: str) -> None:
        super().__init__(detail, field="url", reason=reason)


class WebhookEndpointInvalid(InvalidInput):
    """An endpoint's event types, description or a rotation's overlap that cannot be used; ``field`` names it."""

    code = "webhook_endpoint_invalid"
    title = N_("Webhook endpoint refused")
    sentence = N_(
        "Choose at least one of payment.succeeded, payment.failed, refund.succeeded and payout.paid, "
        "a description of at most 200 characters on one line, and a secret overlap of at most 7 days."
    )

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail, field=field)


class WalletSignInFailed(NotAuthenticated):
    code = "wallet_sign_in_failed"
    title = N_("Wallet sign-in failed")
    sentence = N_("The phone number or the password is wrong.")


class NotTillOperator(PermissionDenied):
    code = "point_of_sale_not_operated"
    title = N_("Not your till")
    sentence = N_("Your organisation does not run this till.")


class WebhooksNotAllowed(PermissionDenied):
    code = "webhooks_not_allowed"
    title = N_("Webhooks not available")
    sentence = N_("Only a brand, a shop, a small merchant, a retailer or a partner receives payment webhooks.")


class PaymentsNotFound(NotFound):
    code = "payments_not_found"
    codes = declared(
        payment_not_found=N_("There is no such payment."),
        point_of_sale_not_found=N_("There is no such till."),
        wallet_not_found=N_("There is no such wallet."),
        payout_batch_not_found=N_("There is no such payout batch."),
        order_code_not_found=N_("This payment QR code is not known: ask the shop to show a new one."),
        entry_code_not_found=N_("This shop code is not known."),
        webhook_endpoint_not_found=N_("There is no such webhook endpoint."),
        webhook_delivery_not_found=N_("There is no such webhook delivery."),
    )


class PaymentClosed(Conflict):
    code = "payment_closed"
    codes = declared(
        payment_not_pending=N_("This payment is already decided; nothing more was charged."),
        payment_expired=N_("This payment request expired; ask the shop for a new one. Nothing was charged."),
        payment_not_refundable=N_("Only a payment that succeeded can be refunded."),
        import_tax_not_refundable=N_(
            "The import taxes of this payment were collected by another wallet network; ask that network to "
            "give them back. Nothing was refunded."
        ),
    )


class QuoteExpired(Conflict):
    code = "quote_expired"
    title = N_("The exchange rate expired")
    sentence = N_("The locked exchange rate ran out; check the new amount and confirm again.")


class PaymentCodeSpent(Conflict):
    code = "payment_code_spent"
    codes = declared(
        payment_code_used=N_("This payment code was used already; ask the customer to show a new one."),
        payment_code_expired=N_("This payment code expired; ask the customer to show a new one."),
    )


class InsufficientFunds(Conflict):
    code = "insufficient_funds"
    codes = declared(
        wallet_balance_too_low=N_("The wallet's balance is too low for this payment; nothing was charged."),
        balance_too_low=N_("The available balance is too low for this; nothing moved."),
    )


class RequestIdReused(Conflict):
    code = "request_id_reused"
    title = N_("Request id already used")
    sentence = N_("This request id was used for a different request; use a new id.")


class PaymentUndecided(Conflict):
    code = "payment_undecided"
    title = N_("No answer from the wallet")
    sentence = N_("The wallet network did not answer in time; the payment was cancelled and nothing was charged.")


class CardDeclined(Conflict):
    """The card acquirer refused the charge; ``reason`` is its reason (``card_declined``, ``expired_card``...)."""

    code = "card_declined"
    title = N_("Card declined")
    sentence = N_("Your card was declined and nothing was charged; try another card. Your order is kept.")

    def __init__(self, detail: str, *, reason: str) -> None:
        super().__init__(detail, reason=reason)


class WalletExists(Conflict):
    code = "wallet_exists"
    title = N_("Wallet exists")
    sentence = N_("A wallet with this phone number already exists; sign in instead.")


class PayoutRefused(Conflict):
    code = "payout_refused"
    codes = declared(
        nothing_to_pay_out=N_("No merchant has an available balance and a bank account to pay out to."),
        payout_batch_wrong_status=N_("The batch is not in a state that allows this."),
        bank_account_missing=N_("Add a valid IBAN before asking for a payout."),
    )


class WebhookEndpointDisabled(Conflict):
    code = "webhook_endpoint_disabled"
    title = N_("Webhook endpoint disabled")
    sentence = N_("This webhook endpoint is disabled; enable it before sending its deliveries again.")
