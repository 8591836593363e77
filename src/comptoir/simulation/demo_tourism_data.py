"""The demo's tables for cashless Paris: how many shops per arrondissement, categories, names, streets, the
tourists' names and homes and what they shop for (comptoir.simulation.demo_tourism builds the world from them)."""

from __future__ import annotations

from comptoir import tourism

#: Accepting shops per arrondissement (300 in all): the tourists' Paris first.
ARRONDISSEMENT_SHOPS = {
    1: 26, 2: 15, 3: 16, 4: 20, 5: 10, 6: 28, 7: 13, 8: 44, 9: 40, 10: 8,
    11: 9, 12: 7, 13: 9, 14: 6, 15: 8, 16: 12, 17: 8, 18: 11, 19: 5, 20: 5,
}  # fmt: skip
LUXURY = frozenset({1, 8, 16})
CENTRAL = frozenset({2, 3, 4, 5, 6, 7, 9})

C = tourism.ShopCategory
CATEGORY_WEIGHTS = {
    "luxury": {C.FASHION: 22, C.LEATHER_GOODS: 14, C.JEWELLERY_WATCHES: 12, C.COSMETICS: 18, C.PHARMACY: 9,
               C.FOOD_WINE: 9, C.SOUVENIRS: 5, C.CHILDREN: 3, C.OTHER: 8},
    "central": {C.COSMETICS: 16, C.FASHION: 18, C.PHARMACY: 12, C.FOOD_WINE: 16, C.LEATHER_GOODS: 8,
                C.JEWELLERY_WATCHES: 6, C.SOUVENIRS: 8, C.CHILDREN: 5, C.OTHER: 11},
    "outer": {C.PHARMACY: 22, C.FOOD_WINE: 20, C.COSMETICS: 10, C.FASHION: 10, C.SOUVENIRS: 9, C.CHILDREN: 8,
              C.OTHER: 15, C.LEATHER_GOODS: 3, C.JEWELLERY_WATCHES: 3},
}  # fmt: skip

#: Streets tourists shop in, preferred in their arrondissements when the street table has them.
HOT_STREETS = {
    1: ("Rue Saint-Honoré", "Rue de Rivoli", "Rue de Castiglione", "Place Vendôme", "Rue du Louvre"),
    2: ("Rue de la Paix", "Rue Montorgueil", "Rue du Quatre-Septembre", "Rue Étienne-Marcel"),
    3: ("Rue de Bretagne", "Rue Charlot", "Rue Vieille-du-Temple", "Rue de Turenne", "Rue au Maire"),
    4: ("Rue des Francs-Bourgeois", "Rue des Rosiers", "Rue Vieille-du-Temple", "Rue de Rivoli", "Rue Saint-Antoine"),
    6: ("Boulevard Saint-Germain", "Rue de Rennes", "Rue Bonaparte", "Rue du Four", "Rue de Sèvres", "Rue de Buci"),
    7: ("Rue du Bac", "Rue de Grenelle", "Rue Saint-Dominique", "Rue Cler", "Avenue Bosquet"),
    8: (
        "Avenue des Champs-Élysées",
        "Rue du Faubourg-Saint-Honoré",
        "Avenue Montaigne",
        "Rue Royale",
        "Boulevard de la Madeleine",
        "Avenue George-V",
        "Rue François-Ier",
    ),
    9: (
        "Boulevard Haussmann",
        "Rue Auber",
        "Rue de la Chaussée-d'Antin",
        "Rue Halévy",
        "Rue Scribe",
        "Rue de Provence",
        "Rue La Fayette",
        "Boulevard des Capucines",
    ),
    13: ("Avenue de Choisy", "Avenue d'Ivry", "Boulevard Masséna"),
    16: ("Avenue Victor-Hugo", "Rue de Passy", "Avenue Kléber"),
    18: ("Rue des Abbesses", "Rue Lepic", "Rue de Steinkerque"),
}

