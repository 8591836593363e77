"""The catalog's API router."""

from comptoir.catalog.api.routes import router

__all__ = ["router"]
