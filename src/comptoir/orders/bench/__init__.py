"""``comptoir bench checkout``: paid cross-border checkouts per second over HTTP, against pgbench on the same server.

Everything runs on scratch storage made for the run and dropped after it, whatever happens (Ctrl-C too): a
database ``comptoir_checkbench_<pid>`` (and ``comptoir_checkpgbench_<pid>`` for pgbench) on the server of
``--database-url``. pgbench's TPC-B-like run comes first, at each concurrency, before anything else loads
the server. The world is then built through the services, as the tests build theirs: the platform
operator, a brand and its accredited partner running the brand's store with published products under
several HS codes (perfume with its net content, a silk scarf, wine, a face cream) and stock that never runs
out, FX rates around today, the customs rules, a logistics network from Paris CDG to Shanghai so that every
quote carries a promised date, and one buyer per checkout: a topped-up CNY wallet, a real name with a valid
resident ID number of their own (each person has their own yearly CBEC allowance) and a Shanghai address.

Then ``comptoir serve`` runs as two web processes (``--no-worker``) and one ``comptoir worker``, on the
scratch database. Every buyer signs in once, before the clock starts (the store API's sign-in throttle
counts per phone number, so it never refuses one). At each concurrency C, C simulated buyers at a time,
alternately on the two web processes, each over keep-alive HTTP, make one visit each: open a cart, put a
line, ask for the quote, check out with ``{"pay": true}`` and an ``Idempotency-Key``. A checkout counts when
it answers 201 with every order paid; anything else is an error, counted by step, status and code, and makes
the command fail once the figures are printed. Before the first run, each web process serves two visits
that are not timed (its first requests load what it keeps: the network's timetable, the templates).

SQL statements and commits per checkout are counted in this process on one checkout of each product (each
after a first one of the same product), as the statement-count test does: they depend on the code, not the
machine. At the end the outbox is given time to drain, the paid orders in the database are counted
against the checkouts answered, and the ledger's chain is sealed and verified (``ledger_clean``).
"""

from comptoir.orders.bench.command import bench_command

__all__ = ["bench_command"]