QUARTERS = {
    1: ("du Louvre", "des Halles", "du Palais-Royal", "Vendôme", "Saint-Honoré"),
    2: ("de la Bourse", "Montorgueil", "Vivienne", "des Victoires"),
    3: ("du Haut-Marais", "des Arts-et-Métiers", "du Temple", "Sainte-Avoye"),
    4: ("du Marais", "de l'Hôtel de Ville", "Saint-Paul", "de l'Île Saint-Louis", "Notre-Dame"),
    5: ("du Panthéon", "Saint-Michel", "Mouffetard", "du Jardin des Plantes"),
    6: ("Saint-Germain", "de l'Odéon", "du Luxembourg", "Saint-Sulpice", "Sèvres-Babylone"),
    7: ("du Gros-Caillou", "Saint-Dominique", "des Invalides", "de la Tour Eiffel"),
    8: ("des Champs-Élysées", "de la Madeleine", "Montaigne", "du Faubourg", "Miromesnil", "de l'Étoile"),
    9: ("de l'Opéra", "Haussmann", "de la Chaussée-d'Antin", "Saint-Lazare", "des Martyrs", "de la Trinité"),
    10: ("du Canal", "Saint-Martin", "de la Gare de l'Est", "Magenta"),
    11: ("Oberkampf", "de la Roquette", "Voltaire", "Bastille"),
    12: ("de Bercy", "Daumesnil", "de la Nation", "d'Aligre"),
    13: ("d'Italie", "de Choisy", "de la Butte-aux-Cailles", "des Olympiades"),
    14: ("Montparnasse", "d'Alésia", "Denfert", "Daguerre"),
    15: ("du Commerce", "de Vaugirard", "Convention", "Beaugrenelle"),
    16: ("de Passy", "du Trocadéro", "Victor-Hugo", "d'Auteuil"),
    17: ("des Batignolles", "des Ternes", "Wagram", "Monceau"),
    18: ("de Montmartre", "des Abbesses", "du Sacré-Cœur", "Lamarck"),
    19: ("des Buttes-Chaumont", "de la Villette", "Jaurès"),
    20: ("de Belleville", "de Ménilmontant", "Gambetta", "du Père-Lachaise"),
}
QUARTERS_ZH = {
    "du Louvre": "卢浮宫", "des Halles": "大堂", "du Palais-Royal": "皇家宫殿", "Vendôme": "旺多姆",
    "Saint-Honoré": "圣奥诺雷", "de la Bourse": "交易所", "du Marais": "玛黑", "du Haut-Marais": "上玛黑",
    "de l'Hôtel de Ville": "市政厅", "Notre-Dame": "圣母院", "de l'Île Saint-Louis": "圣路易岛",
    "du Panthéon": "先贤祠", "Saint-Michel": "圣米歇尔", "Saint-Germain": "圣日耳曼", "de l'Odéon": "奥德翁",
    "du Luxembourg": "卢森堡", "de la Tour Eiffel": "埃菲尔铁塔", "des Invalides": "荣军院",
    "des Champs-Élysées": "香榭丽舍", "de la Madeleine": "玛德莲", "Montaigne": "蒙田", "de l'Étoile": "星形广场",
    "de l'Opéra": "歌剧院", "Haussmann": "奥斯曼", "Saint-Lazare": "圣拉扎尔", "Bastille": "巴士底",
    "d'Italie": "意大利广场", "de Choisy": "舒瓦西", "des Olympiades": "奥林匹亚德", "Montparnasse": "蒙帕纳斯",
    "du Trocadéro": "特罗卡德罗", "de Passy": "帕西", "de Montmartre": "蒙马特", "des Abbesses": "阿贝斯",
    "du Sacré-Cœur": "圣心", "de Belleville": "美丽城", "de Bercy": "贝尔西", "du Canal": "运河",
}  # fmt: skip
CATEGORY_ZH = {
    C.PHARMACY: "药房", C.COSMETICS: "香水美妆", C.LEATHER_GOODS: "皮具店", C.JEWELLERY_WATCHES: "珠宝腕表",
    C.FOOD_WINE: "美食酒窖", C.FASHION: "时装店", C.CHILDREN: "童装玩具", C.SOUVENIRS: "纪念品店",
    C.OTHER: "生活馆", C.DEPARTMENT_STORE: "百货",
}  # fmt: skip

SURNAMES = (
    "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Simon",
    "Laurent", "Lefèvre", "Michel", "David", "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André",
    "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Legrand", "Garnier", "Faure", "Rousseau", "Blanc",
    "Guérin", "Henry", "Roussel", "Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Fontaine",
    "Chevalier", "Robin", "Masson", "Gérard", "Boyer", "Denis", "Lemaire", "Duval", "Joly", "Roche", "Noël",
    "Meunier", "Marchand", "Dufour", "Blanchard", "Barbier", "Brun", "Dumas", "Brunet", "Leroux", "Colin", "Renard",
    "Arnaud", "Rolland", "Aubert", "Giraud", "Leclerc", "Vidal", "Bourgeois", "Renaud", "Lemoine", "Picard",
    "Gaillard", "Lacroix", "Fabre", "Dupuis", "Olivier", "Hubert", "Rivière", "Le Gall", "Moulin", "Berger",
    "Lecomte", "Fleury", "Deschamps", "Carpentier", "Maillard", "Aubry", "Renault", "Jacquet", "Poirier", "Royer",
    "Baron", "Dupuy", "Breton", "Rémy", "Perrot", "Guyot", "Marty", "Cousin", "Delorme", "Vasseur", "Lebrun",
)  # fmt: skip
FIRST_NAMES = (
    "Camille", "Louise", "Jeanne", "Alice", "Léa", "Manon", "Inès", "Chloé", "Juliette", "Margaux", "Hélène",
    "Claire", "Sophie", "Élise", "Agathe", "Victor", "Louis", "Hugo", "Jules", "Arthur", "Gabriel", "Paul",
    "Antoine", "Étienne", "Mathilde", "Adèle", "Clémence", "Suzanne", "Hortense", "Colette",
)  # fmt: skip
#: Shops run by families from China or Wenzhou: the pinyin as the sign has it, and the characters.
CHINESE_FAMILIES = (("Chen", "陈"), ("Wang", "王"), ("Lin", "林"), ("Zhang", "张"), ("Li", "李"), ("Huang", "黄"),
                    ("Zhou", "周"), ("Wu", "吴"), ("Xu", "徐"), ("Yang", "杨"), ("Hu", "胡"), ("Ye", "叶"))  # fmt: skip

