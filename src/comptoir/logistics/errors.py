"""Errors of the logistics capability.

ComptoirError
 ├── InvalidInput (422)
 │    ├── NetworkInvalid        network_invalid      a network file or document with problems; nothing loaded
 │    ├── UnknownHub            unknown_hub          a query names a hub the network does not have
 │    └── QueryInvalid          promise_query_invalid a promise or latest-departure query that cannot be answered
 │    └── NetworkOwnerInvalid   invalid_network_owner the named owner is not a logistics operator
 ├── PermissionDenied (403)
 │    ├── NetworkOwned          network_owned_by_another_operator  another logistics operator owns the network
 │    └── NetworkHandOverRefused network_owner_assigned_by_operator only the platform hands the network over
 └── Conflict (409)
      └── NetworkImportConflict network_import_conflict  two first imports at once; import again
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.errors import N_, Conflict, InvalidInput, PermissionDenied


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
    sentence = N_("The network file has problems; nothing was loaded. Each problem is listed with its entry.")

    def __init__(self, problems: list[NetworkProblem]) -> None:
        count = len(problems)
        first = str(problems[0]) if problems else "no details"
        super().__init__(f"{count} problem(s) in the network; first: {first}")
        self.problems = list(problems)


class UnknownHub(InvalidInput):
    """A query names a hub code the network does not have."""

    code = "unknown_hub"
    title = N_("Unknown hub")
    sentence = N_("The network has no hub with this code.")

    def __init__(self, code: str) -> None:
        super().__init__(f"unknown hub {code!r}")
        self.hub = code


class QueryInvalid(InvalidInput):
    """A promise or latest-departure query that cannot be answered as asked (bad time, outside the horizon)."""

    code = "promise_query_invalid"
    title = N_("Invalid promise query")
    sentence = N_("This delivery question cannot be answered as asked.")


class NetworkOwned(PermissionDenied):
    """The network belongs to another logistics operator: only it, or the platform operator, imports a new version."""

    code = "network_owned_by_another_operator"
    title = N_("The network belongs to another operator")
    sentence = N_(
        "Another logistics operator owns the network: only it, or the platform operator, imports a new version."
    )


class NetworkOwnerInvalid(InvalidInput):
    """The owner named for the network is not a logistics operator organisation."""

    code = "invalid_network_owner"
    title = N_("Invalid network owner")
    sentence = N_("The network's owner must be a logistics operator.")


class NetworkHandOverRefused(PermissionDenied):
    """Only the platform operator hands the network to another logistics operator."""

    code = "network_owner_assigned_by_operator"
    title = N_("Only the platform hands the network over")
    sentence = N_("Only the platform operator hands the network to another logistics operator.")


class NetworkImportConflict(Conflict):
    """Two first imports ran at the same time; the one refused may simply import again."""

    code = "network_import_conflict"
    title = N_("Network import conflict")
    sentence = N_("Another network import ran at the same time; import again.")
