"""What a running process holds: settings, database, clock, message bus, rate limiter, mailer, outgoing HTTP.

Built once by an entry point (``comptoir serve``, a CLI command, a test) and
passed down; nothing is created at import time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Request

from comptoir.kernel.clock import Clock, SystemClock
from comptoir.kernel.database import Database
from comptoir.kernel.mail import FileMailer, Mailer
from comptoir.kernel.outbox import MessageBus
from comptoir.kernel.outgoing import GuardedHttp, OutgoingHttp
from comptoir.kernel.settings import Settings
from comptoir.kernel.throttle import RateLimiter, open_rate_limiter
from comptoir.kernel.unit_of_work import UnitOfWork


@dataclass
class Runtime:
    settings: Settings
    database: Database
    clock: Clock = field(default_factory=SystemClock)
    bus: MessageBus = field(default_factory=MessageBus)
    # The ports to the outside world (see comptoir.kernel.ports); from_settings picks their adapters.
    throttle: RateLimiter = field(kw_only=True)
    mailer: Mailer = field(kw_only=True)
    http: OutgoingHttp = field(kw_only=True)  # to addresses people type in: refuses private networks

    def uow(self) -> UnitOfWork:
        """A fresh unit of work; use it as ``async with runtime.uow() as uow``."""
        return UnitOfWork(self.database, clock=self.clock)

    @classmethod
    def from_settings(cls, settings: Settings, *, clock: Clock | None = None) -> Runtime:
        """The one place that wires each port to its adapter, from the settings.

        The adapters read the runtime's clock, so a test that moves the clock moves the locks too;
        a test may then swap a port for its fake (``runtime.mailer = InMemoryMailer()``).
        """
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        clock = clock or SystemClock()
        return cls(
            settings=settings,
            database=Database(settings.resolved_database_url),
            clock=clock,
            throttle=open_rate_limiter(settings.rate_limit_url, clock=clock),
            mailer=FileMailer(settings.data_dir / "mail", sender=settings.mail_from, clock=clock),
            http=GuardedHttp(allow_private=settings.outgoing_allow_private),
        )


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]
