"""Organisations, users, sign-in sessions and the principal behind a session or an API key.

Each use case runs in the caller's unit of work and never commits. An address is used once: a
concurrent second sign-up with it meets the first one's row when its unit of work runs again, and
is answered :class:`EmailTaken` like any other.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, select, update

from comptoir.identity import repository as repo
from comptoir.identity.domain import Organisation, Role, User, check_name, check_password, normalise_email
from comptoir.identity.errors import EmailTaken, IdentityNotFound, InvalidCredentials, InvalidEmail, InvalidProfile
from comptoir.identity.services import lockout
from comptoir.kernel.ids import new_id
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.settings import Settings
from comptoir.kernel.throttle import RateLimiter
from comptoir.kernel.unit_of_work import UnitOfWork

SESSION_COOKIE = "comptoir_session"
PLATFORM_NAME = "Comptoir platform"


def _hasher(settings: Settings) -> PasswordHasher:
    # The test environment hashes with cheap parameters so suites stay fast; real installs use argon2's defaults.
    if settings.environment == "test":
        return PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    return PasswordHasher()


def token_hash(token: str) -> str:
    """How a session token or API key secret is stored: sha256 of a high-entropy random value."""
    return hashlib.sha256(token.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class SignedIn:
    """A new session: ``token`` goes into the cookie and is never stored; ``csrf_token`` protects its forms."""

    token: str
    session_id: str
    csrf_token: str
    expires_at: datetime
    user: User
    organisation: Organisation


def _kind(kind: OrganisationKind | str) -> OrganisationKind:
    try:
        return OrganisationKind(kind)
    except ValueError as exc:
        raise InvalidProfile(f"unknown organisation kind {kind!r}", code="invalid_organisation_kind") from exc


def _role(role: Role | str) -> Role:
    try:
        return Role(role)
    except ValueError as exc:
        raise InvalidProfile(f"unknown role {role!r}", code="invalid_role") from exc


async def _insert_organisation(uow: UnitOfWork, kind: OrganisationKind, name: str) -> Organisation:
    if kind is OrganisationKind.PLATFORM:
        existing = await repo.organisation_by_kind(uow.session, kind)
        if existing is not None:  # there is only ever one platform organisation
            return existing
    org = Organisation(id=new_id("org"), kind=kind, name=name, created_at=uow.clock.now())
    await uow.execute(
        repo.organisations.insert().values(id=org.id, kind=org.kind.value, name=org.name, created_at=org.created_at)
    )
    return org


async def _insert_user(
    uow: UnitOfWork, org: Organisation, *, address: str, password_hash: str, role: Role, display_name: str | None
) -> User:
    if (role is Role.STAFF) != (org.kind is OrganisationKind.PLATFORM):
        raise InvalidProfile("staff is the platform operator's role, and only theirs", code="invalid_role")
    if await repo.user_row_by_email(uow.session, address) is not None:
        raise EmailTaken(f"{address} already has an account")
    user = User(
        id=new_id("usr"),
        organisation_id=org.id,
        email=address,
        role=role,
        display_name=(display_name or address.split("@")[0]).strip()[:120],
        created_at=uow.clock.now(),
    )
    await uow.execute(
        repo.users.insert().values(
            id=user.id,
            organisation_id=user.organisation_id,
            email=user.email,
            password_hash=password_hash,
            role=user.role.value,
            display_name=user.display_name,
            created_at=user.created_at,
        )
    )
    return user


async def create_organisation(uow: UnitOfWork, *, kind: OrganisationKind | str, name: str) -> Organisation:
    """A new organisation of ``kind`` (asking for a second platform organisation answers the first)."""
    chosen, clean = _kind(kind), check_name(name)
    return await _insert_organisation(uow, chosen, clean)


async def add_user(
    uow: UnitOfWork,
    *,
    organisation_id: str,
    email: str,
    password: str,
    role: Role | str = Role.OWNER,
    display_name: str | None = None,
    settings: Settings,
) -> User:
    """A user of an existing organisation, with an argon2-hashed password; an email is used once only."""
    address, chosen_role = normalise_email(email), _role(role)
    password_hash = hash_password(settings, check_password(password, context=[address]))
    org = await repo.organisation_by_id(uow.session, organisation_id)
    if org is None:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    check_password(password, context=[org.name])
    return await _insert_user(
        uow, org, address=address, password_hash=password_hash, role=chosen_role, display_name=display_name
    )


def sign_up_kind(kind: OrganisationKind | str) -> OrganisationKind:
    """A kind of organisation people open an account for themselves (any but the platform operator)."""
    chosen = _kind(kind)
    if chosen is OrganisationKind.PLATFORM:
        raise InvalidProfile(
            "the platform operator is created with 'comptoir identity create-operator'", code="operator_via_command"
        )
    return chosen


async def open_account(
    uow: UnitOfWork,
    *,
    kind: OrganisationKind | str,
    organisation_name: str,
    email: str,
    password: str,
    settings: Settings,
) -> tuple[Organisation, User]:
    """A new organisation and its first user, its owner, in one transaction (a brand, a partner...).

    The account can sign in at once, and an address that has an account is refused with
    :class:`EmailTaken`: this is for the operator's tools, the demo world and tests. People
    signing up on the site go through :func:`~comptoir.identity.services.sign_up`, which tells
    nobody whether an address has an account.
    """
    chosen = sign_up_kind(kind)
    clean, address = check_name(organisation_name), normalise_email(email)
    password_hash = hash_password(settings, check_password(password, context=[address, clean]))
    return await insert_owner(uow, kind=chosen, name=clean, address=address, password_hash=password_hash)


def hash_password(settings: Settings, password: str) -> str:
    """The argon2 hash kept for ``password`` (cheap parameters under the test environment)."""
    return _hasher(settings).hash(password)


async def insert_owner(
    uow: UnitOfWork, *, kind: OrganisationKind, name: str, address: str, password_hash: str
) -> tuple[Organisation, User]:
    """Write a new organisation and its owner in the caller's transaction (EmailTaken if the address has one)."""
    org = await _insert_organisation(uow, kind, name)
    user = await _insert_user(
        uow, org, address=address, password_hash=password_hash, role=Role.OWNER, display_name=None
    )
    return org, user


