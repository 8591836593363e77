"""Errors of the logistics capability.

ComptoirError
 ├── InvalidInput (422)
 │    ├── NetworkInvalid        network_invalid      a network file or document with problems; nothing loaded
 │    ├── UnknownHub            unknown_hub          a query names a hub the network does not have
 │    └── QueryInvalid          promise_query_invalid a promise or latest-departure query that cannot be answered
 └── PermissionDenied (403)
      └── NetworkOwned          network_owned_by_another_operator  another logistics operator owns the network
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.errors import N_, InvalidInput, PermissionDenied


@dataclass(frozen=True, slots=True)
class NetworkProblem:
    """One problem found in a network document, naming the entry it is in (e.g. ``services[2] (HGH-LGG)``)."""

    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.entry}: {self.message}"


class NetworkInvalid(InvalidInput):
    """The network document has at least one problem; ``problems`` lists every one of them."""

    code = "network_invalid"
    title = N_("Invalid logistics network")

    def __init__(self, problems: list[NetworkProblem]) -> None:
        count = len(problems)
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{count} problem(s) in the network; first: {first}")
        self.problems = list(problems)


class UnknownHub(InvalidInput):
    """A query names a hub code the network does not have."""

    code = "unknown_hub"
    title = N_("Unknown hub")

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown hub {code!r}")
        self.hub = code


class QueryInvalid(InvalidInput):
    """A promise or latest-departure query that cannot be answered as asked (bad time, outside the horizon)."""

    code = "promise_query_invalid"
    title = N_("Invalid promise query")


class NetworkOwned(PermissionDenied):
    """The network belongs to another logistics operator: only it, or the platform operator, imports a new version."""

    code = "network_owned_by_another_operator"
    title = N_("The network belongs to another operator")
