"""Sending email: a small port, the adapter every install has, and a fake for tests.

A capability composes a :class:`MailMessage` and hands it to the mailer (``runtime.mailer``), from a
use case with :func:`send_after_commit`, so that a message leaves only once the change it tells of
has committed: a use case that rolls back, or runs again after a conflict, sends nothing twice and
nothing for what was not kept. The default
adapter, :class:`FileMailer`, writes each message as an ``.eml`` file under the data directory
and logs where: an install without an outgoing mail server still works, and an operator can
open or forward the file. An SMTP adapter would implement the same :class:`Mailer` protocol.
The port follows the kernel's convention (:mod:`comptoir.kernel.ports`).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.ids import new_id
from comptoir.kernel.ports import Misbehaviour

if TYPE_CHECKING:
    from comptoir.kernel.unit_of_work import UnitOfWork

log = logging.getLogger("comptoir.mail")


@dataclass(frozen=True, slots=True)
class MailMessage:
    """One plain-text message to one address."""

    to: str
    subject: str
    text: str


class MailNotSent(Exception):
    """The mailer could not take the message: refused, unreachable or too slow."""


class Mailer(Protocol):
    async def send(self, message: MailMessage) -> None:
        """Take ``message`` for delivery, or raise :class:`MailNotSent`."""
        ...


class OutgoingMail:
    """A message waiting for its unit of work to commit; once it has, whether it could leave."""

    def __init__(self, message: MailMessage) -> None:
        self.message = message
        self.sent = False
        self.failure: MailNotSent | None = None

    def raise_if_not_sent(self) -> None:
        """Raise :class:`MailNotSent` unless the message left (its transaction committed, the mailer took it)."""
        if self.failure is not None:
            raise self.failure
        if not self.sent:
            raise MailNotSent("the message was not sent: its transaction did not commit")


def send_after_commit(uow: UnitOfWork, mailer: Mailer, message: MailMessage) -> OutgoingMail:
    """Send ``message`` once ``uow`` has committed, never if it rolls back.

    The commit stands whatever the mailer does; the answer tells the entry point whether the message
    left (:meth:`OutgoingMail.raise_if_not_sent`), so that it can say so to the person waiting for it.
    """
    outgoing = OutgoingMail(message)

    async def send() -> None:
        try:
            await mailer.send(message)
        except MailNotSent as exc:
            log.warning("mail to %s (%s) not sent: %s", message.to, message.subject, exc)
            outgoing.failure = exc
            return
        outgoing.sent = True

    uow.after_commit(f"mail:{new_id('msg')}", send)
    return outgoing


class FileMailer:
    """Writes each message as ``<directory>/<time-ordered id>.eml`` and logs its path."""

    def __init__(self, directory: Path, *, sender: str, clock: Clock | None = None) -> None:
        self.directory = directory
        self.sender = sender
        self.clock = clock or SystemClock()

    async def send(self, message: MailMessage) -> None:
        email = EmailMessage()
        email["From"] = self.sender
        email["To"] = message.to
        email["Subject"] = message.subject
        email["Date"] = format_datetime(self.clock.now())
        email.set_content(message.text)
        path = self.directory / f"{new_id('msg')}.eml"
        try:
            await asyncio.to_thread(self._write, path, email.as_bytes())
        except OSError as exc:
            raise MailNotSent(f"cannot write {path}: {exc}") from exc
        log.info("mail to %s (%s) written to %s", message.to, message.subject, path)

    def _write(self, path: Path, data: bytes) -> None:
        self.directory.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


class InMemoryMailer:
    """Keeps what was sent in ``sent``, and misbehaves as its :class:`Misbehaviour` script says.

    A failure or a time-out reaches the caller as :class:`MailNotSent`, as the port promises (a
    time-out keeps its :class:`TimeoutError` as the cause); an answer given twice keeps the message
    twice, as a mail server that received a retried message delivers it twice.
    """

    def __init__(self, *, misbehaviour: Misbehaviour | None = None) -> None:
        self.sent: list[MailMessage] = []
        self.misbehaviour = misbehaviour or Misbehaviour()

    @property
    def fail(self) -> bool:
        """Set, every message is refused like by a mail server that is down; cleared, it works again."""
        return self.misbehaviour.down

    @fail.setter
    def fail(self, value: bool) -> None:
        if value:
            self.misbehaviour.go_down(MailNotSent("the mail server is unreachable"))
        else:
            self.misbehaviour.behave()

    async def send(self, message: MailMessage) -> None:
        try:
            times = await self.misbehaviour.answer()
        except TimeoutError as exc:
            raise MailNotSent("the mail server did not answer in time") from exc
        self.sent.extend([message] * times)

    def to(self, address: str) -> list[MailMessage]:
        """The messages sent to ``address``, oldest first."""
        return [m for m in self.sent if m.to == address]
