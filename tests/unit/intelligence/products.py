"""A few products in the shape of the index line, for the search tests."""

from __future__ import annotations

from comptoir.intelligence.search.documents import ProductDocument


def product(
    identifier: str,
    brand: str,
    brand_zh: str | None,
    title_zh: str,
    title_fr: str,
    description_zh: str = "",
    description_fr: str = "",
    category: str = "cosmetics_skincare",
) -> ProductDocument:
    description = {k: v for k, v in (("zh-Hans", description_zh), ("fr", description_fr)) if v}
    return ProductDocument(identifier, brand, brand_zh, {"zh-Hans": title_zh, "fr": title_fr}, description, category)


PRODUCTS = [
    product("serum", "Lancôme", "兰蔻", "兰蔻小黑瓶精华肌底液 50毫升", "Lancôme Génifique sérum 50 ml", "修护肌肤"),
    product("cream", "Lancôme", "兰蔻", "兰蔻菁纯面霜 50毫升", "Lancôme Absolue crème riche 50 ml"),
    product("hands", "L'Occitane", "欧舒丹", "欧舒丹乳木果护手霜 150毫升", "L'Occitane crème mains karité 150 ml"),
    product("soothing", "La Roche-Posay", "理肤泉", "理肤泉特安舒缓面霜", "La Roche-Posay Toleriane crème apaisante"),
    product(
        "red",
        "Château Margaux",
        "玛歌酒庄",
        "玛歌酒庄红葡萄酒 2015",
        "Château Margaux vin rouge 2015",
        category="food_wine",
    ),
    product(
        "grapeseed",
        "Maison Dupont",
        None,
        "有机葡萄籽油",
        "Huile de pépins de raisin bio",
        description_zh="适合搭配葡萄酒",
        description_fr="Pour accompagner un verre de vin",
        category="food_wine",
    ),
]
