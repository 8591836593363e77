"""Storing the installation's network: import (all or nothing), export, load; inside the caller's unit of work."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from sqlalchemy.exc import IntegrityError

from comptoir.kernel.errors import PermissionDenied
from comptoir.kernel.principal import OrganisationKind, Principal
from comptoir.kernel.text import TextRefused, check_text
from comptoir.kernel.unit_of_work import UnitOfWork
from comptoir.logistics import repository
from comptoir.logistics.domain import Network, NetworkImported, StoredNetwork
from comptoir.logistics.errors import (
    NetworkHandOverRefused,
    NetworkImportConflict,
    NetworkInvalid,
    NetworkNotLoaded,
    NetworkOwned,
    NetworkProblem,
)
from comptoir.logistics.network_file import parse_network

_LIMITS = (
    ("services", "id", 120),
    ("connections", "id", 120),
    ("connections", "trip", 120),
    ("clearance", "regime", 40),
    ("last_mile", "zone", 40),
    ("hubs", "name", 200),
)
#: Hub codes, checked by the file format already; here only for the text rule.
_CODES = (
    ("hubs", "code", 16),
    ("services", "origin", 16),
    ("services", "destination", 16),
    ("connections", "origin", 16),
    ("connections", "destination", 16),
    ("clearance", "hub", 16),
    ("last_mile", "hub", 16),
)


async def import_network(
    uow: UnitOfWork,
    principal: Principal | None,
    *,
    network: Network | Mapping[str, Any],
    operator_org_id: str | None = None,
    operator_name: str | None = None,
    imported_by: str | None = None,
) -> StoredNetwork:
    """Replace the stored network by ``network`` (a :class:`Network` or a decoded network document), atomically.

    The network has an owner, the logistics operator organisation recorded with each version
    (``operator_org_id``, with its name). With a ``principal`` (a caller of the API) ownership is
    enforced: the first logistics operator to import the network owns it, and from then on only
    the owner or the platform operator imports a new version; any other logistics operator gets
    :class:`NetworkOwned` and nothing changes. Only the platform operator hands the network to
    another owner (``operator_org_id``); otherwise the owner stays as it is. With ``principal``
    None (the command line and the demo, run by whoever runs the installation) the owner is
    ``operator_org_id`` when given, else it stays as it is.

    A document is checked with :func:`parse_network` first: with any problem, :class:`NetworkInvalid` lists
    every one and nothing changes. A first import racing another one raises :class:`NetworkImportConflict`
    from the database's unique violation, a transient conflict: under :func:`~comptoir.kernel.unit_of_work.transact`
    the use case runs again and imports over the other one. On success the version grows by one and
    :class:`NetworkImported` is published in ``uow``; the caller commits.
    """
    parsed = network if isinstance(network, Network) else parse_network(dict(network))
    problems = _storage_problems(parsed)
    if problems:
        raise NetworkInvalid(problems)
    session = uow.session
    previous = await repository.current_version(session, lock=True)
    record = await repository.network_record(session) if previous is not None else None
    current_owner = (record["operator_org_id"], record["operator_name"]) if record else (None, None)
    operator_org_id, operator_name = _owner_after_import(
        principal, current_owner, requested=(operator_org_id, operator_name)
    )
    version = (previous or 0) + 1
    now = uow.clock.now()
    try:
        await repository.replace_network(
            session,
            parsed,
            version=version,
            operator_org_id=operator_org_id,
            operator_name=operator_name,
            imported_by=imported_by,
            imported_at=now,
        )
    except IntegrityError as exc:
        # Only a concurrent first import can collide here (later ones wait on the locked network row).
        raise NetworkImportConflict("another network import ran at the same time; import again") from exc
    uow.publish(
        NetworkImported(
            version=version,
            operator_org_id=operator_org_id,
            operator_name=operator_name,
            imported_by=imported_by,
            hubs=len(parsed.hubs),
            services=len(parsed.services),
            connections=len(parsed.connections),
            clearance=len(parsed.clearance),
            last_mile=len(parsed.last_mile),
        )
    )
    return StoredNetwork(version, now, operator_org_id, imported_by, parsed, operator_name)


def _owner_after_import(
    importer: Principal | None,
    current: tuple[str | None, str | None],
    *,
    requested: tuple[str | None, str | None],
) -> tuple[str | None, str | None]:
    """Who owns the network once this import is done, or :class:`NetworkOwned` when the importer may not."""
    owner_id, _ = current
    if importer is None or importer.is_platform_operator:
        return requested if requested[0] is not None else current
    if importer.organisation_kind != OrganisationKind.LOGISTICS_OPERATOR:
        raise PermissionDenied("only the platform operator or a logistics operator may import the network")
    if requested[0] not in (None, importer.organisation_id):
        raise NetworkHandOverRefused("only the platform operator hands the network to another operator")
    if owner_id not in (None, importer.organisation_id):
        raise NetworkOwned(
            "another logistics operator owns the network; only it or the platform operator may import a new version"
        )
    return importer.organisation_id, importer.organisation_name


def _storage_problems(network: Network) -> list[NetworkProblem]:
    """Values longer than the columns that store them (the file format itself sets no length limit), and text
    breaking the kernel's rule for typed text (a NUL cannot even be stored by PostgreSQL)."""
    problems: list[NetworkProblem] = []
    for section, attribute, limit in _LIMITS + _CODES:
        for index, entry in enumerate(getattr(network, section)):
            value = getattr(entry, attribute)
            if len(value) > limit:
                message = f"{attribute!r} is longer than {limit} characters"
                problems.append(NetworkProblem(f"{section}[{index}]", message))
            try:
                check_text(value)
            except TextRefused as exc:
                problems.append(NetworkProblem(f"{section}[{index}]", f"{attribute!r} {exc}"))
    return problems


async def load_stored_network(uow: UnitOfWork) -> StoredNetwork | None:
    """The stored network with its version and who imported it; None when no network was imported."""
    session = uow.session
    record = await repository.network_record(session)
    if record is None:
        return None
    network = await repository.read_network(session)
    if network is None:
        return None
    return StoredNetwork(
        version=int(record["version"]),
        imported_at=record["imported_at"],
        operator_org_id=record["operator_org_id"],
        imported_by=record["imported_by"],
        network=network,
        operator_name=record["operator_name"],
    )


async def stored_network_version(uow: UnitOfWork) -> int | None:
    """The version of the stored network (one cheap read), None when no network was imported."""
    return await repository.current_version(uow.session)


async def export_network(uow: UnitOfWork) -> Network:
    """The stored network, such that ``network_to_document(export)`` gives back what was imported.

    Raises :class:`NetworkNotLoaded` when no network was imported.
    """
    stored = await load_stored_network(uow)
    if stored is None:
        raise NetworkNotLoaded()
    return stored.network
