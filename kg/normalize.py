"""Match keys: text folded so that spelling variants compare equal, one character for one.

We store text exactly as written and parse against a *folded* copy of the same length:
full-width ASCII becomes half-width (``（十一）`` and ``(十一)`` match the same pattern), the
ideographic space becomes a space, and traditional characters become simplified ones
(``國辦發〔2022〕8號`` matches the 文号 pattern written for ``国办发〔2022〕8号``). Because folding
maps each character to exactly one character, a match found in the key is sliced out of the
original text at the same offsets, so what we store is what the document says.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():  # type: ignore[no-untyped-def]
    import opencc

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=65536)
def fold_char(ch: str) -> str:
    """Fold one character; the result is always exactly one character.

    >>> fold_char("（"), fold_char("１"), fold_char("號"), fold_char("\\u3000")
    ('(', '1', '号', ' ')
    """
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:
        return chr(code - 0xFEE0)
    if ch in "\u3000\u00a0\u2002\u2003\u2009\u202f":
        return " "
    if ch in "○◯":
        return "〇"  # the zero of a Chinese date is often typed as a circle (二○二三年)
    if code < 0x3400:
        return ch
    if ch in _official():
        return ch
    converted = _converter().convert(ch)
    return converted if len(converted) == 1 else ch


@lru_cache(maxsize=1)
def _official() -> frozenset[str]:
    """Characters of official place names that a traditional→simplified fold would change.

    乾 is simplified in 乾县 and 乾安县 but folds to 干 as a traditional character; the names in
    the gazetteer are the official simplified spellings, so their characters are kept.

    >>> fold_char("乾"), fold_char("國")
    ('乾', '国')
    """
    import csv

    from kg.paths import GAZETTEER

    if not GAZETTEER.exists():
        return frozenset()
    with GAZETTEER.open(encoding="utf-8") as handle:
        names = "".join(row.get("name", "") for row in csv.DictReader(handle))
    converter = _converter()
    return frozenset(ch for ch in set(names) if ord(ch) >= 0x3400 and converter.convert(ch) != ch)


class _FoldTable(dict[int, str]):
    """A str.translate table that folds each code point once, on first sight (fold_char)."""

    def __missing__(self, code: int) -> str:
        folded = fold_char(chr(code))
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Fold *text* character by character; ``len(fold(t)) == len(t)`` always holds.

    >>> fold("（十一）國辦發〔2022〕8號")
    '(十一)国办发〔2022〕8号'
    """
    return text.translate(_FOLD)


_SPACE = re.compile(r"\s+")


def key(text: str) -> str:
    """A comparison key: folded, NFKC-normalised, without whitespace or trailing full stops.

    >>> key(" 莱政办发〔2023〕16 号 ") == key("莱政办发〔2023〕16号")
    True
    """
    text = unicodedata.normalize("NFKC", fold(text))
    return _SPACE.sub("", text).rstrip("。.；;")


def is_cjk(ch: str) -> bool:
    """True for a CJK ideograph (the BMP blocks and Extension A).

    >>> is_cjk("政"), is_cjk("a"), is_cjk("，")
    (True, False, False)
    """
    code = ord(ch)
    return 0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0xF900 <= code <= 0xFAFF
