"""Who can sign in to the demo world: one login per persona, all with the same easy password."""

from __future__ import annotations

from dataclasses import dataclass

DEMO_PASSWORD = "comptoir-demo"


@dataclass(frozen=True)
class DemoLogin:
    persona: str
    email: str
    password: str
    space: str
    realm: str = "account"  # "account": a Comptoir account's sign-in (/login); "wallet": the wallet's, by phone
