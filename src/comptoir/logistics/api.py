"""HTTP API of the logistics capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["logistics"])
