"""Bytes to text: find the encoding of a Chinese document instead of assuming it.

Government sites still serve GB2312/GBK/GB18030 text, Taiwan and Hong Kong sources Big5, and
editors on Windows add a UTF-8 byte-order mark. The order of trust is: a byte-order mark, strict
UTF-8 (which almost never decodes non-UTF-8 Chinese by accident), then the legacy encodings, each
decoded strictly and scored by how much of the result is ordinary Chinese text.
"""

from __future__ import annotations

import codecs

from kg.errors import InputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)

# Legacy encodings tried after UTF-8, in order of how often they carry policy documents.
LEGACY_ENCODINGS = ("gb18030", "big5")

# Characters that are frequent in official documents, in simplified and traditional forms. A wrong
# decoding turns them into rare characters, so their share ranks the candidates.
_COMMON = set(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说"
    "产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使"
    "点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明"
    "看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料"
    "象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指"
    "几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶"
    "油思术极交受联什认六共权收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议"
    "声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影"
    "算低持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何"
    "除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属"
    "圆包火住调满县局照参红细引听该铁价严龙飞"
    "們個國會時來說對後發開長經動實現點從業還與關當變機學體進種這麼為產於過間數應見義際區內製議導辦縣"
)


def _score(text: str) -> float:
    """Share of characters that are common Chinese characters, ASCII or usual punctuation."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        if ch in _COMMON or ch.isascii() or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef":
            good += 1
    return good / len(text)


def looks_binary(data: bytes) -> bool:
    """True when *data* is not text in any encoding we read.

    >>> looks_binary(b"\\x00\\x01\\x02PK")
    True
    >>> looks_binary("政务公开".encode("gb18030"))
    False
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return False
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(4, len(sample) // 100)


def decode_bytes(data: bytes, *, declared: str | None = None) -> tuple[str, str]:
    """Decode *data*, returning ``(text, encoding)``.

    :param declared: an encoding the container declares (an HTML ``<meta charset>``); it is tried
        first among the legacy encodings but never trusted over a byte-order mark or valid UTF-8.
    :raises InputError: when no encoding decodes the bytes as text.

    >>> decode_bytes("國辦發〔2022〕8號".encode("big5"))
    ('國辦發〔2022〕8號', 'big5')
    >>> decode_bytes("莱政办发〔2023〕16号".encode("gbk"))[1]
    'gb18030'
    >>> decode_bytes(codecs.BOM_UTF8 + "要点".encode())
    ('要点', 'utf-8-sig')
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"starts with a {encoding} byte-order mark but does not decode: {exc.reason}"
                ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates: list[str] = []
    if declared:
        try:
            name = codecs.lookup(declared).name
        except LookupError:
            name = ""
        # GB2312 and GBK are subsets of GB18030: decode with the superset.
        candidates.append("gb18030" if name in ("gb2312", "gbk", "gb18030") else name)
        candidates = [c for c in candidates if c]
    candidates += [e for e in LEGACY_ENCODINGS if e not in candidates]
    best: tuple[float, int, str, str] | None = None
    for rank, encoding in enumerate(candidates):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        key = (_score(text), -rank, text, encoding)
        if best is None or key[:2] > best[:2]:
            best = key
    if best is None or best[0] < 0.5:
        raise InputError("is not text in UTF-8, GB18030/GBK or Big5")
    return best[2], best[3]
