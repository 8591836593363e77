"""Every demo persona, in each of the three languages, in a real Chromium: what it is shown must read right.

Each persona signs in through the form with the browser speaking its language, lands on its home,
and follows every link the pages offer (same site, not signing out). The walk fails on:
- a link the page offers that answers 4xx or 5xx;
- an English sentence left on a Chinese or French page (outside names, codes and a short list of
  words that are the same in every language);
- a raw code, internal name or identifier shown as text (``brand_profile.updated``, ``name_zh``,
  ``no_scope``, ``org_01M8…``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

import pytest

from comptoir.kernel.clock import FrozenClock
from comptoir.kernel.runtime import Runtime
from comptoir.simulation.demo import build_demo_world
from comptoir.simulation.logins import DemoLogin

DEMO_DAY = datetime(2026, 11, 16, 9, 0, tzinfo=UTC)

LANGUAGES = {"zh_Hans": "zh-CN,zh;q=0.9", "fr": "fr-FR,fr;q=0.9", "en": "en-GB,en;q=0.9"}
MAX_PAGES_PER_PERSONA = 25

#: English words that give a sentence away; French and Chinese pages have no business showing them.
ENGLISH_MARKERS = frozenset(
    [
        "the",
        "and",
        "of",
        "your",
        "you",
        "with",
        "is",
        "are",
        "to",
        "for",
        "this",
        "that",
        "not",
        "no",
        "from",
        "has",
        "have",
        "was",
        "were",
        "will",
        "can",
        "may",
        "sign",
        "in",
        "out",
        "into",
        "our",
        "their",
        "its",
        "it",
        "be",
        "by",
        "at",
        "or",
        "an",
        "on",
        "as",
    ]
)
#: Words that stand in any language: product names, standards, units, the demo's own names.
ALLOWED_WORDS = frozenset(
    [
        "comptoir",
        "api",
        "json",
        "openapi",
        "http",
        "https",
        "iban",
        "sepa",
        "qr",
        "cny",
        "eur",
        "tmall",
        "global",
        "lgg",
        "cdg",
        "hgh",
        "pvg",
        "can",
        "szx",
        "pkx",
        "cgo",
        "ctu",
        "ioss",
        "cbec",
        "hs",
        "gtin",
        "upu",
        "s10",
        "utc",
        "id",
        "ok",
        "html",
        "css",
        "csv",
        "url",
    ]
)
#: Looks like a code or an internal name: snake_case words, or dotted names that are not addresses.
RAW_CODE = re.compile(
    r"\b[a-z]+(?:_[a-z0-9]+)+\b|\b[a-z]+_?[a-z]*\.(?:updated|granted|revoked|created|changed|[a-z]+_[a-z]+)\b"
)


#: An internal identifier (``org_01M8…``): people are shown names, not ids.
INTERNAL_ID = re.compile(r"\b[a-z]{2,4}_[0-9A-HJKMNP-TV-Z]{26}\b")


def _english_runs(text: str, names: Iterable[str]) -> list[str]:
    """Runs of three or more Latin words containing an English marker word, names taken out."""
    for name in sorted(names, key=len, reverse=True):
        text = text.replace(name, " ")
    found = []
    for line in text.splitlines():
        words = re.findall(r"[A-Za-z][A-Za-z'’-]*", line)
        lowered = [w.lower().strip("'’-") for w in words]
        english = len(words) >= 3 and sum(w in ENGLISH_MARKERS for w in lowered) >= 2
        if english and not all(w in ALLOWED_WORDS for w in lowered):
            found.append(line.strip())
    return found


async def _sign_in(page: Any, base: str, login: DemoLogin) -> None:
    await page.goto(f"{base}/login")
    await page.fill("input[name=email]", login.email)
    await page.fill("input[name=password]", login.password)
    async with page.expect_navigation():
        await page.click("form[action='/login'] button[type=submit]")


async def _walk(page: Any, base: str, login: DemoLogin, locale: str, names: list[str]) -> tuple[list[str], int]:
    """What is wrong on the pages reachable from the persona's home, and how many pages were read."""
    failures: list[str] = []
    host = urlsplit(base).netloc
    queue = [page.url]
    seen: set[str] = set()
    while queue and len(seen) < MAX_PAGES_PER_PERSONA:
        url = queue.pop(0)
        path = urlsplit(url).path + (f"?{urlsplit(url).query}" if urlsplit(url).query else "")
        if path in seen:
            continue
        seen.add(path)
        response = await page.goto(url)
        where = f"{login.persona} [{locale}] {path}"
        if response is None or response.status >= 400:
            failures.append(f"{where}: answered {response.status if response else 'nothing'}")
            continue
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue
        text = await page.evaluate("document.body.innerText")
        if locale != "en":
            failures.extend(f"{where}: English left: {run!r}" for run in _english_runs(text, names))
        for raw in [*RAW_CODE.findall(text), *INTERNAL_ID.findall(text)]:
            failures.append(f"{where}: raw code shown: {raw!r}")
        # A link marked ``download`` saves a file (an export); it is no page to read.
        links = await page.eval_on_selector_all("a[href]:not([download])", "els => els.map(e => e.href)")
        for link in links:
            parts = urlsplit(link)
            if parts.netloc != host or parts.path in ("/logout",) or parts.path.startswith(("/static/", "/api/")):
                continue
            if "lang=" in parts.query:  # the language switcher: another walk covers each language
                continue
            queue.append(link.split("#")[0])
    return failures, len(seen)


@pytest.mark.browser
async def test_every_persona_reads_every_page_it_is_offered_in_its_language(
    runtime: Runtime, clock: FrozenClock, live_server: str, browser: Any
) -> None:
    clock.advance(DEMO_DAY - clock.now())  # a day the shipped exchange rates cover (tourists pay in CNY)
    # Account personas only: the tourist's wallet is a sign-in realm of its own (by phone), whose pages are read
    # in Chromium by tests/e2e/tourism/test_tourist_journey_browser.py and tests/e2e/payments.
    logins = [login for login in await build_demo_world(runtime) if login.realm == "account"]
    names = [part for login in logins for part in re.split(r":\s*", login.persona)[1:]] + [
        login.email for login in logins
    ]
    failures: list[str] = []
    for locale, accept in LANGUAGES.items():
        for login in logins:
            context = await browser.new_context(extra_http_headers={"Accept-Language": accept})
            page = await context.new_page()
            try:
                await _sign_in(page, live_server, login)
                found, pages_read = await _walk(page, live_server, login, locale, names)
                failures.extend(found)
                # A home and the pages its header offers: a walk that read less saw nothing.
                if pages_read < 3:
                    failures.append(f"{login.persona} [{locale}]: only {pages_read} page(s) reached from its home")
            finally:
                await context.close()
    assert not failures, f"{len(failures)} problem(s):\n" + "\n".join(sorted(set(failures)))
