"""The compliance lint finds the claims Chinese law forbids, where they are, and nothing in harmless text."""

from __future__ import annotations

import tomllib
from datetime import date

import pytest

from comptoir.localization.domain import ComplianceRules, Severity, compliance_rules, parse_rules
from comptoir.localization.domain.compliance import RULES_FILE

RULES = compliance_rules()


def _found(text: str, category: str | None = "food_wine") -> list[tuple[str, int, int, str]]:
    return [(f.term, f.start, f.end, f.rule) for f in RULES.lint(text, category=category)]


@pytest.mark.parametrize(
    ("text", "term", "rule"),
    [
        ("本店最佳的红酒", "最佳", "ad_law_art9.superlative"),
        ("全国最好的面霜", "最好", "ad_law_art9.superlative"),
        ("采用最先进的工艺", "最先进", "ad_law_art9.superlative"),
        ("销量第一的香水", "销量第一", "ad_law_art9.rank"),
        ("法国唯一的庄园", "唯一", "ad_law_art9.rank"),
        ("首个获得认证的品牌", "首个", "ad_law_art9.rank"),
        ("送礼首选", "首选", "ad_law_art9.rank"),
        ("独一无二的香气", "独一无二", "ad_law_art9.rank"),
        ("葡萄酒之王", "之王", "ad_law_art9.rank"),
        ("国家级非遗工艺", "国家级", "ad_law_art9.national_grade"),
        ("顶级佳酿", "顶级", "ad_law_art9.national_grade"),
        ("极品干邑", "极品", "ad_law_art9.national_grade"),
        ("绝对正宗", "绝对", "ad_law_art9.absolute"),
        ("100%满意", "100%", "ad_law_art9.absolute"),
        ("万能清洁膏", "万能", "ad_law_art9.absolute"),
        ("可治疗失眠", "治疗", "ad_law_art17.medical"),
        ("长期饮用可防癌", "防癌", "ad_law_art17.medical"),
        ("有助降血压", "降血压", "ad_law_art17.medical"),
        ("具有药用价值", "药用", "ad_law_art17.medical"),
        ("能增强免疫力", "增强免疫力", "food_law_art73.health_function"),
        ("轻松减肥", "减肥", "food_law_art73.health_function"),
    ],
)
def test_each_forbidden_family_is_found_with_its_offsets(text: str, term: str, rule: str) -> None:
    start = text.index(term)
    assert _found(text) == [(term, start, start + len(term), rule)]


def test_the_absolute_claims_of_article_9_block_approval_with_their_reason_and_law() -> None:
    [finding] = RULES.lint("最高级的享受", category=None)
    assert (finding.term, finding.start, finding.end, finding.severity) == ("最高级", 0, 3, Severity.BLOCKING)
    assert finding.reason.startswith("Advertising Law art. 9:")
    assert finding.law == "Advertising Law art. 9(3)"


def test_every_finding_of_a_description_is_reported_in_the_order_of_the_text() -> None:
    text = "这是全网第一的香槟，口感最佳，绝对物超所值。"
    assert _found(text) == [
        ("全网第一", 2, 6, "ad_law_art9.rank"),
        ("最佳", 12, 14, "ad_law_art9.superlative"),
        ("绝对", 15, 17, "ad_law_art9.absolute"),
    ]


def test_the_longest_term_wins_where_terms_overlap() -> None:
    # 最顶级 holds 顶级, 全网第一 holds 第一: one finding each.
    assert _found("最顶级，全网第一") == [
        ("最顶级", 0, 3, "ad_law_art9.superlative"),
        ("全网第一", 4, 8, "ad_law_art9.rank"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "第一次品尝就爱上了它的果香",  # 第一次: "the first time"
        "开瓶后第一时间饮用",  # 第一时间: "right away"
        "这是我们的第一步",
        "第一眼就被瓶身吸引",
        "100%羊毛，手工编织",  # a composition, not a promise
        "100%纯棉T恤",
        "编号具有唯一性",
    ],
)
def test_a_term_inside_a_longer_harmless_word_is_not_flagged(text: str) -> None:
    assert _found(text, category="fashion") == []


