"""The tourism api.py: being written."""

from fastapi import APIRouter

router = APIRouter()
