"""Errors of the tourism capability, each with a stable code and a sentence for people.

ComptoirError
 ├── InvalidInput (422)
 │    ├── ShopInvalid             shop_invalid | address_not_found | coordinates_outside_france
 │    │                           (``field`` names the field of the sign-up form)
 │    ├── ConsentRequired         consent_required   a follow without both separate consents ticked
 │    └── SearchInvalid           place_not_found | search_invalid
 ├── PermissionDenied (403)
 │    └── NotAShop                not_a_shop         an organisation that cannot take in-store payments
 ├── NotFound (404)
 │    └── TourismNotFound         shop_not_found | visit_not_found | consent_not_found
 └── Conflict (409)
      ├── ShopExists              shop_exists        an organisation signs up its shop a second time
      └── AlreadyErased           tourist_erased     an erasure asked for again, or data of an erased tourist
"""

from __future__ import annotations

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound, PermissionDenied, declared


class ShopInvalid(InvalidInput):
    """A shop's sign-up or profile that cannot be kept; ``field`` names the field as the form and the API do."""

    code = "shop_invalid"
    title = N_("Invalid shop profile")
    sentence = N_("The shop's profile cannot be saved: one of its fields is missing or wrong.")
    codes = declared(
        address_not_found=N_(
            "This address is not in our table of Paris streets. Check the street name and number, or place the "
            "shop on the map."
        ),
        coordinates_outside_france=N_(
            "These coordinates are outside France. A shop that accepts the wallet is in France."
        ),
    )

    def __init__(self, field: str, reason: str, *, code: str | None = None) -> None:
        super().__init__(f"{field}: {reason}", code=code, field=field)
        self.field = field
        self.reason = reason


class ConsentRequired(InvalidInput):
    """Following a brand takes two separate, explicit consents; ``missing`` names those not given."""

    code = "consent_required"
    title = N_("Consent needed")
    sentence = N_(
        "To follow this brand, tick both consents: one to follow it, one to let your visit be sent to its store "
        "in China. Nothing was saved."
    )

    def __init__(self, missing: list[str]) -> None:
        super().__init__(f"consent not given: {', '.join(missing)}", missing=missing)
        self.missing = missing


class SearchInvalid(InvalidInput):
    code = "search_invalid"
    title = N_("Invalid search")
    sentence = N_("The search cannot be run: one of its parameters is wrong.")
    codes = declared(
        place_not_found=N_("We do not know this place in Paris. Try a landmark, a street, or share your position."),
    )


class NotAShop(PermissionDenied):
    code = "not_a_shop"
    sentence = N_("Only a shop, a brand, a small merchant or a retailer can accept wallet payments in store.")


class TourismNotFound(NotFound):
    code = "shop_not_found"
    title = N_("Not found")
    sentence = N_("This shop does not accept the wallet, or you may not see it.")
    codes = declared(
        visit_not_found=N_("This payment is not one of your shop visits."),
        consent_not_found=N_("This consent does not exist."),
    )


class ShopExists(Conflict):
    code = "shop_exists"
    title = N_("Already signed up")
    sentence = N_("Your organisation already accepts wallet payments. Edit its profile instead.")


class AlreadyErased(Conflict):
    code = "tourist_erased"
    title = N_("Already erased")
    sentence = N_("This person's data has already been erased. There is nothing left to erase or export.")
