"""The tourism pages: a shop's acceptance page (sign-up, entry code, statistics), the brand's and the shop's
attributed sales, the operator's cashless-Paris dashboard, and the tourist's pages in the wallet's realm (shops
near a place, following a brand after paying, followed brands, their consents and data)."""

from fastapi import APIRouter

from comptoir.tourism.pages import attribution, merchant, operator, tourist
from comptoir.tourism.pages.spaces import SPACES

router = APIRouter(include_in_schema=False)
router.include_router(merchant.router)
router.include_router(attribution.router)
router.include_router(operator.router)
router.include_router(tourist.router)

__all__ = ["SPACES", "router"]
