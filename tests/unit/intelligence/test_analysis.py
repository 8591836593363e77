"""The tokens a product's text gives and the terms a query looks up: each kind of matching, one by one."""

from __future__ import annotations

from comptoir.intelligence.search.analysis import (
    CHARACTER_WEIGHT,
    EQUIVALENT_WEIGHT,
    SPELLED_OUT_WEIGHT,
    Analyzer,
    Kind,
    QueryTerm,
    fold_latin,
    looks_like_initials,
    split_syllables,
)


def terms(analyzer: Analyzer, query: str, kind: Kind, *, fuzzy: bool = False) -> set[str]:
    return {t.text for t in analyzer.query_terms(query) if t.kind is kind and t.fuzzy is fuzzy}


def test_traditional_characters_are_simplified_in_documents_and_queries(analyzer: Analyzer) -> None:
    assert analyzer.normalise("麵霜 紅葡萄酒 歐舒丹") == "面霜 红葡萄酒 欧舒丹"
    assert "红葡萄酒" in analyzer.document_tokens("法國紅葡萄酒").words
    assert terms(analyzer, "紅葡萄酒", Kind.WORDS) >= {"红葡萄酒", "葡萄酒"}


def test_pinyin_of_each_word_is_indexed_joined_by_syllable_and_as_initials(analyzer: Analyzer) -> None:
    tokens = analyzer.document_tokens("保湿面霜")
    assert {"mianshuang", "mian", "shuang", "baoshi"} <= set(tokens.pinyin)
    assert {"ms", "bs"} <= set(tokens.initials)
    # A query in pinyin, typed together, apart or as initials, meets those tokens.
    assert "mianshuang" in terms(analyzer, "mianshuang", Kind.PINYIN)
    assert {"mian", "shuang", "mianshuang"} <= terms(analyzer, "mian shuang", Kind.PINYIN)
    assert "ms" in terms(analyzer, "MS", Kind.INITIALS)


def test_u_umlaut_is_indexed_as_v_and_as_u(analyzer: Analyzer) -> None:
    assert {"lvcha", "lucha"} <= set(analyzer.document_tokens("绿茶").pinyin)


def test_latin_text_is_lowercased_and_its_accents_folded(analyzer: Analyzer) -> None:
    assert fold_latin("Crème ÉTÉ Œuvre Lancôme") == "creme ete oeuvre lancome"
    assert analyzer.normalise("ＬＡＮＣÔＭＥ") == "lancome"  # full-width letters too
    assert analyzer.document_tokens("Crème Mains").words == ("creme", "mains")
    assert terms(analyzer, "CRÈME", Kind.WORDS) == {"creme"}


def test_a_compound_gives_its_parts_as_words_and_its_bigrams(analyzer: Analyzer) -> None:
    tokens = analyzer.document_tokens("红葡萄酒")
    assert {"葡萄", "葡萄酒", "红葡萄酒"} <= set(tokens.words)
    assert {"红葡", "葡萄", "萄酒", "酒"} <= set(tokens.grams)
    assert {"葡萄", "萄酒"} <= terms(analyzer, "葡萄酒", Kind.GRAMS)


def test_a_single_character_query_looks_up_the_character(analyzer: Analyzer) -> None:
    assert terms(analyzer, "霜", Kind.GRAMS) == {"霜"}


def test_a_mixed_query_looks_up_its_chinese_and_its_latin(analyzer: Analyzer) -> None:
    looked_up = analyzer.query_terms("Lancôme 面霜")
    assert QueryTerm(Kind.WORDS, "lancome", 1.0, unit=0) in looked_up
    assert QueryTerm(Kind.WORDS, "面霜", 1.0, unit=1) in looked_up
    # Each character too, far lower: 面霜 still finds 眼霜, after every 面霜.
    assert QueryTerm(Kind.GRAMS, "霜", CHARACTER_WEIGHT, unit=1) in looked_up


def test_latin_words_typed_apart_are_also_looked_up_together(analyzer: Analyzer) -> None:
    assert "larocheposay" in terms(analyzer, "La Roche Posay", Kind.WORDS)
    assert "larocheposay" in analyzer.document_tokens("La Roche-Posay", join_latin=True).words


