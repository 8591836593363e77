"""Settings read from the environment (prefix ``COMPTOIR_``)."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PLACEHOLDER_SECRET = "change-me-in-production"


class Settings(BaseSettings):
    """Comptoir's configuration; see the README's configuration table."""

    model_config = SettingsConfigDict(env_prefix="COMPTOIR_", extra="ignore")

    environment: Literal["development", "test", "production"] = "development"
    data_dir: Path = Field(default=Path(".comptoir"))
    database_url: str | None = None
    secret_key: str = PLACEHOLDER_SECRET
    host: str = "127.0.0.1"
    port: int = 8000
    run_worker_in_process: bool = True
    session_max_age_s: int = 8 * 3600
    default_locale: str = "fr"
    # Where people reach this install, for links in the messages it sends (default http://host:port).
    public_url: str = ""
    mail_from: str = "Comptoir <no-reply@comptoir.invalid>"
    # Empty: sign-in attempts are counted in this process; redis://… shares the counts between processes.
    rate_limit_url: str = ""
    # How many reverse proxies in front append to X-Forwarded-For; 0 ignores the header (anyone can write it).
    trusted_proxies: int = Field(default=0, ge=0)
    # The largest request body taken, and the larger one of the routes that take files (the network import).
    max_body_bytes: int = Field(default=1024 * 1024, ge=0)
    max_upload_bytes: int = Field(default=32 * 1024 * 1024, ge=0)
    # Payments: how long captured money waits before it is settled (T+1), and the platform's own account that
    # payouts are sent from (the default is the example IBAN of the SEPA rulebook: set yours in production).
    settlement_delay_hours: int = Field(default=24, ge=0, le=24 * 60)
    payout_iban: str = "FR7630006000011234567890189"
    payout_bic: str = ""
    payout_holder: str = "Comptoir"
    # An outside wallet network shaped on the Alipay+ acquiring API, used for payment codes that are not the
    # built-in wallet's (empty URL: only the built-in wallet). Keys are PEM files: ours to sign, theirs to verify.
    alipayplus_url: str = ""
    alipayplus_client_id: str = ""
    alipayplus_private_key_file: Path | None = None
    alipayplus_public_key_file: Path | None = None
    # Development only (refused in production): let outgoing requests (webhooks) reach loopback and
    # private addresses, to post to a receiver on the developer's own machine. See comptoir.kernel.outgoing.
    outgoing_allow_private: bool = False
    # Orders: the key buyers' real names and resident ID numbers are sealed with (empty: derived from the
    # secret key). Changing it makes the stored identities unreadable: buyers give them again.
    buyer_identity_key: str = ""

    @model_validator(mode="after")
    def _refuse_placeholder_secrets(self) -> Settings:
        if self.environment == "production" and self.secret_key == PLACEHOLDER_SECRET:
            raise ValueError(
                "COMPTOIR_SECRET_KEY still holds the development placeholder; "
                "set a long random secret before running in production"
            )
        if self.environment == "production" and len(self.secret_key) < 32:
            raise ValueError("COMPTOIR_SECRET_KEY must be at least 32 characters in production")
        if self.environment == "production" and self.outgoing_allow_private:
            raise ValueError(
                "COMPTOIR_OUTGOING_ALLOW_PRIVATE lets webhooks reach the private network; "
                "it is for development only and refused in production"
            )
        return self

    @property
    def site_url(self) -> str:
        """The base of links in messages, without a trailing slash."""
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @cached_property
    def resolved_database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data directory."""
        if self.database_url:
            return self.database_url
        return f"sqlite:///{(self.data_dir / 'comptoir.sqlite3').resolve()}"


def load_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides taking precedence."""
    return Settings(**overrides)  # type: ignore[arg-type]
