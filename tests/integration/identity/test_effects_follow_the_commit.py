"""What identity does outside the database follows its transaction: mail leaves only once a sign-up has
committed, and a sign-in run again after a conflict counts as one attempt, while a wrong password counts
although its unit of work rolls back."""

from __future__ import annotations

from typing import Any

import pytest

from comptoir.identity import services as identity
from comptoir.identity.errors import InvalidCredentials, TooManySignInAttempts
from comptoir.identity.services import accounts
from comptoir.kernel.mail import InMemoryMailer
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.unit_of_work import UnitOfWork, transact

from .world import PASSWORD

CLIENT = "203.0.113.7"


class ChangedMeanwhile(Exception):
    """What the database says when a concurrent writer won: the whole use case runs again."""

    sqlstate = "40001"


class Abandoned(Exception):
    """Something later in the same use case fails, so nothing of it is kept."""


async def _sign_up(uow: UnitOfWork, runtime: Runtime, mailer: InMemoryMailer, email: str) -> identity.SignUpRequested:
    return await identity.sign_up(
        uow,
        kind=OrganisationKind.BRAND,
        organisation_name="Maison Neuve",
        email=email,
        password="une longue phrase de passe",
        settings=runtime.settings,
        mailer=mailer,
    )


async def test_a_sign_up_that_rolls_back_sends_nothing_and_one_that_commits_sends_its_link(runtime: Runtime) -> None:
    mailer = InMemoryMailer()

    async def signs_up_then_fails(uow: UnitOfWork) -> None:
        await _sign_up(uow, runtime, mailer, "hello@maison-neuve.test")
        raise Abandoned()

    with pytest.raises(Abandoned):
        await transact(runtime, signs_up_then_fails)
    assert mailer.sent == []

    requested = await transact(runtime, lambda uow: _sign_up(uow, runtime, mailer, "hello@maison-neuve.test"))
    requested.mail.raise_if_not_sent()
    [message] = mailer.to("hello@maison-neuve.test")
    assert "/signup/confirm?token=" in message.text


async def test_a_sign_up_run_again_after_a_conflict_sends_one_message(runtime: Runtime) -> None:
    mailer = InMemoryMailer()

    async def conflicts_once(uow: UnitOfWork) -> identity.SignUpRequested:
        requested = await _sign_up(uow, runtime, mailer, "hello@maison-neuve.test")
        if uow.attempt == 0:
            raise ChangedMeanwhile()
        return requested

    (await transact(runtime, conflicts_once)).mail.raise_if_not_sent()
    assert len(mailer.to("hello@maison-neuve.test")) == 1


async def _sign_in(runtime: Runtime, email: str, password: str) -> object:
    return await transact(
        runtime,
        lambda uow: identity.sign_in(
            uow, email=email, password=password, client=CLIENT, settings=runtime.settings, throttle=runtime.throttle
        ),
    )


async def test_a_sign_in_run_again_after_a_conflict_counts_once_and_wrong_passwords_all_count(
    runtime: Runtime, monkeypatch: pytest.MonkeyPatch
) -> None:
    await transact(
        runtime,
        lambda uow: identity.open_account(
            uow,
            kind=OrganisationKind.BRAND,
            organisation_name="Maison Delaunay",
            email="owner@delaunay.test",
            password=PASSWORD,
            settings=runtime.settings,
        ),
    )
    real_start_session = accounts.start_session
    conflicts = iter([True])

    async def start_session_meeting_a_conflict(uow: UnitOfWork, **kwargs: Any) -> Any:
        if next(conflicts, False):
            raise ChangedMeanwhile()
        return await real_start_session(uow, **kwargs)

    monkeypatch.setattr(accounts, "start_session", start_session_meeting_a_conflict)
    signed_in = await _sign_in(runtime, "owner@delaunay.test", PASSWORD)
    assert isinstance(signed_in, identity.SignedIn)

    # Neither the conflicted attempt nor the successful one is left counted against this address: it
    # still has all of its 20 attempts, each wrong password counted although its transaction rolled back.
    for n in range(20):
        with pytest.raises(InvalidCredentials):
            await _sign_in(runtime, f"someone{n}@example.test", "Winter2026!")
    with pytest.raises(TooManySignInAttempts):
        await _sign_in(runtime, "owner@delaunay.test", PASSWORD)