async def create_platform_operator(uow: UnitOfWork, *, email: str, password: str, settings: Settings) -> User:
    """A staff account of the platform operator (the platform organisation is created on first use)."""
    address = normalise_email(email)
    password_hash = hash_password(settings, check_password(password, context=[address, PLATFORM_NAME]))
    platform = await _insert_organisation(uow, OrganisationKind.PLATFORM, PLATFORM_NAME)
    return await _insert_user(
        uow, platform, address=address, password_hash=password_hash, role=Role.STAFF, display_name=None
    )


async def sign_in(
    uow: UnitOfWork,
    *,
    email: str,
    password: str,
    client: str | None = None,
    settings: Settings,
    throttle: RateLimiter,
) -> SignedIn:
    """A new server-side session for these credentials, or InvalidCredentials (same answer for any mistake).

    Attempts are limited per account and per ``client`` address (see :mod:`.lockout`): past the
    limits the answer is TooManySignInAttempts, even for the right password. The limiter keeps its
    counts outside the transaction, so a wrong password counts although the use case fails and its
    unit of work rolls back; the attempt is forgiven once the new session has committed.
    """
    attempt = await lockout.begin_sign_in(throttle, settings=settings, email=email, client=client)
    try:
        signed_in = await _open_session(uow, settings, email=email, password=password)
    except InvalidCredentials:
        raise
    except Exception:
        # Not a guess (a conflict, say, after which the use case runs again and counts once): give it back.
        await attempt.withdraw()
        raise
    uow.after_commit(f"sign-in:{attempt.account}", attempt.succeeded)
    return signed_in


async def _open_session(uow: UnitOfWork, settings: Settings, *, email: str, password: str) -> SignedIn:
    hasher = _hasher(settings)
    try:
        address = normalise_email(email)
    except (ValueError, InvalidEmail):  # a malformed address is a wrong one, answered the same way
        address = ""
    row = await repo.user_row_by_email(uow.session, address) if address else None
    if row is None:
        # Spend the same effort as a real check so timing does not reveal which emails exist.
        _verify(hasher, _dummy_hash(settings), password)
        raise InvalidCredentials("wrong email or password")
    if not _verify(hasher, row["password_hash"], password):
        raise InvalidCredentials("wrong email or password")
    org = await repo.organisation_by_id(uow.session, row["organisation_id"])
    if org is None:
        raise InvalidCredentials("wrong email or password")
    return await start_session(uow, settings=settings, user=repo.user_from(row), organisation=org)


