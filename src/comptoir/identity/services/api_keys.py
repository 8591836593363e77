"""API keys for machine clients: shown once at creation, stored as a hash, revocable."""

from __future__ import annotations

import secrets
import string
from dataclasses import dataclass

from sqlalchemy import update

from comptoir.identity import repository as repo
from comptoir.identity.domain import ApiKey, check_length, normalise_email, typed_text
from comptoir.identity.errors import ApiKeyCannotCreateKeys, IdentityNotFound
from comptoir.identity.services.accounts import API_KEY_PREFIX, token_hash
from comptoir.identity.services.audit import actor_for, record, require_manager
from comptoir.kernel.ids import new_id
from comptoir.kernel.paging import DEFAULT_PAGE, cursor_position, cut_page, page_size
from comptoir.kernel.principal import Principal
from comptoir.kernel.unit_of_work import UnitOfWork

_PREFIX_ALPHABET = string.ascii_lowercase + string.digits


@dataclass(frozen=True, slots=True)
class CreatedApiKey:
    """A new key and its secret, which is shown this once and never again."""

    key: ApiKey
    secret: str


async def create_api_key(uow: UnitOfWork, principal: Principal, *, name: str) -> CreatedApiKey:
    """A new API key for the caller's organisation, created by a signed-in owner or admin.

    An API key may not create keys (:class:`ApiKeyCannotCreateKeys`): a leaked key could
    otherwise mint others that outlive its own revocation.
    """
    if principal.via == "api_key" or principal.api_key_id is not None:
        raise ApiKeyCannotCreateKeys("an API key cannot create API keys; a signed-in owner or admin can")
    require_manager(principal)
    clean = typed_text(" ".join(name.split()), what="key name", field="name")
    check_length(clean, spec="api_key_name", field="name")
    prefix = API_KEY_PREFIX + "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(8))
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
    org = await repo.organisation_by_id(uow.session, principal.organisation_id)
    if org is None:
        raise IdentityNotFound("no such organisation", code="organisation_not_found")
    key = ApiKey(id=new_id("key"), organisation_id=org.id, name=clean, prefix=prefix, created_at=uow.clock.now())
    await uow.execute(
        repo.api_keys.insert().values(
            id=key.id,
            organisation_id=key.organisation_id,
            name=key.name,
            prefix=key.prefix,
            secret_hash=token_hash(secret),
            created_by=principal.actor_id,
            created_at=key.created_at,
        )
    )
    await record(uow, actor_for(principal, org), action="api_key.created", target=key.id, details={"name": clean})
    return CreatedApiKey(key=key, secret=secret)


async def issue_api_key(uow: UnitOfWork, *, email: str, name: str) -> CreatedApiKey:
    """A new API key for the organisation of the user with this address, created as that user.

    For whoever runs the installation, at the command line (``comptoir identity create-api-key``):
    the first key of an account opened by a command or on the sign-up page, where no API key exists
    yet to script with and pages are the only other way in. The key is made exactly as a signed-in
    user would make it: an owner, admin or platform staff only (``role_required`` for a member),
    and the audit log names that user. An address with no account is ``user_not_found``, a
    malformed one ``invalid_email``.
    """
    row = await repo.user_row_by_email(uow.session, normalise_email(email))
    org = await repo.organisation_by_id(uow.session, row["organisation_id"]) if row is not None else None
    if row is None or org is None:
        raise IdentityNotFound("there is no account with this address", code="user_not_found")
    user = repo.user_from(row)
    principal = Principal(
        organisation_id=org.id,
        organisation_kind=org.kind,
        organisation_name=org.name,
        via="command",
        user_id=user.id,
        user_email=user.email,
        roles=frozenset({user.role.value}),
    )
    return await create_api_key(uow, principal, name=name)


async def api_keys_of(uow: UnitOfWork, principal: Principal) -> list[ApiKey]:
    """The caller's organisation's keys (prefixes only, never secrets), newest first."""
    return await repo.api_keys_of(uow.session, principal.organisation_id)


async def api_keys_page(
    uow: UnitOfWork, principal: Principal, *, cursor: str | None = None, limit: int = DEFAULT_PAGE
) -> tuple[list[ApiKey], str | None]:
    """One page of the caller's organisation's keys, newest first, and the next page's cursor.

    Keys show their prefixes only, never their secrets.
    """
    before = cursor_position(cursor, key="before", kind=str, prefix="key")
    size = page_size(limit)
    found = await repo.api_keys_of(uow.session, principal.organisation_id, before_id=before, limit=size + 1)
    return cut_page(found, size, key="before", position_of=lambda k: k.id)


async def revoke_api_key(uow: UnitOfWork, principal: Principal, *, key_id: str) -> ApiKey:
    """Revoke one of the caller's organisation's keys; it stops working at once. Another's is not found."""
    require_manager(principal)
    keys = {k.id: k for k in await repo.api_keys_of(uow.session, principal.organisation_id)}
    key = keys.get(key_id)
    if key is None:
        raise IdentityNotFound("no such API key", code="api_key_not_found")
    if not key.is_active:
        return key
    now = uow.clock.now()
    await uow.execute(update(repo.api_keys).where(repo.api_keys.c.id == key.id).values(revoked_at=now))
    org = await repo.organisation_by_id(uow.session, principal.organisation_id)
    assert org is not None
    await record(uow, actor_for(principal, org), action="api_key.revoked", target=key.id, details={"name": key.name})
    return ApiKey(
        id=key.id,
        organisation_id=key.organisation_id,
        name=key.name,
        prefix=key.prefix,
        created_at=key.created_at,
        revoked_at=now,
        last_used_at=key.last_used_at,
    )
