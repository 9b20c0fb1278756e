"""Jurisdictions: which administrative area a document's issuer governs, from the gazetteer."""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kg.normalize import fold
from kg.parse.records import Jurisdiction
from kg.paths import GAZETTEER

#: The national level, above the provinces (GB/T 2260 uses 100000 for the whole country).
NATION = ("100000", "中华人民共和国", "country", "")

#: Official one-character abbreviations of provinces as they open document numbers (鲁政办发…).
PROVINCE_ABBREVIATIONS = {
    "京": "110000",
    "津": "120000",
    "冀": "130000",
    "晋": "140000",
    "蒙": "150000",
    "辽": "210000",
    "吉": "220000",
    "黑": "230000",
    "沪": "310000",
    "苏": "320000",
    "浙": "330000",
    "皖": "340000",
    "闽": "350000",
    "赣": "360000",
    "鲁": "370000",
    "豫": "410000",
    "鄂": "420000",
    "湘": "430000",
    "粤": "440000",
    "桂": "450000",
    "琼": "460000",
    "渝": "500000",
    "川": "510000",
    "黔": "520000",
    "滇": "530000",
    "云": "530000",
    "藏": "540000",
    "陕": "610000",
    "甘": "620000",
    "青": "630000",
    "宁": "640000",
    "新": "650000",
}
#: National issuers: 国务院 and its General Office.
NATIONAL_PREFIXES = ("国务院", "国办", "国发", "国函")

_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "特区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    level: str
    parent: str


class Gazetteer:
    """Names and codes of administrative areas, with the parent of each."""

    def __init__(self, units: list[Unit]) -> None:
        self.units = {u.code: u for u in units}
        self.by_name: dict[str, list[Unit]] = {}
        for unit in units:
            for name in {unit.name, short_name(unit.name)}:
                if len(name) >= 2:
                    self.by_name.setdefault(name, []).append(unit)
        self.max_len = max(len(n) for n in self.by_name)

    @classmethod
    def load(cls, path: Path = GAZETTEER) -> Gazetteer:
        with path.open(encoding="utf-8", newline="") as handle:
            units = [
                Unit(r["code"], r["name"], r["level"], r["parent"] or NATION[0])
                for r in csv.DictReader(handle)
            ]
        return cls([Unit(*NATION), *units])

    def jurisdiction(self, code: str) -> Jurisdiction:
        unit = self.units[code]
        parent = self.units.get(unit.parent)
        return Jurisdiction(
            unit.name, unit.code, unit.level, parent.name if parent else None, parent.code if parent else None
        )

    def chain(self, text: str, *, context: str = "") -> list[Unit]:
        """The areas named one after another at the start of *text* (济南市莱芜区… → 济南市, 莱芜区).

        A name shared by several areas (市中区, 鼓楼区) is resolved by the area before it in the
        chain, else by which candidate's parent *context* mentions most.
        """
        found: list[Unit] = []
        pos = 0
        while pos < len(text):
            match = None
            for length in range(min(self.max_len, len(text) - pos), 1, -1):
                candidates = self.by_name.get(text[pos : pos + length])
                if candidates:
                    match = (length, candidates)
                    break
            if match is None:
                break
            length, candidates = match
            if found:
                children = [c for c in candidates if c.parent == found[-1].code]
                if not children:
                    break
                candidates = children
            picked = self._pick(candidates, context)
            if picked is None:
                break  # a name several areas share, and nothing says which: do not guess
            found.append(picked)
            pos += length
        return found

    def _pick(self, candidates: list[Unit], context: str) -> Unit | None:
        if len(candidates) == 1:
            return candidates[0]

        def mentions(unit: Unit) -> int:
            parent = self.units.get(unit.parent)
            if parent is None or parent.code == NATION[0]:
                return 0
            return context.count(parent.name) + context.count(short_name(parent.name))

        ranked = sorted(candidates, key=lambda u: (-mentions(u), u.code))
        if mentions(ranked[0]) == 0 or mentions(ranked[0]) == mentions(ranked[1]):
            return None
        return ranked[0]


def short_name(name: str) -> str:
    """The name without its administrative suffix (济南市 → 济南, 内蒙古自治区 → 内蒙古).

    >>> short_name("济南市"), short_name("莱芜区"), short_name("内蒙古自治区"), short_name("市中区")
    ('济南', '莱芜', '内蒙古', '市中')
    """
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The bundled gazetteer, loaded once."""
    return Gazetteer.load()


def find_jurisdiction(
    issuer: str | None, doc_number_prefix: str | None, context: str = ""
) -> Jurisdiction | None:
    """The area an issuer governs: the deepest area its name starts with, else the 文号 prefix.

    >>> find_jurisdiction("济南市莱芜区人民政府办公室", None).code
    '370116'
    >>> find_jurisdiction("山东省人民政府办公厅", "鲁政办发").name
    '山东省'
    >>> find_jurisdiction("国务院办公厅", "国办发").code
    '100000'
    """
    gaz = gazetteer()
    if issuer:
        # Names are looked up folded (廣東省 → 广东省); a Party office names its area after 中共.
        issuer = re.sub(r"^(?:中共|中国共产党)", "", fold(issuer))
        chain = gaz.chain(issuer, context=fold(context))
        if chain:
            return gaz.jurisdiction(chain[-1].code)
        if issuer.startswith(NATIONAL_PREFIXES):
            return gaz.jurisdiction(NATION[0])
    if doc_number_prefix:
        if doc_number_prefix.startswith(NATIONAL_PREFIXES):
            return gaz.jurisdiction(NATION[0])
        code = PROVINCE_ABBREVIATIONS.get(fold(doc_number_prefix[0]))
        if code and fold(doc_number_prefix[1:2]) in ("政", "办", "发", "委", "府"):
            return gaz.jurisdiction(code)
    return None
