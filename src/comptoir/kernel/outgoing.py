"""Outgoing HTTP to addresses typed by people: a port that refuses to reach into private networks.

A merchant types the URL its webhooks go to; Comptoir then POSTs to it from inside its own network.
Left unchecked, that URL is a way in (server-side request forgery): ``http://127.0.0.1:6379/`` talks
to the Redis next door, ``http://169.254.169.254/`` to the cloud's metadata service and its keys,
``http://10.0.0.12/admin`` to whatever sits on the private network. Every request to such a URL goes
through :class:`OutgoingHttp`, whose adapters refuse with :class:`OutgoingRefused` a destination that
is not a public address:

- only ``http`` and ``https``, no credentials in the URL (``user:pass@``), and no port of the Fetch
  standard's "bad ports" (25 SMTP, 22 SSH, 6665 IRC…: a POST body must not be spoken to a mail server
  as commands), nor port 0 or above 65535; every other port is allowed;
- the host is resolved (``getaddrinfo``, which reads ``2130706433``, ``0x7f000001``, ``0177.0.0.1`` and
  ``127.1`` as 127.0.0.1 — :func:`legacy_ipv4` reads them the same way without DNS), and the request is
  refused when **any** address it resolves to is not public (:func:`is_public_address`): loopback,
  private, CGNAT, link-local and the metadata services, multicast, broadcast, reserved, unspecified,
  IPv6 ULA and site-local, and the IPv4 address inside an IPv4-mapped, NAT64 or 6to4 address is
  judged in its place;
- the request then connects to the address that was checked, not to the name again (the URL is
  rewritten to the address, the name goes in ``Host:`` and, for https, in the TLS server name, which
  the certificate is verified against): a DNS answer that changes between the check and the
  connection (DNS rebinding) cannot lead inside;
- redirects: ``307`` and ``308`` are followed, at most :data:`MAX_REDIRECTS` times, the POST and its
  body kept, each new location checked like the first (a redirect to a private address is refused,
  as is one from https down to http); ``301``, ``302`` and ``303`` are the final answer, since
  following them would turn the POST into a GET without its body and report a delivery that did
  not happen. Credentials headers (``Authorization``, ``Cookie``) are dropped when a redirect leaves
  the origin.

The setting ``COMPTOIR_OUTGOING_ALLOW_PRIVATE`` (development only, refused in production) lets every
address through, so a developer can post to a receiver on their own machine; the other checks stay.

:func:`check_url` is the check without DNS, for a form or an API to refuse a URL when it is
registered; :func:`check_destination` adds the resolution. A timeout or a connection that fails
raises :class:`OutgoingUnavailable`: the caller tries again later. ``OutgoingRefused`` is final for
that URL, except ``dns_failed``, which a caller may retry a few times (the name may appear).
The port follows the kernel's convention (:mod:`comptoir.kernel.ports`).
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections import deque
from collections.abc import Awaitable, Callable, Iterable, Mapping
from dataclasses import dataclass, field
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network, ip_address
from typing import Literal, Protocol
from urllib.parse import urlsplit

import httpx

from comptoir import __version__
from comptoir.kernel.ports import Misbehaviour

IPAddress = IPv4Address | IPv6Address

# A resolver takes a host and a port and returns the addresses it stands for, as getaddrinfo does;
# it raises OSError (socket.gaierror) when the name does not resolve.
Resolver = Callable[[str, int], Awaitable[Iterable[str]]]

RefusalReason = Literal[
    "scheme_not_allowed",
    "url_malformed",
    "host_missing",
    "credentials_in_url",
    "port_not_allowed",
    "address_not_public",
    "dns_failed",
    "too_many_redirects",
]

MAX_REDIRECTS = 5
MAX_BODY_BYTES = 64 * 1024
USER_AGENT = f"Comptoir/{__version__}"

_DEFAULT_PORTS = {"http": 80, "https": 443}

# The Fetch standard's "bad ports" (https://fetch.spec.whatwg.org/#port-blocking): services that would
# take an HTTP request's lines as their own commands.
BAD_PORTS = frozenset(
    {
        *(0, 1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95),
        *(101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143, 161, 179),
        *(389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601),
        *(636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566),
        *(6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080),
    }
)

# Names that never reach a public host (RFC 6761 and 6762, ICANN's .internal, RFC 8375), refused
# before any DNS; resolution catches the others.
_PRIVATE_NAME_SUFFIXES = ("localhost", "localdomain", "local", "internal", "home.arpa")

# Not public although this Python's ``is_global`` may say so (it varies between versions).
_NOT_PUBLIC_NETWORKS: tuple[IPv4Network | IPv6Network, ...] = (
    IPv4Network("0.0.0.0/8"),  # "this network"
    IPv4Network("100.64.0.0/10"),  # carrier-grade NAT, where Alibaba Cloud's metadata service sits
    IPv4Network("192.0.0.0/24"),  # IETF protocol assignments, where Oracle Cloud's metadata service sits
    IPv4Network("192.88.99.0/24"),  # the retired 6to4 relay anycast
    IPv4Network("198.18.0.0/15"),  # benchmarking
    IPv4Network("240.0.0.0/4"),  # reserved, and the broadcast address
    IPv6Network("::/96"),  # IPv4-compatible (deprecated) and the unspecified address
    IPv6Network("64:ff9b:1::/48"),  # local-use NAT64
    IPv6Network("fc00::/7"),  # unique local addresses, where AWS's IPv6 metadata service sits
    IPv6Network("fec0::/10"),  # site-local (deprecated)
)
_NAT64 = IPv6Network("64:ff9b::/96")


class OutgoingRefused(Exception):
    """The destination is not one Comptoir posts to; ``reason`` says why, in a stable word."""

    def __init__(self, reason: RefusalReason, message: str) -> None:
        super().__init__(message)
        self.reason: RefusalReason = reason


class OutgoingUnavailable(Exception):
    """The destination did not answer in time or the connection failed: try again later."""


@dataclass(frozen=True, slots=True)
class OutgoingResponse:
    """What the destination answered: ``headers`` with lower-case names, ``body`` cut at the adapter's limit.

    ``url`` is the URL that gave this answer, after the redirects that were followed.
    """

    status: int
    headers: Mapping[str, str] = field(default_factory=dict)
    body: bytes = b""
    url: str = ""


class OutgoingHttp(Protocol):
    async def post(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> OutgoingResponse:
        """POST ``body`` to ``url``; raise :class:`OutgoingRefused` or :class:`OutgoingUnavailable`.

        ``timeout`` bounds the whole call: resolution, connection, redirects and reading the answer.
        """
        ...

    async def close(self) -> None:
        """Let go of the connections held."""
        ...


@dataclass(frozen=True, slots=True)
class Destination:
    """A URL that passed :func:`check_url`: its parts, as the HTTP client reads them."""

    url: str  # without its fragment
    scheme: str
    host: str  # lower case, IDNA-encoded, an IPv6 address without brackets
    port: int  # the default one of the scheme when the URL gives none
    target: bytes  # the path and the query, as sent
    literal: IPAddress | None  # the address when the host is one, in any form getaddrinfo reads

    @property
    def origin(self) -> tuple[str, str, int]:
        return (self.scheme, self.host, self.port)

    @property
    def host_header(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return host if self.port == _DEFAULT_PORTS[self.scheme] else f"{host}:{self.port}"


@dataclass(frozen=True, slots=True)
class CheckedDestination:
    """A destination and every address it resolved to, all of them allowed."""

    destination: Destination
    addresses: tuple[IPAddress, ...]


def is_public_address(address: IPAddress) -> bool:
    """Whether ``address`` is on the public internet: global, not multicast nor reserved.

    An IPv6 address carrying an IPv4 one (IPv4-mapped ``::ffff:a.b.c.d``, NAT64 ``64:ff9b::a.b.c.d``)
    is judged by that IPv4 address; a 6to4 one (``2002:aabb:ccdd::``) must be public on both counts,
    and every Teredo address is refused.
    """
    if isinstance(address, IPv6Address):
        embedded = address.ipv4_mapped or (IPv4Address(int(address) & 0xFFFFFFFF) if address in _NAT64 else None)
        if embedded is not None:
            return is_public_address(embedded)
        if address.teredo is not None or address.is_site_local:
            return False
        if address.sixtofour is not None and not is_public_address(address.sixtofour):
            return False
    if not address.is_global or address.is_multicast or address.is_reserved or address.is_private:
        return False
    if address.is_loopback or address.is_link_local or address.is_unspecified:
        return False
    return not any(address in network for network in _NOT_PUBLIC_NETWORKS if network.version == address.version)


_HEX = re.compile(r"0[xX][0-9a-fA-F]*")
_OCTAL = re.compile(r"0[0-7]+")
_DECIMAL = re.compile(r"0|[1-9][0-9]*")


def legacy_ipv4(host: str) -> IPv4Address | None:
    """The IPv4 address ``host`` stands for in the forms ``inet_aton`` and browsers read, or None.

    One to four parts, each decimal, octal (``0177``) or hexadecimal (``0x7f``), the last one filling
    the remaining bytes: ``2130706433``, ``0x7f000001``, ``0177.0.0.1``, ``127.1`` are all 127.0.0.1.
    A trailing dot is allowed, as browsers allow it.
    """
    parts = host.split(".")
    if len(parts) > 1 and parts[-1] == "":
        parts.pop()
    if not 1 <= len(parts) <= 4:
        return None
    numbers: list[int] = []
    for part in parts:
        if _HEX.fullmatch(part):
            numbers.append(int(part[2:] or "0", 16))
        elif _OCTAL.fullmatch(part):
            numbers.append(int(part, 8))
        elif _DECIMAL.fullmatch(part):
            numbers.append(int(part))
        else:
            return None
    *leading, last = numbers
    if any(n > 255 for n in leading) or last >= 256 ** (5 - len(numbers)):
        return None
    value = last
    for position, n in enumerate(leading):
        value += n << (8 * (3 - position))
    return IPv4Address(value)


def _literal_address(host: str) -> IPAddress | None:
    try:
        return ip_address(host)
    except ValueError:
        return legacy_ipv4(host)


def _refuse_address(host: str, address: IPAddress) -> OutgoingRefused:
    shown = f"{host} ({address})" if host != str(address) else str(address)
    return OutgoingRefused("address_not_public", f"{shown} is not a public address")


def check_url(url: str, *, allow_private: bool = False) -> Destination:
    """Check ``url`` without DNS; raise :class:`OutgoingRefused` or return its parts.

    Refuses a scheme other than http and https, a URL without a host or with credentials, a bad port,
    a host that is a non-public address in any of its forms, and names that are private by definition
    (``localhost``, ``*.local``, ``*.internal``, ``*.home.arpa``). A name is only checked further by
    :func:`check_destination`, which resolves it.
    """
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        # The client cannot send it anyway; say why when its host is an address of a private network
        # in a form the client's parser refuses (``0177.0.0.1``).
        try:
            written = urlsplit(url).hostname or ""
        except ValueError:
            written = ""
        legacy = legacy_ipv4(written)
        if legacy is not None and not allow_private and not is_public_address(legacy):
            raise _refuse_address(written, legacy) from exc
        raise OutgoingRefused("url_malformed", f"{url!r} is not a URL Comptoir can post to: {exc}") from exc
    if parsed.scheme not in _DEFAULT_PORTS:
        raise OutgoingRefused("scheme_not_allowed", f"only http and https URLs are allowed, not {parsed.scheme!r}")
    if not parsed.host:
        raise OutgoingRefused("host_missing", f"{url!r} names no host")
    if parsed.userinfo:
        raise OutgoingRefused("credentials_in_url", "the URL must not carry a user name or password")
    port = parsed.port if parsed.port is not None else _DEFAULT_PORTS[parsed.scheme]
    if port in BAD_PORTS or not 0 < port < 65536:
        raise OutgoingRefused("port_not_allowed", f"port {port} is not allowed")
    host = parsed.host
    literal = _literal_address(host)
    if not allow_private:
        if literal is not None and not is_public_address(literal):
            raise _refuse_address(host, literal)
        name = host.rstrip(".")
        if literal is None and any(name == s or name.endswith(f".{s}") for s in _PRIVATE_NAME_SUFFIXES):
            raise OutgoingRefused("address_not_public", f"{host} names a private network")
    return Destination(
        url=str(parsed.copy_with(fragment=None)),
        scheme=parsed.scheme,
        host=host,
        port=port,
        target=parsed.raw_path,
        literal=literal,
    )


async def system_resolver(host: str, port: int) -> list[str]:
    """The addresses ``host`` resolves to, through the system's ``getaddrinfo``."""
    loop = asyncio.get_running_loop()
    infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return [str(info[4][0]) for info in infos]


