"""The tantivy adapter: what each kind of query finds, the weight of each part, and idempotent changes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from comptoir.intelligence.search.analysis import Analyzer
from comptoir.intelligence.search.tantivy_index import MARK, IndexNotFound, TantivySearchIndex, is_index

from .products import PRODUCTS, product


@pytest.fixture(scope="module")
def index(analyzer: Analyzer) -> TantivySearchIndex:
    built = TantivySearchIndex.in_memory(analyzer=analyzer)
    built.rebuild_now(PRODUCTS)
    return built


def ids(index: TantivySearchIndex, query: str, limit: int = 10) -> list[str]:
    return [hit.id for hit in index.search_now(query, limit)]


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("面霜", {"cream", "soothing"}),  # simplified
        ("麵霜", {"cream", "soothing"}),  # traditional
        ("葡萄酒", {"red"}),  # a part of 红葡萄酒
        ("mianshuang", {"cream", "soothing"}),  # pinyin, together
        ("mian shuang", {"cream", "soothing"}),  # pinyin, apart
        ("oushudan", {"hands"}),  # a brand's pinyin
        ("osd", {"hands"}),  # a brand's initials
        ("Lancôme", {"serum", "cream"}),
        ("lancome", {"serum", "cream"}),  # without the accent
        ("lancme", {"serum", "cream"}),  # a letter missing
        ("occitanne", {"hands"}),  # a letter too many
        ("loccitane", {"hands"}),  # L'Occitane typed together
        ("la roche posay", {"soothing"}),
        ("兰蔻 面霜", {"cream"}),  # mixed: the brand's cream first
        ("lancome 面霜", {"cream"}),
        ("歐舒丹", {"hands"}),
    ],
)
def test_each_kind_of_query_finds_what_was_asked_first(index: TantivySearchIndex, query: str, first: set[str]) -> None:
    found = ids(index, query)
    assert set(found[: len(first)]) == first, found


def test_a_title_match_outranks_a_description_match(index: TantivySearchIndex) -> None:
    found = ids(index, "葡萄酒")
    assert found.index("red") < found.index("grapeseed")


def test_results_are_best_first_and_limited(index: TantivySearchIndex) -> None:
    hits = index.search_now("crème", 2)
    assert len(hits) == 2
    assert hits[0].score >= hits[1].score


def test_nothing_to_look_up_finds_nothing(index: TantivySearchIndex) -> None:
    assert index.search_now("!!!") == []
    assert index.search_now("面霜", 0) == []
    assert index.search_now("zzzzqqqq") == []


def test_adding_again_replaces_and_deleting_twice_is_harmless(analyzer: Analyzer) -> None:
    index = TantivySearchIndex.in_memory(analyzer=analyzer)
    index.add_now(PRODUCTS[:2])
    index.add_now(PRODUCTS[:2])
    assert index.count_now() == 2
    renamed = product("cream", "Lancôme", "兰蔻", "兰蔻眼霜", "Lancôme crème yeux")
    index.add_now([renamed])
    assert index.count_now() == 2
    assert ids(index, "眼霜") == ["cream"]
    assert ids(index, "菁纯") == []  # the old title is gone
    index.delete_now(["cream", "cream", "never-there"])
    index.delete_now(["cream"])
    assert index.count_now() == 1
    index.rebuild_now(PRODUCTS[2:4])
    assert sorted(ids(index, "霜")) == ["hands", "soothing"]
    index.rebuild_now([])
    assert index.count_now() == 0


def test_a_brand_is_learned_by_the_segmenter_before_its_products_are_cut() -> None:
    index = TantivySearchIndex.in_memory()
    index.add_now([product("honey", "La Ferme de Léa", "莉娅农场", "莉娅农场薰衣草蜂蜜", "Miel de lavande")])
    assert "莉娅农场" in index.analyzer.terms
    assert ids(index, "莉娅农场") == ["honey"]


def test_an_index_on_disk_is_reopened_with_its_user_dictionary(tmp_path: Path) -> None:
    directory = tmp_path / "index"
    built = TantivySearchIndex.open(directory, create=True)
    built.learn(terms=["舒缓面霜"], equivalents=[("Toleriane", "特安")])
    built.rebuild_now(PRODUCTS)
    assert is_index(directory)
    reopened = TantivySearchIndex.open(directory)
    assert reopened.count_now() == len(PRODUCTS)
    assert {"兰蔻", "欧舒丹", "舒缓面霜", "特安"} <= reopened.analyzer.terms
    assert {("Toleriane", "特安"), ("L'Occitane", "欧舒丹")} <= reopened.analyzer.equivalents  # brands too
    assert reopened.analyzer.syllables == built.analyzer.syllables
    assert reopened.analyzer.words_by_initials["osd"] == ["欧舒丹"]
    assert ids(reopened, "欧舒丹")[0] == "hands"
    assert ids(reopened, "osd")[0] == "hands"


def test_a_directory_without_an_index_or_from_another_analysis_is_refused(tmp_path: Path) -> None:
    with pytest.raises(IndexNotFound, match="holds no search index"):
        TantivySearchIndex.open(tmp_path / "nothing")
    (tmp_path / "busy").mkdir()
    (tmp_path / "busy" / "notes.txt").write_text("mine")
    with pytest.raises(IndexNotFound, match="not empty"):
        TantivySearchIndex.open(tmp_path / "busy", create=True)
    directory = tmp_path / "old"
    TantivySearchIndex.open(directory, create=True).rebuild_now(PRODUCTS[:1])
    mark = json.loads((directory / MARK).read_text())
    (directory / MARK).write_text(json.dumps({**mark, "analysis_version": 0}))
    with pytest.raises(IndexNotFound, match="build it again"):
        TantivySearchIndex.open(directory)


async def test_the_port_methods_answer_as_the_direct_ones(analyzer: Analyzer) -> None:
    index = TantivySearchIndex.in_memory(analyzer=analyzer)
    await index.add(PRODUCTS)
    assert await index.count() == len(PRODUCTS)
    assert [h.id for h in await index.search("护手霜", 1)] == ["hands"]
    await index.delete(["hands"])
    assert "hands" not in [h.id for h in await index.search("护手霜")]
    await index.rebuild(PRODUCTS[:1])
    assert await index.count() == 1
    await index.clear()
    assert await index.count() == 0


def test_a_product_matching_every_part_of_a_query_comes_first(analyzer: Analyzer) -> None:
    index = TantivySearchIndex.in_memory(analyzer=analyzer)
    index.add_now(
        [
            product("lyon-1", "Atelier des Canuts", "卡努工坊", "里昂真丝丝巾", "Foulard en soie de Lyon"),
            product("lyon-2", "Atelier des Canuts", "卡努工坊", "真丝长款丝巾", "Étole en soie"),
            product("square", "Maison Delaunay", "德劳内", "德劳内 真丝方巾", "Carré de soie", "可作丝巾"),
            product("bag", "Maison Delaunay", "德劳内", "德劳内 牛皮手提包", "Sac en cuir"),
        ]
    )
    # The scarves say 丝巾 in their titles, the brand's square only in its description: it matches both parts.
    assert ids(index, "Delaunay 丝巾")[0] == "square"
    assert ids(index, "丝巾")[:2] in (["lyon-1", "lyon-2"], ["lyon-2", "lyon-1"])


def test_a_query_sharing_only_a_first_character_finds_nothing(analyzer: Analyzer) -> None:
    index = TantivySearchIndex.in_memory(analyzer=analyzer)
    index.add_now(
        [
            product("chiffon", "Atelier des Canuts", "卡努工坊", "真丝雪纺长款丝巾", "Étole en mousseline"),
            product("eye", "Maison Émeraude", "艾美露", "艾美露 舒缓眼霜", "Contour des yeux"),
        ]
    )
    assert ids(index, "雪茄") == []  # a cigar is no chiffon: 雪 begins both words
    assert ids(index, "面霜") == ["eye"]  # an eye cream is a cream: 霜 ends both
    assert ids(index, "mianshuang") == ["eye"]  # and so in pinyin
