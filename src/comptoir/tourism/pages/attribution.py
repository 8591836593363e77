"""The tourism pages/attribution.py: being written."""

from fastapi import APIRouter

router = APIRouter()
