"""HTTP API of the identity capability, under ``/api/v1``."""

from __future__ import annotations

from fastapi import APIRouter

from comptoir.identity.api import accounts, brands, partners

router = APIRouter()
for _module in (accounts, partners, brands):
    router.include_router(_module.router)

__all__ = ["router"]