#: Name patterns by category; ``{q}`` is a quarter (``de l'Opéra``), ``{s}`` a surname, ``{f}`` a first name.
NAME_PATTERNS = {
    C.PHARMACY: ("Pharmacie {q}", "Grande Pharmacie {q}", "Pharmacie {s}", "Pharmacie {q}", "Pharmacie centrale {q}"),
    C.COSMETICS: ("Parfumerie {q}", "Parfumerie {s}", "Beauté {q}", "Institut {f}", "L'Atelier beauté {q}",
                  "Cosmétiques {s}", "Maison de parfum {s}"),
    C.FASHION: ("Concept store {q}", "Maison {s}", "Atelier {s}", "{f} {s} Paris", "La Garde-Robe {q}",
                "Boutique {f}", "Le Vestiaire {q}"),
    C.LEATHER_GOODS: ("Maroquinerie {q}", "Maroquinerie {s}", "Sellerie {s}", "Atelier du cuir {q}", "Ganterie {s}"),
    C.JEWELLERY_WATCHES: ("Joaillerie {s}", "Bijouterie {q}", "Horlogerie {s}", "Maison {s}, joaillier",
                          "Montres et bijoux {q}"),
    C.FOOD_WINE: ("Cave {q}", "Caves {s}", "Maison de thé {q}", "Chocolaterie {s}", "Épicerie fine {q}",
                  "Fromagerie {s}", "Pâtisserie {s}", "Comptoir des vins {q}", "Macarons {q}", "Confiserie {s}"),
    C.CHILDREN: ("Jouets {s}", "Le Petit Monde {q}", "Bébé {q}", "La Ronde des jouets {q}", "Petits Parisiens {q}"),
    C.SOUVENIRS: ("Souvenirs {q}", "Paris Cadeaux {q}", "La Boutique {q}", "Cartes et souvenirs {q}"),
    C.OTHER: ("Librairie {s}", "Papeterie {q}", "Galerie {s}", "Bougies {q}", "Arts de la table {s}",
              "Parapluies {s}", "Porcelaines {s}"),
}  # fmt: skip
CHINESE_PATTERNS = {
    C.FOOD_WINE: (("Maison de thé {p}", "{h}氏茶庄"), ("Thés du Yunnan {p}", "云南{h}氏茶庄")),
    C.PHARMACY: (("Pharmacie {p}", "{h}氏药房"),),
    C.LEATHER_GOODS: (("Maroquinerie {p}", "{h}氏皮具"),),
    C.COSMETICS: (("Parfumerie {p}", "{h}氏香水店"),),
    C.SOUVENIRS: (("Cadeaux {p}", "{h}氏礼品店"),),
    C.OTHER: (("Galerie {p}", "{h}氏画廊"),),
}
DEPARTMENT_STORES = (  # (name, Chinese name, arrondissement, street)
    ("Grands Magasins Haussmann", "奥斯曼大百货", 9, "Boulevard Haussmann"),
    ("Galeries de l'Opéra", "歌剧院拉法耶百货", 9, "Boulevard Haussmann"),
    ("Le Grand Bazar de Rivoli", "里沃利大集市百货", 4, "Rue de Rivoli"),
    ("Au Bon Saint-Germain", "圣日耳曼好市百货", 7, "Rue de Sèvres"),
    ("Les Magasins du Pont-Neuf", "新桥百货", 1, "Rue de Rivoli"),
    ("Galerie des Champs", "香榭丽舍百货廊", 8, "Avenue des Champs-Élysées"),
)
#: The brands' own boutiques, where the brand itself signs up: (brand name, boutique name, arrondissement, street).
BOUTIQUES = (
    ("Maison Delaunay", "Maison Delaunay, Faubourg Saint-Honoré", 8, "Rue du Faubourg-Saint-Honoré", C.FASHION),
    ("Parfums Aurèle", "Parfums Aurèle, Saint-Honoré", 1, "Rue Saint-Honoré", C.COSMETICS),
    ("Maison Émeraude", "Maison Émeraude, Marais", 3, "Rue de Bretagne", C.COSMETICS),
    ("Château Lestage", "Château Lestage, bar à vins et cave", 6, "Rue de Buci", C.FOOD_WINE),
)
#: Which categories may say they sell which brand (the brand's store must be on the Chinese storefront).
BRAND_SELLERS = {
    "Château Lestage": (C.FOOD_WINE,),
    "Maison Delaunay": (C.FASHION, C.LEATHER_GOODS, C.DEPARTMENT_STORE),
    "Maison Émeraude": (C.PHARMACY, C.COSMETICS),
    "Parfums Aurèle": (C.COSMETICS, C.DEPARTMENT_STORE),
}
BRAND_SELLER_SHARE = 0.3  # of the shops of those categories
FOLLOW_SHARE = 0.45  # of the tourists paying in a shop that sells a brand they do not follow yet
ORDER_SHARE = 0.7  # of the followers, who later order the brand's products online
MAX_TOP_UP_CNY = 50_000
ORDER_LIMIT_EUR_CENTS = 42_000  # below China's limit for one cross-border order, taxes and freight included

