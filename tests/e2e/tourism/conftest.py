"""The tourism API and page tests reuse identity's clients (one per person, over ASGI)."""

from tests.e2e.identity.conftest import app, client_for

__all__ = ["app", "client_for"]
