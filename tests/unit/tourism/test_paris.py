import csv
from importlib.resources import files

import pytest

from comptoir.tourism.domain import paris
from comptoir.tourism.domain.geo import Point, parse_coordinates, point_in_polygon

EXPECTED_ARRONDISSEMENT = {
    "louvre": 1,
    "tour-eiffel": 7,
    "galeries-lafayette": 9,
    "printemps": 9,
    "opera": 9,
    "champs-elysees": 8,
    "arc-de-triomphe": 8,
    "place-vendome": 1,
    "notre-dame": 4,
    "sacre-coeur": 18,
    "marais": 3,
    "orsay": 7,
    "pompidou": 4,
    "saint-germain": 6,
    "luxembourg": 6,
    "gare-du-nord": 10,
    "gare-de-lyon": 12,
    "bastille": 11,
    "trocadero": 16,
    "montparnasse": 15,
    "samaritaine": 1,
    "bon-marche": 7,
    "bhv": 4,
    "avenue-montaigne": 8,
    "faubourg-saint-honore": 8,
    "chinatown": 13,
    "belleville": 20,
    "pantheon": 5,
    "invalides": 7,
    "concorde": 8,
    "moulin-rouge": 18,
    "pere-lachaise": 20,
    "canal-saint-martin": 10,
    "parc-des-buttes-chaumont": 19,
    "bercy-village": 12,
    "la-villette": 19,
    "batignolles": 17,
    "passy": 16,
    "butte-aux-cailles": 13,
    "mouffetard": 5,
    "jardin-des-plantes": 5,
    "bois-de-boulogne": 16,
    "bois-de-vincennes": 12,
    "montmartre": 18,
    "grand-palais": 8,
    "fondation-louis-vuitton": 16,
    "catacombes": 14,
    "parc-montsouris": 14,
    "beaugrenelle": 15,
    "musee-rodin": 7,
    "palais-royal": 1,
    "galerie-vivienne": 2,
    "place-d-italie": 13,
    "les-halles": 1,
    "gare-de-l-est": 10,
    "hotel-de-ville": 4,
}


#: Well-known points beyond the landmarks table, and towns around Paris.
REFERENCE_POINTS = [
    ("gare-saint-lazare", "48.8763", "2.3253", 8),
    ("madeleine", "48.8700", "2.3245", 8),
    ("tuileries", "48.8635", "2.3275", 1),
    ("ile-saint-louis", "48.8517", "2.3567", 4),
    ("sainte-chapelle", "48.8554", "2.3450", 1),
    ("gare-austerlitz", "48.8420", "2.3650", 13),
    ("bnf", "48.8338", "2.3765", 13),
    ("parc-monceau", "48.8797", "2.3090", 8),
    ("opera-bastille", "48.8522", "2.3700", 12),
    ("cimetiere-montparnasse", "48.8380", "2.3260", 14),
    ("institut-monde-arabe", "48.8489", "2.3573", 5),
    ("roland-garros", "48.8470", "2.2490", 16),
    ("parc-des-princes", "48.8414", "2.2530", 16),
    ("cite-des-sciences", "48.8956", "2.3877", 19),
    ("hopital-saint-louis", "48.8735", "2.3685", 10),
    ("saint-sulpice", "48.8510", "2.3348", 6),
    ("odeon", "48.8490", "2.3385", 6),
    ("sorbonne", "48.8487", "2.3430", 5),
    ("musee-picasso", "48.8598", "2.3623", 3),
    ("arts-et-metiers", "48.8663", "2.3555", 3),
    ("palais-de-tokyo", "48.8640", "2.2970", 16),
    ("guimet", "48.8652", "2.2935", 16),
    ("petit-palais", "48.8660", "2.3147", 8),
    ("elysee", "48.8704", "2.3167", 8),
    ("parc-de-bercy", "48.8355", "2.3820", 12),
    ("accor-arena", "48.8386", "2.3785", 12),
    ("georges-brassens", "48.8325", "2.3010", 15),
    ("denfert", "48.8340", "2.3325", 14),
    ("val-de-grace", "48.8403", "2.3420", 5),
    ("lutetia", "48.8511", "2.3268", 6),
    ("unesco", "48.8497", "2.3063", 7),
    ("ecole-militaire", "48.8510", "2.3030", 7),
    ("radio-france", "48.8525", "2.2790", 16),
    ("cimetiere-montmartre", "48.8875", "2.3300", 18),
    ("lariboisiere", "48.8820", "2.3520", 10),
    ("place-gambetta", "48.8650", "2.3985", 20),
    ("tenon", "48.8665", "2.4010", 20),
    ("parc-floral", "48.8385", "2.4435", 12),
    ("zoo-vincennes", "48.8325", "2.4170", 12),
    ("lac-daumesnil", "48.8330", "2.4130", 12),
    ("jardin-acclimatation", "48.8780", "2.2645", 16),
    ("longchamp", "48.8580", "2.2330", 16),
    ("marche-saint-quentin", "48.8780", "2.3570", 10),
    ("bourse", "48.8690", "2.3412", 2),
    ("sentier", "48.8675", "2.3475", 2),
    ("porte-saint-denis", "48.8700", "2.3535", 10),
    ("gare-montparnasse", "48.8405", "2.3195", 15),
    ("cite-universitaire", "48.8200", "2.3380", 14),
    ("stade-charlety", "48.8190", "2.3470", 13),
    ("parc-georges-brassens", "48.8330", "2.3005", 15),
    ("la-defense", "48.8918", "2.2362", None),
    ("neuilly", "48.8846", "2.2697", None),
    ("saint-ouen-puces", "48.9015", "2.3430", None),
    ("pantin", "48.8935", "2.4095", None),
    ("montreuil", "48.8590", "2.4400", None),
    ("vincennes-chateau", "48.8428", "2.4357", None),
    ("boulogne", "48.8400", "2.2400", None),
    ("issy", "48.8240", "2.2700", None),
    ("ivry", "48.8150", "2.3850", None),
    ("gentilly", "48.8130", "2.3440", None),
    ("charenton", "48.8220", "2.4100", None),
    ("levallois", "48.8950", "2.2870", None),
    ("clichy", "48.9030", "2.3060", None),
    ("aubervilliers", "48.9050", "2.3800", None),
    ("fontenay", "48.8440", "2.4700", None),
    ("joinville", "48.8190", "2.4650", None),
    ("saint-mande", "48.8455", "2.4190", None),
]


