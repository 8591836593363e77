"""Signing up without telling anyone whether an address already has an account.

:func:`sign_up` answers the same for any address: it sends a message there and says so. For a
new address the message holds a confirmation link; the request waits, with its password hash,
until the link is followed, and only then are the organisation and its owner created
(:func:`confirm_sign_up`, which also signs the owner in). For an address that has an account
the message says someone tried to sign up with it and points to the sign-in page. So only
whoever reads the mailbox learns anything, and an address cannot be squatted by an account
its owner never confirmed: nothing is opened before the link is followed.

The message leaves only once the request is committed (a sign-up that rolls back sends nothing);
the entry point learns whether it left from :attr:`SignUpRequested.mail`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import quote

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner, URLSafeTimedSerializer
from sqlalchemy import delete, select
from sqlalchemy.engine import RowMapping

from comptoir.identity import repository as repo
from comptoir.identity.domain import Organisation, User, check_name, check_password, normalise_email
from comptoir.identity.errors import EmailTaken, SignUpLinkInvalid
from comptoir.identity.services.accounts import SignedIn, hash_password, insert_owner, sign_up_kind, start_session
from comptoir.kernel.clock import Clock
from comptoir.kernel.i18n import gettext as _
from comptoir.kernel.ids import new_id
from comptoir.kernel.mail import Mailer, MailMessage, OutgoingMail, send_after_commit
from comptoir.kernel.principal import OrganisationKind
from comptoir.kernel.settings import Settings
from comptoir.kernel.unit_of_work import UnitOfWork

#: How long a confirmation link works; a request older than that is forgotten.
SIGN_UP_LINK_MAX_AGE = timedelta(hours=24)
CONFIRM_PATH = "/signup/confirm"


@dataclass(frozen=True, slots=True)
class SignUpRequested:
    """What a sign-up answers, whether or not the address had an account: where the message went.

    ``mail`` leaves once the sign-up has committed; ask it whether it did
    (:meth:`~comptoir.kernel.mail.OutgoingMail.raise_if_not_sent`) before telling anyone to read it.
    """

    email: str
    mail: OutgoingMail


class _ClockSigner(TimestampSigner):
    """Dates links with the runtime's clock, so expiry follows the clock a test moves."""

    def __init__(self, *args: object, clock: Clock, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.clock = clock

    def get_timestamp(self) -> int:
        return int(self.clock.now().timestamp())


def _links(settings: Settings, clock: Clock) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        settings.secret_key, salt="comptoir.sign-up", signer=_ClockSigner, signer_kwargs={"clock": clock}
    )


async def sign_up(
    uow: UnitOfWork,
    *,
    kind: OrganisationKind | str,
    organisation_name: str,
    email: str,
    password: str,
    settings: Settings,
    mailer: Mailer,
) -> SignUpRequested:
    """Ask to open an account for a new organisation (a brand, a partner...) and its owner.

    The kind, name, address and password are checked first (a refusal says what to fix and
    nothing about other accounts). Then a message goes to the address: a confirmation link
    valid for :data:`SIGN_UP_LINK_MAX_AGE` for a new address, a notice with the sign-in page
    for one that has an account. The answer is the same in both cases.
    """
    chosen = sign_up_kind(kind)
    clean, address = check_name(organisation_name, field="organisation_name"), normalise_email(email)
    # Hashed in both cases, so the time taken does not tell them apart either.
    password_hash = hash_password(settings, check_password(password, context=[address, clean]))
    taken = await repo.user_row_by_email(uow.session, address) is not None
    request_id = new_id("sgn")
    now = uow.clock.now()
    if not taken:
        await uow.execute(
            repo.sign_up_requests.insert().values(
                id=request_id,
                email=address,
                kind=chosen.value,
                organisation_name=clean,
                password_hash=password_hash,
                created_at=now,
            )
        )
    # Requests nobody confirmed in time are forgotten, so the table stays small.
    await uow.execute(
        delete(repo.sign_up_requests).where(repo.sign_up_requests.c.created_at < now - SIGN_UP_LINK_MAX_AGE)
    )
    if taken:
        message = _address_has_an_account(address, sign_in=f"{settings.site_url}/login")
    else:
        token = _links(settings, uow.clock).dumps(request_id)
        link = f"{settings.site_url}{CONFIRM_PATH}?token={quote(token)}"
        message = _confirmation(address, organisation=clean, link=link)
    return SignUpRequested(email=address, mail=send_after_commit(uow, mailer, message))


async def confirm_sign_up(uow: UnitOfWork, *, token: str, settings: Settings) -> SignedIn:
    """Open the account a confirmation link stands for, and sign its owner in.

    Refused with :class:`SignUpLinkInvalid`: ``sign_up_link_invalid`` for a link that is not
    ours or has expired, ``sign_up_link_used`` for one already followed (or whose address got an
    account meanwhile). Other requests for the same address stop working once one is confirmed.
    """
    try:
        request_id = _links(settings, uow.clock).loads(token, max_age=int(SIGN_UP_LINK_MAX_AGE.total_seconds()))
    except SignatureExpired as exc:
        raise SignUpLinkInvalid("this link has expired; sign up again") from exc
    except BadSignature as exc:
        raise SignUpLinkInvalid("this is not a link Comptoir sent") from exc
    if not isinstance(request_id, str):
        raise SignUpLinkInvalid("this is not a link Comptoir sent")
    query = select(repo.sign_up_requests).where(repo.sign_up_requests.c.id == request_id)
    row = (await uow.session.execute(query)).mappings().first()
    if row is None:
        raise SignUpLinkInvalid("this link was already used; sign in", code="sign_up_link_used")
    try:
        org, user = await _open(uow, row)
    except EmailTaken as exc:  # the address got an account since the link was sent
        raise SignUpLinkInvalid("this address already has an account; sign in", code="sign_up_link_used") from exc
    await uow.execute(delete(repo.sign_up_requests).where(repo.sign_up_requests.c.email == row["email"]))
    return await start_session(uow, settings=settings, user=user, organisation=org)


async def _open(uow: UnitOfWork, row: RowMapping) -> tuple[Organisation, User]:
    return await insert_owner(
        uow,
        kind=OrganisationKind(row["kind"]),
        name=row["organisation_name"],
        address=row["email"],
        password_hash=row["password_hash"],
    )


def _confirmation(address: str, *, organisation: str, link: str) -> MailMessage:
    hours = int(SIGN_UP_LINK_MAX_AGE.total_seconds() // 3600)
    text = _(
        "Hello,\n\n"
        "Someone, probably you, asked to open a Comptoir account for %(organisation)s with this address. "
        "To confirm it and sign in, follow this link within %(hours)s hours:\n\n"
        "%(link)s\n\n"
        "If it was not you, ignore this message: no account is opened without this link."
    ) % {"organisation": organisation, "hours": hours, "link": link}
    return MailMessage(to=address, subject=_("Confirm your Comptoir account"), text=text)


def _address_has_an_account(address: str, *, sign_in: str) -> MailMessage:
    text = _(
        "Hello,\n\n"
        "Someone, probably you, tried to open a new Comptoir account with this address, which already has one. "
        "No new account was opened. To sign in to your account, go to:\n\n"
        "%(link)s\n\n"
        "If it was not you, you can ignore this message; your account has not changed."
    ) % {"link": sign_in}
    return MailMessage(to=address, subject=_("Someone tried to open a Comptoir account with your address"), text=text)