#: What a tourist spends in a shop of each category, in EUR cents (low, high).
SPEND = {
    C.PHARMACY: (2_500, 18_000), C.COSMETICS: (4_000, 32_000), C.LEATHER_GOODS: (15_000, 160_000),
    C.JEWELLERY_WATCHES: (20_000, 240_000), C.FOOD_WINE: (1_500, 24_000), C.DEPARTMENT_STORE: (8_000, 120_000),
    C.FASHION: (6_000, 90_000), C.CHILDREN: (3_000, 20_000), C.SOUVENIRS: (800, 6_000), C.OTHER: (1_500, 15_000),
}  # fmt: skip

# --- the tourists ----------------------------------------------------------------------------------------

FAMILY_NAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余杜叶程魏苏吕丁沈姚卢钟崔陆范廖金"
)
GIVEN_NAMES = (
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "洋", "艳", "杰", "娟", "涛", "明", "超", "霞", "浩然", "子涵",
    "欣怡", "梓萱", "宇轩", "雨桐", "思远", "一诺", "佳怡", "俊杰", "晓明", "婷婷", "雪", "琳", "晨", "悦", "博文",
    "诗涵", "天宇", "梦琪", "嘉怡", "子轩", "若曦", "文静", "志强", "海燕", "建华", "丽华", "秀英", "玉兰", "晓燕",
)  # fmt: skip
PHONE_PREFIXES = ("135", "136", "137", "139", "150", "158", "186", "188", "177", "199")
#: Where the tourists live: (delivery zone, district, ID region code, streets).
HOMES = (
    ("CN-31", "上海市黄浦区", "310101", ("南京东路", "淮海中路", "西藏中路")),
    ("CN-31", "上海市静安区", "310106", ("南京西路", "愚园路", "延安中路")),
    ("CN-31", "上海市徐汇区", "310104", ("衡山路", "漕溪北路", "肇嘉浜路")),
    ("CN-11", "北京市朝阳区", "110105", ("建国路", "三里屯路", "朝阳北路")),
    ("CN-11", "北京市海淀区", "110108", ("中关村大街", "学院路", "知春路")),
    ("CN-44", "广东省广州市天河区", "440106", ("天河路", "体育西路", "珠江新城华夏路")),
    ("CN-44", "广东省深圳市南山区", "440305", ("深南大道", "科技园路", "后海大道")),
    ("CN-33", "浙江省杭州市西湖区", "330106", ("文三路", "曙光路", "北山街")),
    ("CN-32", "江苏省南京市鼓楼区", "320106", ("中山路", "湖南路", "北京西路")),
    ("CN-32", "江苏省苏州市平江区", "320503", ("人民路", "干将东路", "平江路")),
    ("CN-42", "湖北省武汉市武昌区", "420106", ("中北路", "中山路", "武珞路")),
    ("CN-35", "福建省厦门市思明区", "350203", ("中山路", "湖滨南路", "鹭江道")),
)
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)

STYLES = {  # what a tourist mostly shops for
    "luxury": {C.LEATHER_GOODS: 5, C.JEWELLERY_WATCHES: 4, C.FASHION: 4, C.DEPARTMENT_STORE: 4, C.COSMETICS: 2},
    "beauty": {C.COSMETICS: 6, C.PHARMACY: 6, C.DEPARTMENT_STORE: 3, C.FASHION: 1},
    "gourmet": {C.FOOD_WINE: 7, C.SOUVENIRS: 2, C.OTHER: 2, C.PHARMACY: 2},
    "family": {C.CHILDREN: 4, C.SOUVENIRS: 4, C.PHARMACY: 4, C.DEPARTMENT_STORE: 3, C.FOOD_WINE: 2},
}
