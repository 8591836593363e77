"""The tourism pages/merchant.py: being written."""

from fastapi import APIRouter

router = APIRouter()
