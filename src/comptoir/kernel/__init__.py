"""The shared kernel: what every capability stands on.

Settings, database and unit of work, outbox and message bus, clock, ids, money,
authentication principal, i18n and HTTP problems.
"""