async def check_destination(
    url: str, *, allow_private: bool = False, resolver: Resolver = system_resolver
) -> CheckedDestination:
    """:func:`check_url`, then resolve the host and refuse it when any of its addresses is not public."""
    destination = check_url(url, allow_private=allow_private)
    if destination.literal is not None:
        return CheckedDestination(destination, (destination.literal,))
    try:
        answers = list(await resolver(destination.host, destination.port))
    except TimeoutError as exc:
        raise OutgoingUnavailable(f"resolving {destination.host} timed out") from exc
    except socket.gaierror as exc:
        if exc.errno == socket.EAI_AGAIN:
            raise OutgoingUnavailable(f"resolving {destination.host} failed for now: {exc}") from exc
        raise OutgoingRefused("dns_failed", f"{destination.host} does not resolve: {exc}") from exc
    except OSError as exc:
        raise OutgoingRefused("dns_failed", f"{destination.host} does not resolve: {exc}") from exc
    addresses: list[IPAddress] = []
    for answer in answers:
        try:
            address = ip_address(answer)
        except ValueError as exc:
            raise OutgoingRefused("dns_failed", f"{destination.host} resolved to {answer!r}, not an address") from exc
        if not allow_private and not is_public_address(address):
            raise _refuse_address(destination.host, address)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise OutgoingRefused("dns_failed", f"{destination.host} resolves to no address")
    return CheckedDestination(destination, tuple(addresses))


