"""Code 128 (ISO/IEC 15417), code set B, as the bars of a label's barcode; pure.

A symbol is three bars and three spaces, 11 modules wide; the value is Start B (104), one symbol per
character (its ASCII code less 32), a check symbol (the start value plus each symbol's value times its
position, modulo 103) and Stop (13 modules, with its termination bar). Set B covers everything an S10 id
or an internal parcel id is written with, so no switch of code set is needed.
"""

from __future__ import annotations

PATTERNS = (
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
    "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
)  # fmt: skip
"""Bar and space widths in modules, bar first, for the values 0 to 106 (106: Stop with its final bar)."""

START_B = 104
STOP = 106
QUIET_ZONE = 10
"""Modules of white the standard asks on each side of the symbol."""


def code128_values(text: str) -> list[int]:
    """The symbol values of ``text`` in code set B: start, characters, check, stop.

    ValueError for a character outside printable ASCII (space to ``~``).
    """
    values = [START_B]
    for char in text:
        code = ord(char)
        if not 32 <= code <= 126:
            raise ValueError(f"Code 128 set B has no symbol for {char!r}")
        values.append(code - 32)
    check = (START_B + sum(position * value for position, value in enumerate(values[1:], start=1))) % 103
    return [*values, check, STOP]


def code128_bars(text: str) -> list[tuple[int, int]]:
    """The bars of ``text``'s barcode as (start module, width in modules), after the left quiet zone."""
    bars: list[tuple[int, int]] = []
    x = QUIET_ZONE
    for value in code128_values(text):
        for index, width in enumerate(int(w) for w in PATTERNS[value]):
            if index % 2 == 0:
                bars.append((x, width))
            x += width
    return bars


def code128_width(text: str) -> int:
    """Modules across the whole symbol, quiet zones included."""
    return 2 * QUIET_ZONE + 11 * (len(text) + 3) + 2