async def start_session(uow: UnitOfWork, *, settings: Settings, user: User, organisation: Organisation) -> SignedIn:
    """A new session for ``user``, written in the caller's transaction."""
    now = uow.clock.now()
    token = secrets.token_urlsafe(32)
    signed_in = SignedIn(
        token=token,
        session_id=new_id("ses"),
        csrf_token=secrets.token_urlsafe(32),
        expires_at=now + timedelta(seconds=settings.session_max_age_s),
        user=user,
        organisation=organisation,
    )
    await uow.execute(
        repo.sessions.insert().values(
            id=signed_in.session_id,
            token_hash=token_hash(token),
            user_id=user.id,
            csrf_token=signed_in.csrf_token,
            created_at=now,
            expires_at=signed_in.expires_at,
        )
    )
    # Expired sessions of this user are cleared on each sign-in so the table does not grow forever.
    await uow.execute(
        delete(repo.sessions).where(repo.sessions.c.user_id == user.id, repo.sessions.c.expires_at <= now)
    )
    return signed_in


_DUMMY_HASHES: dict[str, str] = {}


def _dummy_hash(settings: Settings) -> str:
    """A hash to verify against when the email is unknown, made once per hashing setting."""
    if settings.environment not in _DUMMY_HASHES:
        _DUMMY_HASHES[settings.environment] = _hasher(settings).hash(secrets.token_urlsafe(16))
    return _DUMMY_HASHES[settings.environment]


def _verify(hasher: PasswordHasher, password_hash: str, password: str) -> bool:
    try:
        return hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


async def sign_out(uow: UnitOfWork, *, token: str) -> None:
    """Delete the session behind ``token`` (nothing happens for an unknown token)."""
    await uow.execute(delete(repo.sessions).where(repo.sessions.c.token_hash == token_hash(token)))


async def principal_for_session(uow: UnitOfWork, *, token: str) -> Principal | None:
    """The principal of a live session, or None for an unknown or expired token."""
    if not token or len(token) > 200:
        return None
    row = await repo.session_principal_row(uow.session, token_hash(token))
    if row is None or row["expires_at"] <= uow.clock.now():
        return None
    return Principal(
        organisation_id=row["organisation_id"],
        organisation_kind=OrganisationKind(row["kind"]),
        organisation_name=row["name"],
        via="session",
        user_id=row["user_id"],
        user_email=row["email"],
        roles=frozenset({row["role"]}),
        session_id=row["session_id"],
        csrf_token=row["csrf_token"],
    )


API_KEY_PREFIX = "cpt_"


def split_api_key(key: str) -> tuple[str, str] | None:
    """(visible prefix, whole key) of a well-formed API key, else None."""
    if not key.startswith(API_KEY_PREFIX) or len(key) > 200:
        return None
    prefix = key[: len(API_KEY_PREFIX) + 8]
    if len(key) < len(prefix) + 20 or key[len(prefix)] != "_":
        return None
    return prefix, key


async def principal_for_api_key(uow: UnitOfWork, *, key: str) -> Principal | None:
    """The principal of an active API key, or None for an unknown, wrong or revoked key."""
    parts = split_api_key(key)
    if parts is None:
        return None
    prefix, whole = parts
    row = await repo.api_key_principal_row(uow.session, prefix)
    if row is None or row["revoked_at"] is not None:
        return None
    if not hmac.compare_digest(row["secret_hash"], token_hash(whole)):
        return None
    now = uow.clock.now()
    last = row["last_used_at"]
    if last is None or now - last > timedelta(minutes=1):  # keep writes rare on busy keys
        await uow.execute(update(repo.api_keys).where(repo.api_keys.c.id == row["id"]).values(last_used_at=now))
    return Principal(
        organisation_id=row["organisation_id"],
        organisation_kind=OrganisationKind(row["kind"]),
        organisation_name=row["organisation_name"],
        via="api_key",
        api_key_id=row["id"],
        roles=frozenset({Role.ADMIN.value}),
    )


async def organisation(uow: UnitOfWork, principal: Principal, *, organisation_id: str) -> Organisation:
    """An organisation the caller may see: its own (any), or any for the platform operator."""
    if organisation_id != principal.organisation_id and not principal.is_platform_operator:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    org = await repo.organisation_by_id(uow.session, organisation_id)
    if org is None:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    return org


async def users_of(uow: UnitOfWork, principal: Principal) -> list[User]:
    """The users of the caller's own organisation."""
    rows = await uow.session.execute(
        select(repo.users).where(repo.users.c.organisation_id == principal.organisation_id).order_by(repo.users.c.id)
    )
    return [repo.user_from(r) for r in rows.mappings()]
