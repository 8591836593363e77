"""The web entry point: assembles every capability's API and pages into one app."""

from __future__ import annotations

from comptoir.web.app import create_app
from comptoir.web.subscriptions import frequent_chores, subscribe_all, worker_chores

__all__ = ["create_app", "frequent_chores", "subscribe_all", "worker_chores"]
