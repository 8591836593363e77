"""The tourism pages/operator.py: being written."""

from fastapi import APIRouter

router = APIRouter()
