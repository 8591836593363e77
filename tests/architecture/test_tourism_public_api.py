"""The tourism capability's public names are pinned: the web assembly, the demo and the simulation reach it through
these, and through nothing else (import-linter's protected contract says so)."""

from __future__ import annotations

import comptoir.tourism

PUBLIC = [
    # what the entry points assemble
    "SPACES",
    "api_router",
    "cli_app",
    "pages_router",
    # the outbox handlers: payments' PaymentSucceeded becomes a visit, orders' OrderPaid an attribution
    "order_paid_handler",
    "payment_succeeded_handler",
    # shops that accept the wallet, and finding them
    "ACCEPTING_KINDS",
    "ShopCategory",
    "ShopForm",
    "AcceptingShop",
    "BrandChoice",
    "NearbyShop",
    "sign_up_shop",
    "update_shop",
    "my_shop",
    "shop_by_id",
    "shop_of_till",
    "all_shops",
    "brand_choices",
    "nearby_shops",
    # visits, follows and consents
    "Visit",
    "record_visit",
    "visit_of_payment",
    "visits_of",
    "Purpose",
    "Consent",
    "Follow",
    "FollowOffer",
    "FollowedBrand",
    "FollowedStore",
    "follow_offer",
    "follow_brand",
    "unfollow_brand",
    "followed_brands",
    "is_following",
    "consents_of",
    "withdraw_consent",
    # attribution
    "DEFAULT_WINDOW_DAYS",
    "HOME_LANE",
    "Attribution",
    "attribute_order",
    "attribution_of",
    "attribution_window",
    "set_attribution_window",
    # what shops, brands and the operator read
    "DayFigures",
    "ShopStatistics",
    "MonthRow",
    "AttributionReport",
    "ArrondissementFigures",
    "CashlessParis",
    "shop_statistics",
    "attribution_report",
    "cashless_paris",
    "cashless_paris_figures",
    # a tourist's own data
    "EXPORT_FORMAT",
    "Erasure",
    "export_tourist_data",
    "erase_tourist",
    # the refusals
    "AlreadyErased",
    "ConsentRequired",
    "NotAShop",
    "SearchInvalid",
    "ShopExists",
    "ShopInvalid",
    "TourismNotFound",
]


def test_the_tourism_public_names_are_exactly_these() -> None:
    assert sorted(comptoir.tourism.__all__) == sorted(PUBLIC)
    for name in PUBLIC:
        assert getattr(comptoir.tourism, name) is not None