def test_an_ordinal_next_to_a_rank_claim_is_still_flagged() -> None:
    # 第一次 is excused, the 第一 of 销量第一 is not.
    assert _found("第一次出口，销量第一") == [("销量第一", 6, 10, "ad_law_art9.rank")]


def test_harmless_product_copy_has_no_finding() -> None:
    text = (
        "波尔多法定产区红葡萄酒，由梅洛与赤霞珠酿制，橡木桶陈酿十二个月。"
        "酒体圆润，带有黑醋栗与香草的气息，适合搭配红肉与奶酪。建议饮用温度16至18°C。"
    )
    assert _found(text) == []
    assert RULES.lint("马赛橄榄油手工皂，传统釜制，温和洁净。", category="cosmetics_skincare") == []


def test_full_width_digits_and_latin_capitals_are_found_where_they_stand() -> None:
    assert _found("１００％天然") == [("１００％", 0, 4, "ad_law_art9.absolute")]
    assert _found("法国NO.1香水") == [("NO.1", 2, 6, "ad_law_art9.rank")]


def test_health_claims_apply_to_the_categories_they_are_made_for() -> None:
    # An ordinary food may not claim to help one lose weight; the rule does not read a phone's page.
    assert _found("帮助减肥", category="food_wine") == [("减肥", 2, 4, "food_law_art73.health_function")]
    assert _found("帮助减肥", category="phones") == []
    # Breast-milk claims are for infant food only.
    assert _found("配方接近母乳", category="baby_food") == [("接近母乳", 2, 6, "ad_law_art20.breast_milk")]
    assert _found("配方接近母乳", category="food_wine") == []
    # Medical claims are refused on every product.
    assert _found("可以消炎", category="phones") == [("消炎", 2, 4, "ad_law_art17.medical")]


def test_cosmetics_may_not_claim_a_medical_effect_and_whitening_needs_a_licence() -> None:
    findings = RULES.lint("美白祛斑，药妆品质，告别祛痘烦恼", category="cosmetics_skincare")
    assert [(f.term, f.severity.value) for f in findings] == [
        ("美白", "warning"),
        ("祛斑", "warning"),
        ("药妆", "blocking"),
        ("祛痘", "blocking"),
    ]
    assert "special-use cosmetics registration" in findings[0].reason


def test_no_category_reads_only_the_rules_for_every_product() -> None:
    assert _found("帮助减肥，最佳选择", category=None) == [("最佳", 5, 7, "ad_law_art9.superlative")]


def test_the_data_file_is_dated_and_every_family_has_its_law_and_reason() -> None:
    assert RULES.as_of == date(2025, 6, 1)
    assert RULES.sources and all("Law" in s or "Regulations" in s or "Rules" in s for s in RULES.sources)
    rules = [family.rule for family in RULES.families]
    assert len(rules) == len(set(rules)) == 9
    assert RULES.rule("ad_law_art9.rank").exceptions[0] == "第一次"
    for family in RULES.families:
        assert family.terms and family.law and family.reason.endswith(".")


def test_a_malformed_data_file_is_refused_with_where_it_is_wrong() -> None:
    document = tomllib.loads(RULES_FILE.read_text("utf-8"))
    document["families"][1]["rule"] = document["families"][0]["rule"]
    with pytest.raises(ValueError, match=r"families\[1\]\.rule"):
        parse_rules(document)
    with pytest.raises(ValueError, match="as_of"):
        parse_rules({"families": []})


def test_rules_parsed_from_a_document_lint_like_the_shipped_ones() -> None:
    rules: ComplianceRules = parse_rules(
        {
            "as_of": "2026-01-01",
            "families": [
                {
                    "rule": "x",
                    "severity": "warning",
                    "law": "L",
                    "reason": "R.",
                    "terms": ["限时"],
                    "categories": ["phones"],
                }
            ],
        }
    )
    assert [(f.term, f.severity) for f in rules.lint("限时特价", category="phones")] == [("限时", Severity.WARNING)]
    assert rules.lint("限时特价", category="fashion") == []
