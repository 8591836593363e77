"""The mail port: the file adapter every install has, and the fake that can fail like a mail server."""

from __future__ import annotations

import email
import logging
from pathlib import Path

import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.mail import FileMailer, InMemoryMailer, MailMessage, MailNotSent, send_after_commit
from comptoir.kernel.ports import Misbehaviour
from comptoir.kernel.unit_of_work import InMemoryUnitOfWork

MESSAGE = MailMessage(to="owner@delaunay.test", subject="Confirmez votre compte", text="Bonjour,\n\nhttps://x/é")


async def test_the_file_mailer_writes_one_eml_file_per_message_and_logs_its_path(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    mailer = FileMailer(tmp_path / "mail", sender="Comptoir <no-reply@comptoir.invalid>", clock=FrozenClock())
    with caplog.at_level(logging.INFO, logger="comptoir.mail"):
        await mailer.send(MESSAGE)
        await mailer.send(MESSAGE)
    files = sorted((tmp_path / "mail").glob("*.eml"))
    assert len(files) == 2
    parsed = email.message_from_bytes(files[0].read_bytes())
    assert (parsed["To"], parsed["Subject"]) == ("owner@delaunay.test", "Confirmez votre compte")
    payload = parsed.get_payload(decode=True)
    assert isinstance(payload, bytes) and payload.decode(parsed.get_content_charset() or "utf-8").startswith("Bonjour")
    assert str(files[0]) in caplog.text


async def test_the_fake_keeps_messages_and_can_refuse_them() -> None:
    mailer = InMemoryMailer()
    await mailer.send(MESSAGE)
    assert mailer.to("owner@delaunay.test") == [MESSAGE]
    mailer.fail = True
    with pytest.raises(MailNotSent):
        await mailer.send(MESSAGE)


async def test_the_fake_says_a_time_out_as_the_port_does_and_keeps_nothing() -> None:
    mailer = InMemoryMailer(misbehaviour=Misbehaviour().time_out_next())
    with pytest.raises(MailNotSent) as raised:
        await mailer.send(MESSAGE)
    assert isinstance(raised.value.__cause__, TimeoutError)
    assert mailer.sent == []


async def test_the_fake_fails_as_scripted_then_takes_the_next_message() -> None:
    mailer = InMemoryMailer(misbehaviour=Misbehaviour().fail_next(2, MailNotSent("451 try again later")))
    for _ in range(2):
        with pytest.raises(MailNotSent, match="451"):
            await mailer.send(MESSAGE)
    await mailer.send(MESSAGE)
    assert mailer.sent == [MESSAGE] and mailer.misbehaviour.calls == 3


async def test_the_fake_told_to_answer_twice_delivers_the_message_twice() -> None:
    mailer = InMemoryMailer()
    mailer.misbehaviour.answer_twice()
    await mailer.send(MESSAGE)
    assert mailer.to("owner@delaunay.test") == [MESSAGE, MESSAGE]


async def test_the_fail_flag_is_the_script_going_down_and_clearing_it_recovers() -> None:
    mailer = InMemoryMailer()
    mailer.fail = True
    assert mailer.misbehaviour.down
    mailer.fail = False
    await mailer.send(MESSAGE)
    assert mailer.sent == [MESSAGE]


async def test_a_message_sent_after_commit_leaves_once_the_unit_of_work_commits_and_never_on_a_rollback() -> None:
    mailer = InMemoryMailer()
    async with InMemoryUnitOfWork() as uow:
        kept = send_after_commit(uow, mailer, MESSAGE)
        assert mailer.sent == []  # nothing leaves while the transaction is open
        await uow.commit()
    assert mailer.sent == [MESSAGE]
    kept.raise_if_not_sent()

    async with InMemoryUnitOfWork() as uow:
        dropped = send_after_commit(uow, mailer, MESSAGE)
    assert mailer.sent == [MESSAGE]
    with pytest.raises(MailNotSent, match="did not commit"):
        dropped.raise_if_not_sent()


async def test_a_mailer_that_refuses_after_the_commit_is_reported_not_raised() -> None:
    mailer = InMemoryMailer()
    mailer.fail = True
    async with InMemoryUnitOfWork() as uow:
        refused = send_after_commit(uow, mailer, MESSAGE)
        await uow.commit()
    assert uow.commits == 1  # the change stands
    with pytest.raises(MailNotSent, match="unreachable"):
        refused.raise_if_not_sent()
