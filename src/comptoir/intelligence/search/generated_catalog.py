"""A large catalog generated from vocabularies, for ``comptoir bench search`` to time the engine at scale.

Deterministic for a seed. Titles read like the storefront's: a brand, a quality and a kind of product
in Chinese and in French, with a size (``雅诗兰小馆保湿面霜 50毫升`` / ``Maison Lavel crème visage
hydratante 50 ml``); descriptions are a few sentences drawn from the same words. Brands are made up
from French-sounding syllables and Chinese characters common in brand names. The vocabulary overlaps
the demo's on purpose (面霜, 葡萄酒 ...), so that the labelled queries meet long posting lists, as
they would in a real catalog.
"""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence

from comptoir.intelligence.search.documents import ProductDocument

# (Chinese, French) kinds of product per category, then qualities, then units.
KINDS: dict[str, list[tuple[str, str]]] = {
    "cosmetics_skincare": [
        ("面霜", "crème visage"),
        ("精华液", "sérum"),
        ("爽肤水", "lotion tonique"),
        ("洁面乳", "gel nettoyant"),
        ("眼霜", "contour des yeux"),
        ("面膜", "masque"),
        ("防晒霜", "crème solaire"),
        ("护手霜", "crème mains"),
        ("卸妆水", "eau micellaire"),
        ("身体乳", "lait corps"),
        ("润唇膏", "baume à lèvres"),
        ("香水", "eau de parfum"),
        ("沐浴露", "gel douche"),
        ("洗发水", "shampooing"),
    ],
    "food_wine": [
        ("红葡萄酒", "vin rouge"),
        ("白葡萄酒", "vin blanc"),
        ("桃红葡萄酒", "vin rosé"),
        ("香槟", "champagne"),
        ("干邑白兰地", "cognac"),
        ("橄榄油", "huile d'olive"),
        ("蜂蜜", "miel"),
        ("黑巧克力", "chocolat noir"),
        ("黄油饼干", "biscuits au beurre"),
        ("果酱", "confiture"),
        ("鹅肝酱", "foie gras"),
        ("马卡龙", "macarons"),
        ("咖啡豆", "café en grains"),
        ("海盐", "fleur de sel"),
    ],
    "fashion": [
        ("连衣裙", "robe"),
        ("衬衫", "chemise"),
        ("风衣", "trench"),
        ("围巾", "écharpe"),
        ("手提包", "sac à main"),
        ("钱包", "portefeuille"),
        ("条纹衫", "marinière"),
        ("牛仔裤", "jean"),
        ("运动鞋", "baskets"),
        ("贝雷帽", "béret"),
    ],
    "children": [
        ("毛绒玩具", "peluche"),
        ("积木", "jeu de construction"),
        ("绘本", "livre illustré"),
        ("拼图", "puzzle"),
        ("书包", "cartable"),
        ("睡袋", "gigoteuse"),
    ],
    "baby_food": [
        ("婴儿奶粉", "lait infantile"),
        ("米粉", "céréales bébé"),
        ("果泥", "purée de fruits"),
        ("蔬菜泥", "purée de légumes"),
        ("磨牙饼干", "biscuits de dentition"),
    ],
    "hightech_accessories": [
        ("蓝牙耳机", "écouteurs Bluetooth"),
        ("充电宝", "batterie externe"),
        ("数据线", "câble USB-C"),
        ("智能手表", "montre connectée"),
        ("无线充电器", "chargeur sans fil"),
        ("蓝牙音箱", "enceinte Bluetooth"),
    ],
    "phones": [
        ("智能手机", "smartphone"),
        ("手机壳", "coque de téléphone"),
        ("钢化膜", "verre trempé"),
        ("手机支架", "support de téléphone"),
    ],
    "home_decoration": [
        ("香薰蜡烛", "bougie parfumée"),
        ("花瓶", "vase"),
        ("抱枕", "coussin"),
        ("台灯", "lampe de chevet"),
        ("地毯", "tapis"),
        ("装饰画", "affiche"),
    ],
}
QUALITIES = [
    ("保湿", "hydratant"),
    ("修护", "réparateur"),
    ("抗皱", "anti-âge"),
    ("舒缓", "apaisant"),
    ("有机", "bio"),
    ("清爽", "léger"),
    ("滋润", "nourrissant"),
    ("经典", "classique"),
    ("限量版", "édition limitée"),
    ("手工", "artisanal"),
    ("法式", "à la française"),
    ("复古", "rétro"),
    ("天然", "naturel"),
    ("波尔多", "Bordeaux"),
    ("勃艮第", "Bourgogne"),
    ("普罗旺斯", "Provence"),
    ("诺曼底", "Normandie"),
    ("阿尔萨斯", "Alsace"),
    ("真丝", "soie"),
    ("羊毛", "laine"),
    ("无线", "sans fil"),
    ("便携", "nomade"),
]
BENEFITS = [
    ("适合日常使用", "pour tous les jours"),
    ("送礼佳品", "une belle idée de cadeau"),
    ("法国原装进口", "fabriqué en France"),
    ("温和不刺激", "doux et sans parfum ajouté"),
    ("精选原料", "des ingrédients choisis"),
    ("经典配方", "une recette de tradition"),
    ("限量发售", "en série limitée"),
    ("全家适用", "pour toute la famille"),
]
UNITS = {
    "cosmetics_skincare": ("毫升", "ml", (15, 30, 50, 75, 100, 150, 200, 400)),
    "food_wine": ("克", "g", (125, 200, 250, 500, 750, 1000)),
    "baby_food": ("克", "g", (90, 120, 400, 800, 900)),
}
SYLLABLES = ["ba", "bel", "ca", "char", "do", "fa", "gau", "la", "lan", "lu", "mar", "mon", "no", "pa", "ri", "ro"]
SYLLABLES += ["sa", "sel", "ta", "tier", "va", "vel", "vi", "mé", "bé", "co", "dé", "li", "ne", "rou", "ge", "fleur"]
PREFIXES = ["Maison", "Atelier", "Domaine", "Château", "Les Jardins de", "Comptoir", "Studio", "Manufacture", ""]
BRAND_CHARACTERS = "雅诗兰黛欧丽娜贝妮思芙香奈卡迪露莎菲薇蔻娇颜玛歌德泉庄园坊之家堡美素佳"