def _street_rows() -> list[dict[str, str]]:
    text = (files("comptoir.tourism") / "data" / "streets.csv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines()))


def test_the_twenty_arrondissements_are_named_and_numbered() -> None:
    areas = paris.arrondissements()
    assert [a.number for a in areas] == list(range(1, 21))
    assert (areas[0].name_fr, areas[0].name_zh, areas[0].postcode) == ("1er arrondissement", "第1区", "75001")
    assert (areas[1].name_fr, areas[15].name_zh, areas[15].postcode) == ("2e arrondissement", "第16区", "75016")
    assert all(a.ring == a.outline and len(a.outline) >= 3 for a in areas)


def test_every_centroid_lies_in_its_own_arrondissement() -> None:
    assert [paris.arrondissement_of(a.centroid) for a in paris.arrondissements()] == list(range(1, 21))


@pytest.mark.parametrize("key", sorted(EXPECTED_ARRONDISSEMENT))
def test_each_landmark_is_in_its_arrondissement(key: str) -> None:
    place = next(p for p in paris.places() if p.key == key)
    assert paris.arrondissement_of(place.point) == EXPECTED_ARRONDISSEMENT[key]


def test_every_landmark_has_an_expected_arrondissement_and_three_names() -> None:
    places = paris.places()
    assert sorted(p.key for p in places) == sorted(EXPECTED_ARRONDISSEMENT)
    assert all(p.name_fr and p.name_zh and p.name_en for p in places)
    assert len({p.key for p in places}) == len(places)


def test_the_middle_of_each_street_row_lies_in_its_arrondissement() -> None:
    rows = _street_rows()
    wrong = []
    for row in rows:
        a = parse_coordinates(row["start_lat"], row["start_lon"])
        b = parse_coordinates(row["end_lat"], row["end_lon"])
        middle = Point((a.lat_e6 + b.lat_e6) // 2, (a.lon_e6 + b.lon_e6) // 2)
        ends = (paris.arrondissement_of(a), paris.arrondissement_of(b))
        if paris.arrondissement_of(middle) != int(row["arrondissement"]) or None in ends:
            wrong.append((row["street"], row["arrondissement"]))
        assert row["postcode"] == f"750{int(row['arrondissement']):02d}"
        assert int(row["from_number"]) <= int(row["to_number"])
    assert wrong == []


def test_the_street_table_covers_every_arrondissement() -> None:
    rows = _street_rows()
    per_arrondissement = {n: sum(1 for r in rows if int(r["arrondissement"]) == n) for n in range(1, 21)}
    assert len(rows) >= 200
    assert min(per_arrondissement.values()) >= 6


def test_a_grid_over_paris_falls_in_exactly_one_arrondissement() -> None:
    outline = paris.paris_outline()
    areas = paris.arrondissements()
    inside = 0
    for lat_e6 in range(48_815_000, 48_903_000, 1_500):
        for lon_e6 in range(2_223_000, 2_470_000, 2_250):
            point = Point(lat_e6, lon_e6)
            holders = [a.number for a in areas if point_in_polygon(point, a.outline)]
            if point_in_polygon(point, outline):
                inside += 1
                assert len(holders) == 1, (point, holders)
                assert paris.arrondissement_of(point) == holders[0]
            else:
                assert holders == [], (point, holders)
                assert paris.arrondissement_of(point) is None
    assert inside > 2000


@pytest.mark.parametrize(("name", "lat", "lon", "expected"), REFERENCE_POINTS, ids=[r[0] for r in REFERENCE_POINTS])
def test_well_known_points_fall_in_their_arrondissement_or_outside_paris(
    name: str, lat: str, lon: str, expected: int | None
) -> None:
    assert paris.arrondissement_of(parse_coordinates(lat, lon)) == expected


@pytest.mark.parametrize(
    ("lat", "lon"),
    [("48.8918", "2.2362"), ("48.8049", "2.1204"), ("48.7262", "2.3652"), ("48.8462", "2.4386")],
    ids=["la-defense", "versailles", "orly", "chateau-de-vincennes"],
)
def test_places_outside_paris_are_in_no_arrondissement(lat: str, lon: str) -> None:
    assert paris.arrondissement_of(parse_coordinates(lat, lon)) is None


def test_a_number_of_boulevard_haussmann_in_the_9th_is_placed_between_its_ends() -> None:
    found = paris.geocode("bd Haussmann", "40", "75009")
    assert found is not None
    assert (found.street, found.number, found.postcode, found.arrondissement) == (
        "Boulevard Haussmann",
        "40",
        "75009",
        9,
    )
    # 40 of 1..70 between (48.871900, 2.339300) and (48.873800, 2.327000)
    assert found.point == Point(48_871_900 + round(1_900 * 39 / 69), 2_339_300 + round(-12_300 * 39 / 69))
    assert paris.arrondissement_of(found.point) == 9


def test_the_number_picks_the_segment_and_the_postcode_breaks_no_tie() -> None:
    eighth = paris.geocode("Boulevard Haussmann", 120)
    assert eighth is not None and (eighth.arrondissement, eighth.postcode, eighth.number) == (8, "75008", "120")
    unknown_postcode = paris.geocode("Boulevard Haussmann", "40", "75017")
    assert unknown_postcode is not None and unknown_postcode.arrondissement == 9


def test_without_a_number_the_middle_of_the_first_segment_or_of_the_postcode_s_segment() -> None:
    first = paris.geocode("Rue de Rivoli")
    assert first is not None and (first.arrondissement, first.number) == (4, None)
    assert first.point == Point((48_855_300 + 48_858_900) // 2, (2_360_700 + 2_348_600) // 2)
    first_arrondissement = paris.geocode("Rue de Rivoli", postcode="75001")
    assert first_arrondissement is not None and first_arrondissement.arrondissement == 1


@pytest.mark.parametrize(
    "written", ["rue de rivoli", "RUE DE RIVOLI", "Rue de Rivôli", "r. de Rivoli", "R de-Rivoli", "ruederivoli"]
)
def test_street_names_are_matched_without_case_accents_hyphens_or_abbreviations(written: str) -> None:
    found = paris.geocode(written, "99")
    assert found is not None
    assert (found.street, found.arrondissement, found.postcode) == ("Rue de Rivoli", 1, "75001")


def test_abbreviated_faubourg_and_saint_are_written_out() -> None:
    found = paris.geocode("Rue du Fbg St-Honoré", "55")
    assert found is not None and (found.street, found.arrondissement) == ("Rue du Faubourg Saint-Honoré", 8)
    quote = paris.geocode("av. des champs elysees")
    assert quote is not None and quote.street == "Avenue des Champs-Élysées"
    apostrophe = paris.geocode("avenue de l opera", "12 bis")
    assert apostrophe is not None and (apostrophe.street, apostrophe.number) == ("Avenue de l'Opéra", "12 bis")


@pytest.mark.parametrize("street", ["Rue qui n'existe pas", "", "   ", "Rivoli"])
def test_an_unknown_street_is_not_placed(street: str) -> None:
    assert paris.geocode(street, "1") is None


@pytest.mark.parametrize(
    "street",
    [
        "Rue de Rivoli",
        "Boulevard Haussmann",
        "Avenue des Champs-Élysées",
        "Avenue Montaigne",
        "Rue Saint-Honoré",
        "Rue de la Paix",
        "Rue des Francs-Bourgeois",
        "Rue de Sèvres",
    ],
)
def test_the_streets_shops_use_most_are_in_the_table(street: str) -> None:
    assert paris.street_suggestions(street) == [street]


def test_long_streets_have_one_row_per_arrondissement() -> None:
    rows = _street_rows()

    def arrondissements_of(street: str) -> list[int]:
        return [int(r["arrondissement"]) for r in rows if r["street"] == street]

    assert arrondissements_of("Rue de Rivoli") == [4, 1]
    assert arrondissements_of("Boulevard Haussmann") == [9, 8]
    assert arrondissements_of("Boulevard Saint-Germain") == [5, 6, 7]
    assert arrondissements_of("Rue de Sèvres") == [6, 7, 15]


def test_the_landmarks_are_found_by_any_name_or_key() -> None:
    louvre = paris.find_place("卢浮宫")
    assert louvre is not None and louvre.key == "louvre"
    assert louvre.point == Point(48_860_611, 2_337_644)
    assert (louvre.name_in("zh_Hans"), louvre.name_in("fr"), louvre.name_in("en")) == (
        "卢浮宫",
        "Musée du Louvre",
        "Louvre Museum",
    )
    assert paris.find_place("louvre") == louvre
    eiffel = paris.find_place("Tour Eiffel")
    assert eiffel is not None and (eiffel.key, eiffel.name) == ("tour-eiffel", "Tour Eiffel")
    assert paris.find_place("eiffel tower") == eiffel
    assert paris.find_place("tour-eiffel") == eiffel


def test_an_exact_name_wins_over_a_longer_one_and_a_start_over_a_part() -> None:
    city_hall = paris.find_place("巴黎市政厅")
    assert city_hall is not None and city_hall.key == "hotel-de-ville"
    found = paris.find_place("Sacré")
    assert found is not None and found.key == "sacre-coeur"
    part = paris.find_place("lafayette")
    assert part is not None and part.key == "galeries-lafayette"


def test_an_address_is_found_as_a_street_place() -> None:
    found = paris.find_place("12 rue de Rivoli")
    expected = paris.geocode("Rue de Rivoli", "12")
    assert expected is not None and expected.arrondissement == 4
    assert found == paris.Place(
        "street:Rue de Rivoli", "Rue de Rivoli", "Rue de Rivoli", "Rue de Rivoli", expected.point
    )
    with_city = paris.find_place("99, rue de Rivoli, 75001 Paris")
    assert with_city is not None and with_city.point == paris.geocode("Rue de Rivoli", "99").point  # type: ignore[union-attr]
    bare = paris.find_place("boulevard haussmann")
    assert bare is not None and bare.key == "street:Boulevard Haussmann"


@pytest.mark.parametrize("query", ["nowhere", "", "   ", "12", "12 nowhere street"])
def test_an_unknown_place_is_none(query: str) -> None:
    assert paris.find_place(query) is None


def test_street_suggestions_start_with_the_prefix_first() -> None:
    assert paris.street_suggestions("rue de r") == [
        "Rue de Rennes",
        "Rue de Reuilly",
        "Rue de Richelieu",
        "Rue de Rivoli",
        "Rue de Rochechouart",
        "Rue de Rome",
    ]
    assert paris.street_suggestions("rivoli") == ["Rue de Rivoli"]
    assert paris.street_suggestions("bd hauss") == ["Boulevard Haussmann"]
    assert paris.street_suggestions("bd", limit=3) == [
        "Boulevard Barbès",
        "Boulevard de Grenelle",
        "Boulevard de l'Hôpital",
    ]


def test_street_suggestions_rank_a_word_start_before_a_part_of_a_word() -> None:
    assert paris.street_suggestions("mont", limit=None) == [
        "Avenue Montaigne",
        "Rue du Faubourg Montmartre",
        "Rue Montmartre",
        "Rue Montorgueil",
        "Rue Damrémont",
        "Rue de Ménilmontant",
    ]


def test_an_empty_prefix_lists_streets_by_name() -> None:
    every = paris.street_suggestions("", limit=None)
    assert every == sorted(every, key=paris.normalise)
    assert len(every) == len({r["street"] for r in _street_rows()})
    assert paris.street_suggestions("") == every[:8]
    assert paris.street_suggestions("zzz") == []


def _twice_area(ring: tuple[Point, ...]) -> int:
    return abs(sum(a.lon_e6 * b.lat_e6 - b.lon_e6 * a.lat_e6 for a, b in zip(ring, (*ring[1:], ring[0]), strict=True)))


def test_the_outline_of_paris_encloses_exactly_the_arrondissements() -> None:
    outline = paris.paris_outline()
    assert len(outline) >= 50 and len(set(outline)) == len(outline)
    assert _twice_area(outline) == sum(_twice_area(a.outline) for a in paris.arrondissements())
    touching = {a.number for a in paris.arrondissements() if set(a.outline) & set(outline)}
    assert touching == set(range(12, 21))
