"""The outgoing-HTTP port refuses destinations inside private networks: after DNS, and on every redirect."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from ipaddress import IPv4Address, ip_address
from pathlib import Path

import httpx
import pytest

from comptoir.kernel.outgoing import (
    MAX_BODY_BYTES,
    GuardedHttp,
    InMemoryHttp,
    OutgoingRefused,
    OutgoingResponse,
    OutgoingUnavailable,
    check_destination,
    check_url,
    is_public_address,
    legacy_ipv4,
)
from comptoir.kernel.ports import Misbehaviour
from comptoir.kernel.runtime import Runtime
from comptoir.kernel.settings import Settings

PUBLIC = "93.184.216.34"

# What the test's DNS answers; a name missing from it does not resolve.
NAMES: dict[str, list[str]] = {
    "shop.example": [PUBLIC],
    "dual.example": [PUBLIC, "2606:4700::1111", "2002:808:808::", "64:ff9b::808:808", "::ffff:8.8.8.8"],
    "evil.example": ["127.0.0.1"],
    "half.example": [PUBLIC, "10.0.0.5"],
    "metadata.example": ["169.254.169.254"],
    "mapped.example": ["::ffff:192.168.0.1"],
    "ula.example": ["fd12:3456::1"],
    "cgnat.example": ["100.64.12.1"],
    "nat64.example": ["64:ff9b::a9fe:a9fe"],
}


class Dns:
    """A resolver over :data:`NAMES` that counts the questions it is asked."""

    def __init__(self, names: dict[str, list[str]] | None = None) -> None:
        self.names = NAMES if names is None else names
        self.asked: list[str] = []

    async def __call__(self, host: str, port: int) -> Iterable[str]:
        self.asked.append(host)
        if host not in self.names:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return self.names[host]


REFUSED = [
    # Loopback in every form getaddrinfo and browsers read.
    ("http://127.0.0.1/", "127.0.0.1"),
    ("http://2130706433/", "127.0.0.1"),
    ("http://0x7f000001/", "127.0.0.1"),
    ("http://0177.0.0.1/", "127.0.0.1"),
    ("http://017700000001/", "127.0.0.1"),
    ("http://127.1/", "127.0.0.1"),
    ("http://0x7f.1/", "127.0.0.1"),
    ("http://127.0.0.1.:8080/", "127.0.0.1"),
    ("http://[::1]/", "::1"),
    ("http://[::ffff:127.0.0.1]/", "::ffff:7f00:1"),
    ("http://[::ffff:7f00:1]/", "::ffff:7f00:1"),
    ("http://[::127.0.0.1]/", "::7f00:1"),
    ("http://[64:ff9b::7f00:1]/", "64:ff9b::7f00:1"),
    ("http://[2002:7f00:0001::]/", "2002:7f00:1::"),
    # Unspecified, "this network".
    ("http://0.0.0.0/", "0.0.0.0"),
    ("http://0/", "0.0.0.0"),
    ("http://[::]/", "::"),
    # Private, shared and benchmarking ranges.
    ("http://10.0.0.1/", "10.0.0.1"),
    ("http://172.16.0.1/", "172.16.0.1"),
    ("http://172.31.255.255/", "172.31.255.255"),
    ("http://192.168.1.1/", "192.168.1.1"),
    ("http://100.64.0.1/", "100.64.0.1"),
    ("http://198.18.0.1/", "198.18.0.1"),
    ("http://[fd00::1]/", "fd00::1"),
    ("http://[fec0::1]/", "fec0::1"),
    # Link-local and the cloud metadata services.
    ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
    ("http://[fe80::1]/", "fe80::1"),
    ("http://[fd00:ec2::254]/", "fd00:ec2::254"),
    ("http://100.100.100.200/", "100.100.100.200"),
    ("http://192.0.0.192/", "192.0.0.192"),
    ("http://[2002:a9fe:a9fe::]/", "2002:a9fe:a9fe::"),
    # Multicast, broadcast, reserved, Teredo.
    ("http://224.0.0.1/", "224.0.0.1"),
    ("http://[ff02::1]/", "ff02::1"),
    ("http://255.255.255.255/", "255.255.255.255"),
    ("http://240.0.0.1/", "240.0.0.1"),
    ("http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/", "2001:0:4136:e378:8000:63bf:3fff:fdd2"),
    # Names that are private by definition, refused before any DNS.
    ("http://localhost:8000/", "localhost"),
    ("http://LOCALHOST./", "localhost"),
    ("http://api.localhost/", "api.localhost"),
    ("http://metadata.google.internal/computeMetadata/v1/", "metadata.google.internal"),
    ("http://printer.local/", "printer.local"),
    ("http://router.home.arpa/", "router.home.arpa"),
]

RESOLVED_INSIDE = [
    ("http://evil.example/hook", "127.0.0.1"),
    ("https://half.example/hook", "10.0.0.5"),  # one private answer among public ones is enough
    ("http://metadata.example/latest/meta-data/", "169.254.169.254"),
    ("http://mapped.example/", "::ffff:c0a8:1"),
    ("https://ula.example/", "fd12:3456::1"),
    ("http://cgnat.example/", "100.64.12.1"),
    ("http://nat64.example/", "64:ff9b::a9fe:a9fe"),
]

OTHER_REFUSALS = [
    ("ftp://shop.example/", "scheme_not_allowed"),
    ("file:///etc/passwd", "scheme_not_allowed"),
    ("gopher://shop.example:70/", "scheme_not_allowed"),
    ("javascript:alert(1)", "scheme_not_allowed"),
    ("//shop.example/hook", "scheme_not_allowed"),
    ("http:///hook", "host_missing"),
    ("http://user:secret@shop.example/", "credentials_in_url"),
    ("https://token@shop.example/", "credentials_in_url"),
    ("http://shop.example:25/", "port_not_allowed"),
    ("https://shop.example:22/", "port_not_allowed"),
    ("http://shop.example:0/", "port_not_allowed"),
    ("http://shop.example:65536/", "port_not_allowed"),
    ("http://[::1/", "url_malformed"),
    ("http://nowhere.example/", "dns_failed"),
    ("http://%31%32%37.0.0.1/", "dns_failed"),
]


@pytest.mark.parametrize(("url", "shown"), REFUSED)
def test_a_private_address_or_name_is_refused_without_dns(url: str, shown: str) -> None:
    with pytest.raises(OutgoingRefused) as refused:
        check_url(url)
    assert refused.value.reason == "address_not_public"
    assert shown in str(refused.value)


@pytest.mark.parametrize(("url", "shown"), REFUSED + RESOLVED_INSIDE)
async def test_a_destination_that_is_or_resolves_to_a_private_address_is_refused(url: str, shown: str) -> None:
    with pytest.raises(OutgoingRefused) as refused:
        await check_destination(url, resolver=Dns())
    assert refused.value.reason == "address_not_public"
    assert shown in str(refused.value)


@pytest.mark.parametrize(("url", "reason"), OTHER_REFUSALS)
async def test_other_destinations_are_refused_with_a_stable_reason(url: str, reason: str) -> None:
    with pytest.raises(OutgoingRefused) as refused:
        await check_destination(url, resolver=Dns())
    assert refused.value.reason == reason


def test_a_name_passes_the_check_without_dns_since_only_resolution_tells_where_it_leads() -> None:
    destination = check_url("https://Evil.Example:8443/hook?x=1#top")
    assert (destination.host, destination.port, destination.target) == ("evil.example", 8443, b"/hook?x=1")
    assert destination.literal is None
    assert destination.url == "https://evil.example:8443/hook?x=1"
    assert destination.host_header == "evil.example:8443"


async def test_public_destinations_pass_with_every_address_they_resolve_to() -> None:
    literal = await check_destination(f"https://{PUBLIC}/hook", resolver=Dns({}))
    assert literal.addresses == (ip_address(PUBLIC),)
    named = await check_destination("https://dual.example/hook", resolver=Dns())
    assert named.addresses == tuple(ip_address(a) for a in NAMES["dual.example"])


async def test_a_resolver_that_fails_for_now_makes_the_destination_unavailable_not_refused() -> None:
    async def busy(host: str, port: int) -> list[str]:
        raise socket.gaierror(socket.EAI_AGAIN, "Temporary failure in name resolution")

    with pytest.raises(OutgoingUnavailable):
        await check_destination("https://shop.example/", resolver=busy)


async def test_allow_private_lets_private_addresses_through_but_not_the_other_refusals() -> None:
    assert (await check_destination("http://127.0.0.1:8000/", allow_private=True)).addresses == (
        IPv4Address("127.0.0.1"),
    )
    evil = await check_destination("http://evil.example/", allow_private=True, resolver=Dns())
    assert evil.addresses == (IPv4Address("127.0.0.1"),)
    assert check_url("http://localhost:8000/", allow_private=True).host == "localhost"
    for url in ("ftp://127.0.0.1/", "http://u:p@127.0.0.1/", "http://127.0.0.1:25/"):
        with pytest.raises(OutgoingRefused):
            check_url(url, allow_private=True)


@pytest.mark.parametrize(
    ("host", "expected"),
    [
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0X7F.0.0.1", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("127.1", "127.0.0.1"),
        ("10.1.65535", "10.1.255.255"),
        ("0x", "0.0.0.0"),
        ("8.8.8.8.", "8.8.8.8"),
        ("08.0.0.1", None),  # not octal: a name, which getaddrinfo would send to DNS
        ("256.0.0.1", None),
        ("127.0.0.0.1", None),
        ("1.2.3.4294967296", None),
        ("shop.example", None),
        ("", None),
    ],
)
def test_legacy_ipv4_reads_the_forms_inet_aton_reads(host: str, expected: str | None) -> None:
    assert legacy_ipv4(host) == (None if expected is None else IPv4Address(expected))
    # getaddrinfo agrees, without any DNS question; "0x" and a trailing dot it would send to DNS as a
    # name, where the check reads them as browsers do, as an address: refused sooner, never later.
    if expected is not None and host not in {"0x", "8.8.8.8."}:
        infos = socket.getaddrinfo(host, 80, type=socket.SOCK_STREAM, flags=socket.AI_NUMERICHOST)
        assert infos[0][4][0] == expected


@pytest.mark.parametrize(
    ("address", "public"),
    [
        (PUBLIC, True),
        ("2606:4700::1111", True),
        ("::ffff:8.8.8.8", True),
        ("64:ff9b::808:808", True),
        ("2002:808:808::", True),
        ("::ffff:10.0.0.1", False),
        ("64:ff9b::a00:1", False),
        ("2002:c0a8:101::", False),
        ("2001:db8::1", False),
        ("192.0.2.1", False),
        ("239.255.255.250", False),
    ],
)
def test_an_embedded_ipv4_address_is_judged_in_place_of_the_ipv6_one(address: str, public: bool) -> None:
    assert is_public_address(ip_address(address)) is public


# ---- GuardedHttp over a mock network ----------------------------------------------------------------

Handler = Callable[[httpx.Request], Awaitable[httpx.Response] | httpx.Response]


class Network:
    """An ``httpx.MockTransport`` that answers through ``handler`` and keeps every request it saw."""

    def __init__(self, handler: Handler) -> None:
        self.seen: list[httpx.Request] = []

        async def handle(request: httpx.Request) -> httpx.Response:
            self.seen.append(request)
            await request.aread()
            answer = handler(request)
            return answer if isinstance(answer, httpx.Response) else await answer

        self.transport = httpx.MockTransport(handle)


def guarded(network: Network, *, dns: Dns | None = None, allow_private: bool = False) -> GuardedHttp:
    return GuardedHttp(allow_private=allow_private, resolver=dns or Dns(), transport=network.transport)


async def post(http: GuardedHttp, url: str, **headers: str) -> OutgoingResponse:
    try:
        return await http.post(url, body=b'{"event": 1}', headers=headers, timeout=5)
    finally:
        await http.close()


async def test_the_request_connects_to_the_checked_address_and_names_the_host_in_host_and_sni() -> None:
    dns = Dns()
    network = Network(lambda request: httpx.Response(202, headers={"X-Receipt": "r-1"}, content=b"taken"))
    http = guarded(network, dns=dns)
    response = await http.post(
        "https://shop.example/hooks/comptoir?v=1",
        body=b'{"event": 1}',
        headers={"Content-Type": "application/json", "Host": "forged.example"},
        timeout=5,
    )
    await http.close()
    assert (response.status, response.body, response.url) == (202, b"taken", "https://shop.example/hooks/comptoir?v=1")
    assert response.headers["x-receipt"] == "r-1"
    [request] = network.seen
    assert str(request.url) == f"https://{PUBLIC}/hooks/comptoir?v=1"
    assert request.headers["host"] == "shop.example"
    assert request.extensions["sni_hostname"] == "shop.example"
    assert request.method == "POST"
    assert request.content == b'{"event": 1}'
    assert request.headers["content-type"] == "application/json"
    assert dns.asked == ["shop.example"]  # resolved once: what was checked is what is reached


async def test_a_name_with_one_private_address_among_public_ones_is_not_posted_to() -> None:
    network = Network(lambda request: httpx.Response(200))
    with pytest.raises(OutgoingRefused) as refused:
        await post(guarded(network), "https://half.example/hook")
    assert refused.value.reason == "address_not_public"
    assert network.seen == []


async def test_a_307_from_a_public_address_to_loopback_is_refused() -> None:
    network = Network(lambda request: httpx.Response(307, headers={"Location": "http://127.0.0.1/admin"}))
    with pytest.raises(OutgoingRefused) as refused:
        await post(guarded(network), f"http://{PUBLIC}/hook")
    assert refused.value.reason == "address_not_public"
    assert "127.0.0.1" in str(refused.value)
    assert [str(r.url) for r in network.seen] == [f"http://{PUBLIC}/hook"]


async def test_a_redirect_chain_ending_on_a_name_that_resolves_inside_is_refused() -> None:
    hops = {"/a": "/b", "/b": "https://shop.example/c", "/c": "http://evil.example/d"}
    network = Network(lambda request: httpx.Response(308, headers={"Location": hops[request.url.path]}))
    with pytest.raises(OutgoingRefused) as refused:
        await post(guarded(network), f"http://{PUBLIC}/a")
    assert refused.value.reason == "address_not_public"
    assert [r.url.path for r in network.seen] == ["/a", "/b", "/c"]


async def test_307_and_308_are_followed_with_the_post_and_its_body_and_the_new_origin_is_checked() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.headers["host"] == "shop.example":
            return httpx.Response(307, headers={"Location": "https://dual.example/moved"})
        return httpx.Response(200, content=b"ok")

    network = Network(answer)
    response = await post(guarded(network), "https://shop.example/hook", authorization="Bearer t")
    assert (response.status, response.body, response.url) == (200, b"ok", "https://dual.example/moved")
    first, second = network.seen
    assert (second.method, second.content, second.headers["host"]) == ("POST", b'{"event": 1}', "dual.example")
    assert str(second.url) == f"https://{PUBLIC}/moved"
    assert first.headers["authorization"] == "Bearer t"
    assert "authorization" not in second.headers  # a credential does not follow the request to another origin


@pytest.mark.parametrize("status", [301, 302, 303])
async def test_a_redirect_that_would_turn_the_post_into_a_get_is_the_final_answer(status: int) -> None:
    network = Network(lambda request: httpx.Response(status, headers={"Location": "http://127.0.0.1/"}))
    response = await post(guarded(network), "https://shop.example/hook")
    assert response.status == status
    assert len(network.seen) == 1


async def test_five_redirects_are_followed_and_a_sixth_is_refused() -> None:
    def chain(length: int) -> Handler:
        def answer(request: httpx.Request) -> httpx.Response:
            hop = int(request.url.path.strip("/"))
            if hop < length:
                return httpx.Response(307, headers={"Location": f"/{hop + 1}"})
            return httpx.Response(200)

        return answer

    response = await post(guarded(Network(chain(5))), "https://shop.example/0")
    assert response.url == "https://shop.example/5"
    with pytest.raises(OutgoingRefused) as refused:
        await post(guarded(Network(chain(6))), "https://shop.example/0")
    assert refused.value.reason == "too_many_redirects"


async def test_a_redirect_from_https_down_to_http_is_refused() -> None:
    network = Network(lambda request: httpx.Response(308, headers={"Location": "http://shop.example/plain"}))
    with pytest.raises(OutgoingRefused) as refused:
        await post(guarded(network), "https://shop.example/hook")
    assert refused.value.reason == "scheme_not_allowed"


class Endless(httpx.AsyncByteStream):
    """A body of 10 MB, as a hostile receiver sends, counting the chunks it was asked for."""

    def __init__(self) -> None:
        self.chunks = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        while self.chunks < 1000:
            self.chunks += 1
            await asyncio.sleep(0)
            yield b"y" * 10_000


async def test_the_body_read_is_cut_at_the_limit() -> None:
    network = Network(lambda request: httpx.Response(200, content=b"x" * (MAX_BODY_BYTES * 3)))
    response = await post(guarded(network), "https://shop.example/hook")
    assert response.body == b"x" * MAX_BODY_BYTES
    endless = Endless()
    streamed = Network(lambda request: httpx.Response(200, stream=endless))
    response = await post(guarded(streamed), "https://shop.example/hook")
    assert response.body == b"y" * MAX_BODY_BYTES
    assert endless.chunks == MAX_BODY_BYTES // 10_000 + 1  # and no chunk more was read


async def test_when_the_first_address_refuses_the_connection_the_next_one_is_tried() -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        if request.url.host == "198.51.100.7":
            raise httpx.ConnectError("connection refused", request=request)
        return httpx.Response(204)

    network = Network(answer)
    names = {"second.example": ["198.51.100.7", "8.8.4.4"]}
    response = await post(guarded(network, dns=Dns(names), allow_private=True), "http://second.example/")
    assert response.status == 204
    assert [r.url.host for r in network.seen] == ["198.51.100.7", "8.8.4.4"]


@pytest.mark.parametrize(
    "failure", [httpx.ConnectError("refused"), httpx.ReadTimeout("slow"), httpx.RemoteProtocolError("garbage")]
)
async def test_a_network_failure_makes_the_destination_unavailable(failure: httpx.HTTPError) -> None:
    def answer(request: httpx.Request) -> httpx.Response:
        raise failure

    with pytest.raises(OutgoingUnavailable):
        await post(guarded(Network(answer)), "https://shop.example/hook")


async def test_the_timeout_bounds_the_whole_call() -> None:
    async def never(request: httpx.Request) -> httpx.Response:
        await asyncio.sleep(30)
        return httpx.Response(200)

    http = guarded(Network(never))
    started = asyncio.get_running_loop().time()
    with pytest.raises(OutgoingUnavailable):
        await http.post("https://shop.example/hook", body=b"", headers={}, timeout=0.1)
    assert asyncio.get_running_loop().time() - started < 5
    await http.close()


# ---- GuardedHttp against a real server on 127.0.0.1 ----------------------------------------------


class Receiver:
    """A tiny HTTP/1.1 server: keeps each request it reads, answers ``answer`` (or nothing at all)."""

    def __init__(self, answer: bytes | None) -> None:
        self.answer = answer
        self.requests: list[bytes] = []
        self.port = 0

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        head = await reader.readuntil(b"\r\n\r\n")
        length = next(
            (int(line.split(b":")[1]) for line in head.split(b"\r\n") if line.lower().startswith(b"content-length:")),
            0,
        )
        self.requests.append(head + await reader.readexactly(length))
        if self.answer is None:
            await reader.read()  # until the client gives up and closes the connection
        else:
            writer.write(self.answer)
        await writer.drain()
        writer.close()


@pytest.fixture
async def receiver(request: pytest.FixtureRequest) -> AsyncIterator[Receiver]:
    answer: bytes | None = getattr(request, "param", b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
    receiver = Receiver(answer)
    server = await asyncio.start_server(receiver.handle, "127.0.0.1", 0)
    receiver.port = server.sockets[0].getsockname()[1]
    async with server:
        yield receiver


async def test_with_allow_private_a_real_post_reaches_a_server_on_loopback(receiver: Receiver) -> None:
    http = GuardedHttp(allow_private=True)
    url = f"http://127.0.0.1:{receiver.port}/hook"
    response = await post(http, url, **{"content-type": "application/json"})
    assert (response.status, response.body) == (200, b"ok")
    [request] = receiver.requests
    assert request.startswith(b"POST /hook HTTP/1.1\r\n")
    assert f"host: 127.0.0.1:{receiver.port}\r\n".encode() in request.lower()
    assert request.endswith(b'\r\n\r\n{"event": 1}')


async def test_without_allow_private_the_same_server_gets_nothing(receiver: Receiver) -> None:
    with pytest.raises(OutgoingRefused):
        await post(GuardedHttp(), f"http://127.0.0.1:{receiver.port}/hook")
    await asyncio.sleep(0.05)
    assert receiver.requests == []


@pytest.mark.parametrize("receiver", [None], indirect=True)
async def test_a_real_server_that_never_answers_makes_the_destination_unavailable(receiver: Receiver) -> None:
    http = GuardedHttp(allow_private=True)
    with pytest.raises(OutgoingUnavailable):
        await http.post(f"http://127.0.0.1:{receiver.port}/hook", body=b"{}", headers={}, timeout=0.3)
    await http.close()
    assert len(receiver.requests) == 1


# ---- The fake ---------------------------------------------------------------------------------------


async def test_the_fake_records_requests_and_answers_as_scripted() -> None:
    fake = InMemoryHttp()
    fake.answer("https://shop.example/hook", 500)
    fake.answer("https://shop.example/hook", 200, body=b"ok", headers={"X-Id": "1"})
    statuses = [
        (await fake.post("https://shop.example/hook", body=b"e", headers={"a": "b"}, timeout=1)).status
        for _ in range(3)
    ]
    assert statuses == [500, 200, 200]
    default = await fake.post("https://other.example:8443/", body=b"", headers={}, timeout=1)
    assert (default.status, default.url) == (200, "https://other.example:8443/")
    assert [r.body for r in fake.to("https://shop.example/hook")] == [b"e", b"e", b"e"]
    assert fake.requests[0].headers == {"a": "b"}


@pytest.mark.parametrize("url", ["http://evil.example/hook", "http://[::ffff:10.0.0.1]/", "http://localhost/"])
async def test_the_fake_refuses_private_destinations_like_the_adapter(url: str) -> None:
    fake = InMemoryHttp()
    fake.resolves["evil.example"] = ["127.0.0.1"]
    with pytest.raises(OutgoingRefused) as refused:
        await fake.post(url, body=b"", headers={}, timeout=1)
    assert refused.value.reason == "address_not_public"
    assert fake.requests == []
    allowed = InMemoryHttp(allow_private=True)
    allowed.resolves["evil.example"] = ["127.0.0.1"]
    assert (await allowed.post(url, body=b"", headers={}, timeout=1)).status == 200


async def test_the_fake_misbehaves_as_scripted() -> None:
    fake = InMemoryHttp(misbehaviour=Misbehaviour().time_out_next().answer_twice())
    with pytest.raises(OutgoingUnavailable):
        await fake.post("https://shop.example/hook", body=b"1", headers={}, timeout=1)
    assert fake.requests == []
    await fake.post("https://shop.example/hook", body=b"2", headers={}, timeout=1)
    assert [r.body for r in fake.requests] == [b"2", b"2"]
    fake.fail = True
    with pytest.raises(OutgoingUnavailable):
        await fake.post("https://shop.example/hook", body=b"3", headers={}, timeout=1)
    fake.fail = False
    await fake.post("https://shop.example/hook", body=b"4", headers={}, timeout=1)
    assert [r.body for r in fake.requests] == [b"2", b"2", b"4"]


# ---- Settings and wiring ----------------------------------------------------------------------------


def test_production_refuses_to_allow_private_destinations() -> None:
    with pytest.raises(ValueError, match="OUTGOING_ALLOW_PRIVATE"):
        Settings(environment="production", secret_key="x" * 40, outgoing_allow_private=True)
    assert Settings(environment="production", secret_key="x" * 40).outgoing_allow_private is False


@pytest.mark.parametrize("allow", [False, True])
async def test_the_runtime_wires_the_guarded_adapter_from_the_settings(tmp_path: Path, allow: bool) -> None:
    settings = Settings(environment="development", data_dir=tmp_path, outgoing_allow_private=allow)
    runtime = Runtime.from_settings(settings)
    try:
        assert isinstance(runtime.http, GuardedHttp)
        assert runtime.http.allow_private is allow
    finally:
        await runtime.http.close()
        await runtime.database.dispose()
