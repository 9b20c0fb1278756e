"""Chinese numerals as printed in outlines and dates (一 … 九十九, 一百…, 二〇二三)."""

from __future__ import annotations

_DIGIT = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}


def cn_to_int(text: str) -> int:
    """Value of a Chinese numeral below 1000, or of Arabic digits.

    :raises ValueError: when *text* is not a numeral.

    >>> [cn_to_int(s) for s in ("一", "十", "十一", "二十", "二十三", "一百零五", "12")]
    [1, 10, 11, 20, 23, 105, 12]
    """
    text = text.strip()
    if text.isdigit() and text.isascii():
        return int(text)
    if not text:
        raise ValueError("empty numeral")
    total, current = 0, 0
    for ch in text:
        if ch in _DIGIT:
            current = _DIGIT[ch]
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        elif ch == "百":
            total += (current or 1) * 100
            current = 0
        else:
            raise ValueError(f"not a Chinese numeral: {text!r}")
    return total + current


def cn_year(text: str) -> int:
    """A year written digit by digit (二〇二三) or in Arabic digits.

    >>> cn_year("二〇二三"), cn_year("2022")
    (2023, 2022)
    """
    text = text.strip()
    if text.isdigit() and text.isascii():
        return int(text)
    return int("".join(str(_DIGIT[ch]) for ch in text))


def int_to_cn(n: int) -> str:
    """Chinese numeral for 1 ≤ n < 1000, the inverse of :func:`cn_to_int`.

    >>> [int_to_cn(n) for n in (1, 10, 11, 20, 23, 105)]
    ['一', '十', '十一', '二十', '二十三', '一百零五']
    """
    if not 0 < n < 1000:
        raise ValueError(f"out of range: {n}")
    digits = "零一二三四五六七八九"
    hundreds, rest = divmod(n, 100)
    tens, ones = divmod(rest, 10)
    out = ""
    if hundreds:
        out += digits[hundreds] + "百"
        if rest and tens == 0:
            out += "零"
    if tens:
        out += ("" if tens == 1 and not hundreds else digits[tens]) + "十"
    if ones:
        out += digits[ones]
    return out
