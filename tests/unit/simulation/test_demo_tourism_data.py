"""The demo's tourism data: French IBANs with both their RIB key and ISO 13616 check digits, specimen ID numbers."""

from __future__ import annotations

import random
from datetime import date

from comptoir.simulation import demo_tourism


def test_a_french_iban_gets_its_rib_key_and_its_check_digits() -> None:
    assert demo_tourism.french_iban("30006", "00001", "12345678901") == "FR7630006000011234567890189"
    assert demo_tourism.iban_check_digits("FR", "30006000011234567890189") == "76"


def test_every_generated_iban_passes_mod_97() -> None:
    rng = random.Random(7)
    for _ in range(200):
        iban = demo_tourism.french_iban(
            rng.choice(demo_tourism.FRENCH_BANKS), f"{rng.randrange(10, 99999):05d}", f"{rng.randrange(10**10):011d}"
        )
        rearranged = "".join(str(int(ch, 36)) for ch in iban[4:] + iban[:4])
        assert (len(iban), int(rearranged) % 97) == (27, 1)


def test_a_specimen_resident_id_has_its_check_character() -> None:
    assert demo_tourism.resident_id("110105", date(1949, 12, 31), 2) == "11010519491231002X"


def test_the_demo_places_three_hundred_shops_in_all_twenty_arrondissements() -> None:
    counts = demo_tourism.ARRONDISSEMENT_SHOPS
    assert (sum(counts.values()), sorted(counts), min(counts.values())) == (300, list(range(1, 21)), 5)
    assert counts[8] + counts[9] + counts[1] + counts[4] + counts[3] + counts[6] > sum(counts.values()) / 2
