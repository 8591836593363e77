"""The payments capability's API router: tills and in-store payments, refunds, balances, fees, payouts,
and merchants' webhooks."""

from fastapi import APIRouter

from comptoir.payments.api.routes import router as _payments
from comptoir.payments.api.webhooks import router as _webhooks

router = APIRouter()
router.include_router(_payments)
router.include_router(_webhooks)

__all__ = ["router"]