def _brands(rng: random.Random, count: int) -> list[tuple[str, str]]:
    brands: set[tuple[str, str]] = set()
    while len(brands) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
        prefix = rng.choice(PREFIXES)
        name = f"{prefix} {word}".strip()
        name_zh = "".join(rng.choice(BRAND_CHARACTERS) for _ in range(rng.randint(2, 4)))
        brands.add((name, name_zh))
    return sorted(brands)


def generate_products(count: int, *, seed: int = 7, mixed_in: Sequence[ProductDocument] = ()) -> list[ProductDocument]:
    """``count`` products: ``mixed_in`` spread among generated ones (``gen-000001`` ...), the same for a seed."""
    rng = random.Random(seed)
    brands = _brands(rng, max(20, count // 50))
    generated = count - len(mixed_in)
    products = list(_generated(rng, brands, max(0, generated)))
    for product in mixed_in[:count]:
        products.insert(rng.randrange(len(products) + 1), product)
    return products


def _generated(rng: random.Random, brands: list[tuple[str, str]], count: int) -> Iterator[ProductDocument]:
    categories = sorted(KINDS)
    for number in range(1, count + 1):
        category = rng.choice(categories)
        kind_zh, kind_fr = rng.choice(KINDS[category])
        quality_zh, quality_fr = rng.choice(QUALITIES)
        brand, brand_zh = rng.choice(brands)
        size_zh = size_fr = ""
        if category in UNITS:
            unit_zh, unit_fr, sizes = UNITS[category]
            size = rng.choice(sizes)
            size_zh, size_fr = f" {size}{unit_zh}", f" {size} {unit_fr}"
        benefit = rng.sample(BENEFITS, 2)
        other_zh, other_fr = rng.choice(QUALITIES)
        title = {
            "zh-Hans": f"{brand_zh}{quality_zh}{kind_zh}{size_zh}",
            "fr": f"{brand} {kind_fr} {quality_fr}{size_fr}",
        }
        description = {
            "zh-Hans": f"{brand_zh}{kind_zh}，{other_zh}{quality_zh}，{benefit[0][0]}，{benefit[1][0]}。",
            "fr": f"{kind_fr.capitalize()} {quality_fr} et {other_fr} de {brand} : {benefit[0][1]}, {benefit[1][1]}.",
        }
        yield ProductDocument(f"gen-{number:06d}", brand, brand_zh, title, description, category)
