"""HTTP API of the identity capability."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(tags=["identity"])