def test_long_latin_and_pinyin_terms_are_also_looked_up_within_one_edit(analyzer: Analyzer) -> None:
    assert terms(analyzer, "lancme", Kind.WORDS, fuzzy=True) == {"lancme"}
    assert terms(analyzer, "mianshaung", Kind.PINYIN, fuzzy=True) == {"mianshaung"}
    assert terms(analyzer, "bio", Kind.WORDS, fuzzy=True) == set()  # too short: one edit is another word
    assert terms(analyzer, "2015", Kind.WORDS, fuzzy=True) == set()  # numbers are exact


def test_letters_and_digits_written_together_also_give_their_parts(analyzer: Analyzer) -> None:
    assert analyzer.document_tokens("750ml").words == ("750ml", "750", "ml")


def test_the_user_dictionary_keeps_a_brand_name_whole() -> None:
    fresh = Analyzer()
    assert "莉娅农场" not in fresh.segment("莉娅农场蜂蜜")
    assert fresh.add_terms(["莉婭農場", "Ferme de Léa"]) == ["莉娅农场"]  # simplified; Latin needs nothing
    assert "莉娅农场" in fresh.segment("莉娅农场蜂蜜")
    assert fresh.terms == {"莉娅农场"}
    assert fresh.add_terms(["莉娅农场"]) == []


def test_a_long_query_looks_up_a_bounded_number_of_terms(analyzer: Analyzer) -> None:
    assert len(analyzer.query_terms("面霜 " * 200 + "crème " * 200 + "法国原装进口红葡萄酒波尔多" * 20)) <= 48


def test_punctuation_alone_looks_up_nothing(analyzer: Analyzer) -> None:
    assert analyzer.query_terms(" ,.!？。 ") == []


def test_initials_are_read_as_the_indexed_words_they_spell() -> None:
    fresh = Analyzer()
    for title in ("保湿面霜", "婴儿配方奶粉", "格拉斯淡香水"):
        fresh.document_tokens(title)
    assert fresh.spelled_out("bsms") == [["保湿"], ["面霜"]]  # no word has all four initials: two words
    assert fresh.spelled_out("yenf") == [["婴儿"], ["奶粉"]]  # 婴儿(配方)奶粉
    assert fresh.spelled_out("zzzz") == []
    looked_up = {(t.kind, t.text, t.weight) for t in fresh.query_terms("bsms")}
    assert (Kind.WORDS, "保湿", SPELLED_OUT_WEIGHT) in looked_up
    assert (Kind.WORDS, "面霜", SPELLED_OUT_WEIGHT) in looked_up


def test_what_looks_like_initials() -> None:
    assert all(looks_like_initials(w) for w in ("bsms", "yenf", "hptj", "dxs"))
    assert not any(looks_like_initials(w) for w in ("ms", "bordeaux", "miel", "2015", "lancome"))


def test_pinyin_typed_together_is_cut_into_the_syllables_of_the_index() -> None:
    assert split_syllables("hongputaojiu", {"hong", "pu", "tao", "jiu", "ta", "o"}) == ["hong", "pu", "tao", "jiu"]
    assert split_syllables("xian", {"xi", "an", "xian"}) == ["xian"]  # the fewest syllables
    assert split_syllables("bordeaux", {"bo", "de"}) is None
    fresh = Analyzer()
    fresh.document_tokens("红葡萄酒")
    assert {"hong", "pu", "tao", "jiu"} <= fresh.syllables
    assert {"putao", "jiu"} <= terms(fresh, "hongputaojiu", Kind.PINYIN)


def test_a_glossary_entry_typed_in_french_also_looks_up_its_chinese() -> None:
    fresh = Analyzer()
    fresh.add_equivalents([("Bordeaux", "波尔多"), ("pinot noir", "黑皮诺"), ("Savigny-lès-Beaune", "萨维尼-博讷")])
    looked_up = fresh.query_terms("BORDEAUX 红酒")
    assert QueryTerm(Kind.WORDS, "波尔多", EQUIVALENT_WEIGHT, unit=0) in looked_up  # the unit of "bordeaux"
    assert QueryTerm(Kind.WORDS, "黑皮诺", EQUIVALENT_WEIGHT, unit=None) in fresh.query_terms("pinot noir")
    assert {"萨维尼", "博讷"} <= terms(fresh, "savigny les beaune", Kind.WORDS)
    assert {"波尔多", "黑皮诺", "萨维尼", "博讷"} <= fresh.terms  # and the segmenter knows them
    assert ("Bordeaux", "波尔多") in fresh.equivalents