_REDIRECTS_FOLLOWED = frozenset({307, 308})
_CREDENTIAL_HEADERS = frozenset({"authorization", "cookie", "proxy-authorization"})


class GuardedHttp:
    """The real adapter, on httpx: checks every destination, connects to the checked address.

    ``resolver`` and ``transport`` are for tests: a resolver that makes ``evil.example`` resolve to
    127.0.0.1, an ``httpx.MockTransport`` standing for the network (it sees the pinned address in the
    URL and the name in ``Host:``). Environment proxies are ignored (a proxy would connect to the
    name itself), and connections are not kept alive, so that one opened with a name's TLS identity
    never carries a request for another name on the same address.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolver: Resolver = system_resolver,
        transport: httpx.AsyncBaseTransport | None = None,
        max_redirects: int = MAX_REDIRECTS,
        max_body_bytes: int = MAX_BODY_BYTES,
    ) -> None:
        self.allow_private = allow_private
        self.resolver = resolver
        self.max_redirects = max_redirects
        self.max_body_bytes = max_body_bytes
        self._transport = transport
        self._client: httpx.AsyncClient | None = None

    def _http(self) -> httpx.AsyncClient:
        # Built on first use: a runtime that never posts never loads the certificate store.
        if self._client is None:
            self._client = httpx.AsyncClient(
                transport=self._transport,
                follow_redirects=False,
                trust_env=False,
                limits=httpx.Limits(max_keepalive_connections=0),
            )
        return self._client

    async def close(self) -> None:
        if self._client is not None:
            client, self._client = self._client, None
            await client.aclose()

    async def post(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> OutgoingResponse:
        try:
            async with asyncio.timeout(timeout):
                return await self._post(url, body=body, headers=headers, timeout=timeout)
        except TimeoutError as exc:
            raise OutgoingUnavailable(f"{url} did not answer within {timeout} s") from exc

    async def _post(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> OutgoingResponse:
        sent = {k.lower(): v for k, v in headers.items() if k.lower() not in {"host", "content-length"}}
        sent.setdefault("user-agent", USER_AGENT)
        sent["accept-encoding"] = "identity"  # the body is read as it comes, never inflated
        checked = await check_destination(url, allow_private=self.allow_private, resolver=self.resolver)
        redirects = 0
        while True:
            status, answer_headers, answer_body = await self._send(checked, body=body, headers=sent, timeout=timeout)
            location = answer_headers.get("location")
            if status not in _REDIRECTS_FOLLOWED or not location:
                return OutgoingResponse(status, answer_headers, answer_body, checked.destination.url)
            if redirects == self.max_redirects:
                raise OutgoingRefused("too_many_redirects", f"more than {self.max_redirects} redirects from {url}")
            redirects += 1
            here = checked.destination
            try:
                there = str(httpx.URL(here.url).join(location))
            except httpx.InvalidURL as exc:
                raise OutgoingRefused("url_malformed", f"{here.url} redirects to {location!r}: {exc}") from exc
            checked = await check_destination(there, allow_private=self.allow_private, resolver=self.resolver)
            if here.scheme == "https" and checked.destination.scheme == "http":
                raise OutgoingRefused("scheme_not_allowed", f"{here.url} redirects from https down to http")
            if checked.destination.origin != here.origin:
                sent = {k: v for k, v in sent.items() if k not in _CREDENTIAL_HEADERS}

    async def _send(
        self, checked: CheckedDestination, *, body: bytes, headers: dict[str, str], timeout: float
    ) -> tuple[int, dict[str, str], bytes]:
        """POST to the first of the checked addresses that takes the connection."""
        destination = checked.destination
        extensions: dict[str, str] = {} if destination.literal is not None else {"sni_hostname": destination.host}
        failure: Exception | None = None
        for address in checked.addresses:
            request = self._http().build_request(
                "POST",
                httpx.URL(
                    scheme=destination.scheme, host=str(address), port=destination.port, raw_path=destination.target
                ),
                content=body,
                headers={**headers, "host": destination.host_header},
                extensions=extensions,
                timeout=timeout,
            )
            try:
                response = await self._http().send(request, stream=True)
            except (httpx.ConnectError, httpx.ConnectTimeout) as exc:
                failure = exc  # nothing was sent: the next address may take it
                continue
            except httpx.HTTPError as exc:
                raise OutgoingUnavailable(f"{destination.url}: {exc or type(exc).__name__}") from exc
            redirect = response.status_code in _REDIRECTS_FOLLOWED and "location" in response.headers
            try:
                answer = b"" if redirect else await self._read(response)
            except httpx.HTTPError as exc:
                raise OutgoingUnavailable(f"{destination.url}: {exc or type(exc).__name__}") from exc
            finally:
                await response.aclose()
            return response.status_code, {k.lower(): v for k, v in response.headers.items()}, answer
        raise OutgoingUnavailable(f"{destination.url}: cannot connect: {failure or 'no address'}") from failure

    async def _read(self, response: httpx.Response) -> bytes:
        if response.is_stream_consumed:  # already in memory (a mock transport)
            return response.content[: self.max_body_bytes]
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_raw():
            chunks.append(chunk[: self.max_body_bytes - size])
            size += len(chunks[-1])
            if size >= self.max_body_bytes:
                break
        return b"".join(chunks)


@dataclass(frozen=True, slots=True)
class OutgoingRequest:
    """One request the fake took: where, what, with which headers (names as given)."""

    url: str
    body: bytes
    headers: Mapping[str, str]


_PUBLIC_TEST_ADDRESS = "93.184.216.34"


class InMemoryHttp:
    """The fake: checks each destination like :class:`GuardedHttp`, keeps what it took, answers as scripted.

    Names resolve through ``resolves`` (``fake.resolves["evil.example"] = ["127.0.0.1"]``); any other
    name resolves to a public address, so a test posts to ``https://shop.example/hook`` without DNS.
    :meth:`answer` scripts the responses of a URL (200 with an empty body when none is). A refused
    request, a failure and a time-out take nothing; an answer given twice takes the request twice, as
    a receiver that got a retried request does. Redirects are not simulated: a scripted 307 is the answer.
    A time-out reaches the caller as :class:`OutgoingUnavailable`, as the port promises.
    """

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        misbehaviour: Misbehaviour | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolves: dict[str, list[str]] = {}
        self.resolver: Resolver = resolver or self._resolve
        self.misbehaviour = misbehaviour or Misbehaviour()
        self.requests: list[OutgoingRequest] = []
        self._scripts: dict[str, deque[OutgoingResponse]] = {}
        self.closed = False

    async def _resolve(self, host: str, port: int) -> list[str]:
        return self.resolves.get(host, [_PUBLIC_TEST_ADDRESS])

    def answer(
        self, url: str, status: int = 200, *, body: bytes = b"", headers: Mapping[str, str] | None = None
    ) -> None:
        """Queue one answer for ``url``; the last one queued keeps answering once the others are used up."""
        response = OutgoingResponse(status, {k.lower(): v for k, v in (headers or {}).items()}, body, url)
        self._scripts.setdefault(check_url(url, allow_private=True).url, deque()).append(response)

    @property
    def fail(self) -> bool:
        """Set, every request fails like one to a receiver that is down; cleared, they work again."""
        return self.misbehaviour.down

    @fail.setter
    def fail(self, value: bool) -> None:
        if value:
            self.misbehaviour.go_down(OutgoingUnavailable("the receiver is unreachable"))
        else:
            self.misbehaviour.behave()

    def to(self, url: str) -> list[OutgoingRequest]:
        """The requests taken for ``url``, oldest first."""
        return [r for r in self.requests if r.url == url]

    async def post(self, url: str, *, body: bytes, headers: Mapping[str, str], timeout: float) -> OutgoingResponse:
        checked = await check_destination(url, allow_private=self.allow_private, resolver=self.resolver)
        try:
            times = await self.misbehaviour.answer()
        except TimeoutError as exc:
            raise OutgoingUnavailable(f"{url} did not answer within {timeout} s") from exc
        self.requests.extend([OutgoingRequest(url, body, dict(headers))] * times)
        script = self._scripts.get(checked.destination.url)
        if not script:
            return OutgoingResponse(200, {}, b"", checked.destination.url)
        return script.popleft() if len(script) > 1 else script[0]

    async def close(self) -> None:
        self.closed = True
