"""Holding back password guessing: the limits on sign-in attempts, per account and per client address.

- An account (its email, normalised, known or not, so the lock reveals nothing) may fail 5 times
  within 15 minutes; then it is locked for 15 minutes, then 30, 60... up to 4 hours while its past
  locks are remembered (a day). A successful sign-in forgets its failures and locks.
- An address may fail 20 times within 15 minutes, across any accounts, with the same growing locks.
- A lock refuses even the right password: that is what stops guessing. Nothing is verified while
  locked, so a locked account also costs no password hashing.

Every refusal and every new lock is logged on ``comptoir.security`` with the event name, a keyed
hash of the account (never the email: logs are not the place for personal data; whoever holds the
secret key can compute the hash of an email to find its events) and the client address.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import dataclass
from datetime import timedelta

from comptoir.identity.errors import TooManySignInAttempts
from comptoir.kernel.settings import Settings
from comptoir.kernel.throttle import Limit, Locked, RateLimiter, Taken

security_log = logging.getLogger("comptoir.security")

ACCOUNT_LIMIT = Limit(
    attempts=5, window=timedelta(minutes=15), lockout=timedelta(minutes=15), max_lockout=timedelta(hours=4)
)
ADDRESS_LIMIT = Limit(
    attempts=20, window=timedelta(minutes=15), lockout=timedelta(minutes=15), max_lockout=timedelta(hours=4)
)


def account_hash(settings: Settings, email: str) -> str:
    """A short keyed hash naming an account in logs and counters without its email."""
    normalised = email.strip().lower()
    key = settings.secret_key.encode()
    return hmac.new(key, b"sign-in:" + normalised.encode(), hashlib.sha256).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class SignInAttempt:
    """The attempts taken for one sign-in: give them back with :meth:`succeeded` when it works.

    The limiter keeps its counts outside any transaction: a failed attempt stays counted when the
    use case that made it rolls back.
    """

    throttle: RateLimiter
    account: str
    account_ticket: str
    client: str | None
    address_ticket: str | None

    async def succeeded(self) -> None:
        """The right password: forget the account's failures and locks, and give the address its attempt back."""
        await self.throttle.reset(_account_key(self.account))
        await self._forgive_address()

    async def withdraw(self) -> None:
        """The attempt was never judged (the use case failed on something else): it counts against nobody."""
        await self.throttle.forgive(_account_key(self.account), self.account_ticket)
        await self._forgive_address()

    async def _forgive_address(self) -> None:
        if self.client is not None and self.address_ticket is not None:
            await self.throttle.forgive(_address_key(self.client), self.address_ticket)


def _account_key(account: str) -> str:
    return f"sign-in:account:{account}"


def _address_key(client: str) -> str:
    return f"sign-in:address:{client}"


async def begin_sign_in(throttle: RateLimiter, *, settings: Settings, email: str, client: str | None) -> SignInAttempt:
    """Count this sign-in against the account and the address, or raise TooManySignInAttempts."""
    account = account_hash(settings, email)
    taken = await throttle.take(_account_key(account), ACCOUNT_LIMIT)
    if isinstance(taken, Locked):
        raise _refused(account=account, client=client, locked="account", retry_after=taken.retry_after)
    _log_lock(taken, account=account, client=client, locked="account")
    address_ticket = None
    if client is not None:
        by_address = await throttle.take(_address_key(client), ADDRESS_LIMIT)
        if isinstance(by_address, Locked):
            # The account's password was not tried, so this attempt does not count against the account.
            await throttle.forgive(_account_key(account), taken.ticket)
            raise _refused(account=account, client=client, locked="address", retry_after=by_address.retry_after)
        _log_lock(by_address, account=account, client=client, locked="address")
        address_ticket = by_address.ticket
    return SignInAttempt(throttle, account, taken.ticket, client, address_ticket)


def _log_lock(taken: Taken, *, account: str, client: str | None, locked: str) -> None:
    if taken.locks_for is None:
        return
    seconds = int(taken.locks_for.total_seconds())
    security_log.warning(
        "sign_in_locked locked=%s account=%s client=%s for_s=%d",
        locked,
        account,
        client,
        seconds,
        extra={"event": "sign_in_locked", "locked": locked, "account": account, "client": client, "for_s": seconds},
    )


def _refused(*, account: str, client: str | None, locked: str, retry_after: timedelta) -> TooManySignInAttempts:
    error = TooManySignInAttempts("too many sign-in attempts; try again later", retry_after=retry_after)
    security_log.warning(
        "sign_in_refused locked=%s account=%s client=%s retry_after_s=%d",
        locked,
        account,
        client,
        error.retry_after_s,
        extra={
            "event": "sign_in_refused",
            "locked": locked,
            "account": account,
            "client": client,
            "retry_after_s": error.retry_after_s,
        },
    )
    return error
