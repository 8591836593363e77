"""Errors of the logistics capability: the network, its owner, the delivery promise and shipments (stable codes).

ComptoirError
 ├── NotFound (404)
 │    ├── NetworkNotLoaded       network_not_loaded                  no network was imported into this installation
 │    ├── ShipmentNotFound       shipment_not_found                  no such shipment (or another operator's)
 │    └── TrackedParcelNotFound  tracked_parcel_not_found            no parcel of that id that the caller may see
 ├── InvalidInput (422)
 │    ├── NetworkInvalid         network_invalid                     a network document with problems; nothing loaded
 │    ├── NetworkOwnerInvalid    invalid_network_owner               the named owner is not a logistics operator
 │    ├── UnknownHub             unknown_hub                         a query names a hub the network does not have
 │    ├── UnknownZone            unknown_zone                        no last-mile zone of that name in the network
 │    ├── QueryInvalid           promise_query_invalid               a promise or departure query it cannot answer
 │    ├── ShipmentInvalid        shipment_invalid                    a shipment that cannot be booked as given
 │    ├── UnknownConnection      unknown_connection                  the network has no such connection
 │    └── TrackingEventsInvalid  tracking_events_invalid             malformed tracking events; none was stored
 ├── PermissionDenied (403)
 │    ├── NetworkOwned           network_owned_by_another_operator   another logistics operator owns the network
 │    ├── NetworkHandOverRefused network_owner_assigned_by_operator  only the platform hands the network over
 │    └── TrackingNotAllowed     tracking_not_allowed                only carriers and the platform send, read tracking
 └── Conflict (409)
      ├── NetworkImportConflict  network_import_conflict             two first imports at once; import again
      └── ParcelSerialsExhausted parcel_serials_exhausted            every S10 serial of the series is used
"""

from __future__ import annotations

from dataclasses import dataclass

from comptoir.kernel.errors import N_, Conflict, InvalidInput, NotFound, PermissionDenied


@dataclass(frozen=True, slots=True)
class NetworkProblem:
    """One problem found in a network document, naming the entry it is in (e.g. ``services[2] (HGH-LGG)``)."""

    entry: str
    message: str

    def __str__(self) -> str:
        return f"{self.entry}: {self.message}"


class NetworkNotLoaded(NotFound):
    """No network has been imported yet (``comptoir logistics import --network FILE`` loads one)."""

    code = "network_not_loaded"
    title = N_("No logistics network loaded")
    sentence = N_("No logistics network has been imported yet.")

    def __init__(self) -> None:
        super().__init__("no logistics network is loaded; import one with 'comptoir logistics import --network FILE'")


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


class UnknownZone(InvalidInput):
    """A promise asks for a last-mile zone that no delivery station of the network serves."""

    code = "unknown_zone"
    title = N_("Unknown delivery zone")
    sentence = N_("No delivery station of the network serves this zone.")

    def __init__(self, zone: str) -> None:
        super().__init__(f"no delivery station serves zone {zone!r}")
        self.zone = zone


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


class ShipmentNotFound(NotFound):
    """No shipment with this id or parcel id, or one the caller may not see (another operator's)."""

    code = "shipment_not_found"
    title = N_("Shipment not found")
    sentence = N_("There is no shipment with this id.")


class ShipmentInvalid(InvalidInput):
    """A shipment that cannot be booked as given: a weight of zero or beyond a parcel's, a bad field."""

    code = "shipment_invalid"
    title = N_("Invalid shipment")
    sentence = N_("This shipment cannot be booked as given; nothing was booked.")


class UnknownConnection(InvalidInput):
    """A disruption names a connection the stored network does not run (within the timetable's weeks)."""

    code = "unknown_connection"
    title = N_("Unknown connection")
    sentence = N_("The network has no connection with this id.")

    def __init__(self, connection_id: str) -> None:
        super().__init__(f"the network has no connection {connection_id!r}")
        self.connection = connection_id


class ParcelSerialsExhausted(Conflict):
    """Every serial (1 to 99,999,999) of an operator's S10 series is used: another service indicator is needed."""

    code = "parcel_serials_exhausted"
    title = N_("No parcel numbers left")
    sentence = N_("Every parcel number of this series is used.")


@dataclass(frozen=True, slots=True)
class EventProblem:
    """Why the tracking event at ``index`` (0-based, in the list or the file's lines) is malformed."""

    index: int
    message: str

    def __str__(self) -> str:
        return f"event {self.index}: {self.message}"


class TrackingEventsInvalid(InvalidInput):
    """At least one tracking event sent is malformed (docs/tracking.md); ``problems`` lists each, and no event
    of the request or file was stored."""

    code = "tracking_events_invalid"
    title = N_("Invalid tracking events")
    sentence = N_("Some tracking events are malformed; none was stored. Each problem names its event.")

    def __init__(self, problems: list[EventProblem], *, detail: str | None = None) -> None:
        first = str(problems[0]) if problems else "no details"
        super().__init__(detail or f"{len(problems)} malformed tracking event(s); first: {first}")
        self.problems = list(problems)
        self.extra = {**self.extra, "problems": [{"index": p.index, "message": p.message} for p in self.problems]}


class TrackedParcelNotFound(NotFound):
    """No parcel of that id that the caller may see: none was shipped, or it is another carrier's."""

    code = "tracked_parcel_not_found"
    title = N_("Parcel not found")
    sentence = N_("No parcel of this id is tracked for you.")

    def __init__(self, parcel: str) -> None:
        super().__init__(f"no tracked parcel {parcel!r}")
        self.parcel = parcel


class TrackingNotAllowed(PermissionDenied):
    """Only a logistics operator (a carrier, for its own parcels) or the platform operator sends or reads tracking."""

    code = "tracking_not_allowed"
    title = N_("Tracking is for carriers")
    sentence = N_("Only a logistics operator or the platform operator sends or reads parcel tracking.")
