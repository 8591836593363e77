"""The orders capability's HTTP API."""

from comptoir.orders.api.routes import router

__all__ = ["router"]
