"""The gettext catalogs: complete in French and simplified Chinese, faithful to their placeholders,
and extracted from the code as it is now.

When one of these fails after adding or changing a string, run ``make messages`` from the repository
root, then translate the new entries in ``fr`` and ``zh_Hans`` (``en`` keeps empty strings: English is
the source language).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

from comptoir.kernel.i18n import SUPPORTED_LOCALES, translations

ROOT = Path(__file__).resolve().parents[3]
LOCALE_DIR = ROOT / "src" / "comptoir" / "kernel" / "locale"
TEMPLATE = LOCALE_DIR / "comptoir.pot"
TRANSLATED = ("fr", "zh_Hans")
RUN_MESSAGES = (
    "run `make messages` from the repository root, then translate the new entries in "
    "src/comptoir/kernel/locale/fr/LC_MESSAGES/comptoir.po and zh_Hans/LC_MESSAGES/comptoir.po"
)

# Python %-conversions (named or not), '%%', str.format fields, and a lone '%' (which Jinja's
# newstyle gettext would choke on, since it always applies `%` to the translated text).
_PLACEHOLDER = re.compile(
    r"%%"
    r"|%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]"
    r"|\{[^{}]*\}"
    r"|%"
)


def _forms(value: str | tuple[str, ...] | list[str] | None) -> tuple[str, ...]:
    """The singular/plural forms of an id or a translation, as a tuple (one form when not plural)."""
    if value is None:
        return ()
    return (value,) if isinstance(value, str) else tuple(value)


def _key(message: Message) -> str:
    """A readable name for an entry in failure messages."""
    return " | ".join(_forms(message.id))


@cache
def _catalog(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh, locale=locale)


def _entries(catalog: Catalog) -> Iterator[Message]:
    """Every real entry (not the header)."""
    return (message for message in catalog if message.id)


def _po(locale: str) -> Path:
    return LOCALE_DIR / locale / "LC_MESSAGES" / "comptoir.po"


def _placeholders(text: str) -> Counter[str]:
    return Counter(_PLACEHOLDER.findall(text))


def _extracted_msgids() -> set[str | tuple[str, ...]]:
    """The msgids `make messages` would extract from src/ today, with its mapping and keywords."""
    with (ROOT / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)
    found: set[str | tuple[str, ...]] = set()
    for _filename, _lineno, message, _comments, context in extract_from_dir(
        str(ROOT / "src"), method_map, options_map, keywords=DEFAULT_KEYWORDS
    ):
        assert context is None, f"{message!r}: message contexts are not used by Comptoir's catalogs"
        if message:
            found.add(message)
    return found


def test_the_template_lists_exactly_the_strings_in_the_code() -> None:
    in_code = _extracted_msgids()
    in_template = {message.id for message in _entries(_catalog(TEMPLATE))}
    new = sorted(map(str, in_code - in_template))
    gone = sorted(map(str, in_template - in_code))
    assert not new and not gone, (
        f"comptoir.pot is out of date: {len(new)} string(s) in the code are missing from it "
        f"{new[:10]}, {len(gone)} string(s) in it are no longer in the code {gone[:10]}; {RUN_MESSAGES}"
    )


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_each_catalog_is_merged_from_the_template(locale: str) -> None:
    template = {message.id for message in _entries(_catalog(TEMPLATE))}
    catalog = {message.id for message in _entries(_catalog(_po(locale), locale))}
    missing = sorted(map(str, template - catalog))
    extra = sorted(map(str, catalog - template))
    assert not missing and not extra, (
        f"{locale}/comptoir.po is not merged with comptoir.pot: missing {missing[:10]}, "
        f"no longer in the template {extra[:10]}; {RUN_MESSAGES}"
    )


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_string_is_translated_and_none_is_fuzzy(locale: str) -> None:
    catalog = _catalog(_po(locale), locale)
    assert not catalog.fuzzy, f"the header of {locale}/comptoir.po is marked fuzzy, so Babel would ignore it"
    untranslated, fuzzy = [], []
    for message in _entries(_catalog(TEMPLATE)):
        entry = catalog.get(message.id)
        forms = () if entry is None else _forms(entry.string)
        expected = catalog.num_plurals if message.pluralizable else 1
        if entry is None or len(forms) != expected or not all(form and form.strip() for form in forms):
            untranslated.append(_key(message))
        elif entry.fuzzy:
            fuzzy.append(_key(message))
    assert not untranslated, (
        f"{len(untranslated)} string(s) have no {locale} translation: {untranslated[:15]}; {RUN_MESSAGES}"
    )
    assert not fuzzy, f"{len(fuzzy)} {locale} translation(s) are fuzzy, so they are not used: {fuzzy[:15]}"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_translations_keep_the_placeholders_of_their_source(locale: str) -> None:
    catalog = _catalog(_po(locale), locale)
    mismatched = []
    for entry in _entries(catalog):
        if not entry.string:
            continue
        sources = _forms(entry.id)
        forms = _forms(entry.string)
        wanted = _placeholders(sources[-1])
        for form in forms:
            # A singular form may drop the count ("un produit" for "%(count)s product"), never add one.
            allowed = _placeholders(sources[0]) | wanted if len(sources) > 1 else wanted
            got = _placeholders(form)
            if got - allowed or (len(sources) == 1 and got != wanted):
                mismatched.append(f"{_key(entry)!r} -> {form!r}")
    assert not mismatched, f"{locale}: placeholders differ from the source in: " + "; ".join(mismatched[:10])


def test_the_placeholder_reader_sees_what_python_and_jinja_format() -> None:
    assert _placeholders("%(partner)s for %(brand)s") == Counter({"%(partner)s": 1, "%(brand)s": 1})
    assert _placeholders("{name} paid %s, 100%% done") == Counter({"{name}": 1, "%s": 1, "%%": 1})
    assert _placeholders("Commission on sales, %") == Counter({"%": 1})
    assert _placeholders("%(count)d parcels, %.2f kg") == Counter({"%(count)d": 1, "%.2f": 1})


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_compiled_catalog_answers_in_its_language(locale: str) -> None:
    expected = {"fr": "Se connecter", "zh_Hans": "登录"}[locale]
    assert translations(locale).gettext("Sign in") == expected


def test_french_never_glues_a_colon_or_a_semicolon_to_the_word_before_it() -> None:
    """French puts a (non-breaking) space before ':' and ';' ("Champs modifiés :"), except in quoted code."""
    glued = re.compile(r"[^\s\u00a0\u202f/:]([:;])(?=\s|$)")
    wrong = []
    for entry in _entries(_catalog(_po("fr"), "fr")):
        source = " ".join(_forms(entry.id))
        for translated in _forms(entry.string):
            for hit in glued.finditer(translated):
                before = translated[: hit.end()]
                if re.search(r"&\w+;$", before):  # an HTML entity (&lt;) in the text
                    continue
                word = re.search(r"\S+$", before)
                if word and word.group(0) not in source:  # 'Authorization:' is the same literal in both
                    wrong.append(f"{_key(entry)} -> {translated!r}")
    assert not wrong, f"put a non-breaking space before ':' and ';' in French: {wrong[:10]}"
