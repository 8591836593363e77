"""Errors of the orders capability, each with a stable code. A refusal places no order and moves nothing.

ComptoirError
 ├── InvalidInput (422)
 │    ├── CartInvalid           cart_invalid             a quantity, SKU or coupon that cannot go in the cart (named)
 │    ├── BuyerIdentityInvalid  buyer_identity_invalid   a real name or resident ID number that is not valid
 │    └── DeliveryInvalid       delivery_invalid         a delivery zone or address that cannot be used
 ├── NotAuthenticated (401)
 │    └── BuyerNotSignedIn      buyer_not_signed_in      the store API needs a buyer's token
 ├── NotFound (404)
 │    └── OrdersNotFound        cart_not_found | order_not_found | product_not_found (also for other buyers')
 └── Conflict (409)
      ├── CartEmpty             cart_empty               nothing to check out
      ├── CheckoutRefused       no_quote | buyer_identity_required | delivery_required | lane_not_payable |
      │                         delivery_outside_market | pay_by_card | pay_by_wallet
      │                         (customs' refusals keep customs' codes, coupons' pricing's, stock inventory's)
      ├── QuoteOutdated         price_changed            shown again, never charged silently
      │                         (an expired rate is payments' quote_expired)
      └── OrderStateRefused     order_state              the order cannot make this move from where it is
"""

from __future__ import annotations

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotAuthenticated, NotFound, declared


class CartInvalid(InvalidInput):
    code = "cart_invalid"
    title = N_("This cannot go in the cart")
    sentence = N_("A quantity, a product or a coupon was not accepted; the cart is unchanged.")

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail, field=field)


class BuyerIdentityInvalid(InvalidInput):
    code = "buyer_identity_invalid"
    title = N_("Identity not accepted")
    sentence = N_(
        "Chinese customs need the real name and the 18-character resident ID number of the buyer; "
        "check them and try again."
    )

    def __init__(self, detail: str, *, field: str, reason: str) -> None:
        super().__init__(detail, field=field, reason=reason)


class DeliveryInvalid(InvalidInput):
    code = "delivery_invalid"
    title = N_("Delivery address not accepted")
    sentence = N_("Choose a province or region we deliver to and give a street address and a phone number.")

    def __init__(self, detail: str, *, field: str) -> None:
        super().__init__(detail, field=field)


class BuyerNotSignedIn(NotAuthenticated):
    code = "buyer_not_signed_in"
    title = N_("Sign in first")
    sentence = N_("Sign in with your wallet to fill a cart and pay.")


class OrdersNotFound(NotFound):
    code = "cart_not_found"
    title = N_("Not found")
    sentence = N_("There is no such cart.")
    codes = declared(
        order_not_found=N_("There is no such order."),
        sku_not_found=N_("This product is not sold here, or no longer."),
    )


class CartEmpty(Conflict):
    code = "cart_empty"
    title = N_("The cart is empty")
    sentence = N_("Add a product to the cart before checking out.")


class CheckoutRefused(Conflict):
    code = "no_quote"
    title = N_("The order cannot be placed")
    sentence = N_("Look at the prices and taxes of your cart first; then pay.")
    codes = declared(
        buyer_identity_required=N_(
            "Orders into China are declared to customs in the buyer's name: give your real name and ID number."
        ),
        delivery_required=N_("Give the address the parcel goes to."),
        lane_not_payable=N_("No freight rate is in force for this route today; your cart is kept."),
        delivery_outside_market=N_("This cart is delivered in another country: choose a delivery address there."),
        pay_by_card=N_("Orders from China are paid by card; your order is kept."),
        pay_by_wallet=N_("Orders into China are paid from the wallet; your order is kept."),
    )


class QuoteOutdated(Conflict):
    code = "price_changed"
    title = N_("The price changed")
    sentence = N_("A price changed since you looked: the new price is shown, nothing was charged.")


class OrderStateRefused(Conflict):
    code = "order_state"
    title = N_("Not possible now")
    sentence = N_("The order cannot make this change from where it is now.")
