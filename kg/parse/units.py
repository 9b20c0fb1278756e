"""Responsible units (责任单位): split a table cell into units, and say which unit each one is.

A 责任单位 cell lists who must do a task: ``市发改局、教体局、工信局等部门``. Two steps read it.

:func:`split_units` splits the cell as the gold file writes it: on 、 ， ; outside brackets, line
breaks removed, a jurisdiction prefix written once for a list (``市发改局、教体局``) repeated on
every member except a collective designation or a body outside government (``供电公司``), and a
trailing ``等部门`` dropped and reported as an open-ended flag. ``X等区政府有关部门（单位）`` splits
at 等 into X and the collective after it.

:func:`resolve_unit` turns one written unit into a :class:`Unit` with a stable key: a level word
(区 市 县 …) names the issuer's area or the nearest area above it with that suffix (``区`` in a
莱芜区 document is 莱芜区 370116, ``市`` is 济南市 370100); a place name resolves through the
gazetteer; the rest is looked up in ``data/units/aliases.yaml`` so that ``区交通局``,
``区交通运输局`` and ``区城乡交通运输局`` are one unit whose kind is 交通运输局. The name is built
from the kind (莱芜区 + 交通运输局), so it is canonical rather than the official title where a
place differs (济南 writes 卫生健康委员会); what documents write is kept in ``aliases``. A name
no list knows is a kind of its own, still under its area. A prefix that names no area (``区`` in
a 招远市 document, 市中区 with nothing to say which) keeps the unit under the issuer's scope
(``370685/区|交通运输局``) instead of merging it with another document's.

Branches. ``市生态环境局莱芜分局`` in a 莱芜区 document is the 济南市 bureau's branch for 莱芜区:
since the vertical-management reform a county's environment bureau belongs to the city's. It
is its own unit (key ``370100|生态环境局|莱芜分局``) of the owning government (``jurisdiction_code``
370100), with ``parent_key`` the city bureau and ``area_code`` the area it serves (370116). A
branch named after the issuer's own area with no prefix (``生态环境局莱芜分局`` in a 莱芜区
document) is read the same way: no bureau has a branch named after its own area.

:class:`UnitRegistry` gathers resolved units across documents, one per key, merging every
spelling seen into ``aliases``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kg.errors import InputError
from kg.normalize import fold, key
from kg.parse.jurisdiction import NATION, gazetteer, short_name
from kg.parse.records import Jurisdiction
from kg.paths import DATA

__all__ = [
    "ALIASES_PATH",
    "Aliases",
    "Unit",
    "UnitRegistry",
    "aliases",
    "is_area_prefix",
    "is_collective",
    "load_aliases",
    "resolve_unit",
    "split_units",
]

ALIASES_PATH = DATA / "units" / "aliases.yaml"

#: Level words that stand for an area when they open a unit's name (区发改局, 市政府各部门).
LEVEL_WORDS = "省市区县州旗盟镇乡"
#: Where a cell splits, outside brackets.
_SEPARATORS = "、，,；;"
_OPEN = "（(〔【[《“‘"
_CLOSE = "）)〕】]》”’"
#: Trailing punctuation a cell or a member may carry.
_TRAILING = "。.，,、；;：:"
# --- roles: who leads a duty and who assists (one vocabulary for cells, notes and headers) ----
#: words that make a unit an assistant (配合单位, …配合) …
SUPPORT_ROLES = ("配合", "协办", "参与", "协同")
#: … and those that make it lead or answer for the work (牵头单位, 责任单位, …负责)
LEAD_ROLES = ("牵头", "责任", "主责", "承办", "负责")
#: what follows a unit's name to give its role (市政府办公室牵头, 市司法局按职责分工负责)
ROLE_VERBS = (
    "牵头负责",
    "按职责分工负责",
    "按职责负责",
    "分别负责",
    "具体负责",
    "负责落实",
    "牵头",
    "负责",
    "落实",
    *SUPPORT_ROLES,
)
#: a role label before a list of units: 牵头单位：, 配合部门：, 责任主体： (a cell may hold two)
ROLE_LABEL = re.compile(rf"(?:{'|'.join(LEAD_ROLES + SUPPORT_ROLES)})(?:单位|部门|主体)\s*[:：]")
_VERB = "|".join(ROLE_VERBS)
#: a unit's role after its name: 市政府办公室（牵头）, 市司法局按职责分工负责
_ROLE_MARK = re.compile(rf"(?:[（(](?:{_VERB}|牵头单位|配合单位)[)）]|{_VERB})$")
_SUPPORT = "|".join(SUPPORT_ROLES)
_SUPPORT_MARK = re.compile(rf"(?:[（(](?:{_SUPPORT}|配合单位)[)）]|{_SUPPORT})$")


def is_support_role(word: str) -> bool:
    """True for a role word or label that makes a unit an assistant (配合, 配合单位：, 协办部门)."""
    return fold(word).strip().startswith(SUPPORT_ROLES)


#: 等 followed by a count (等3个部门) also marks an open-ended list.
_COUNTED_TAIL = re.compile(r"[0-9一二三四五六七八九十两]+个(?:部门|单位)(?:\(单位\))?")
#: A jurisdiction placeholder in a collective's pattern.
_J = "{j}"


@dataclass(frozen=True)
class Unit:
    """One responsible unit: a department, a branch, a collective designation or an organisation.

    :ivar key: stable identity, rebuilt from the text and the issuer alone: ``"370116|交通运输局"``,
        ``"370100|生态环境局|莱芜分局"``, ``"370116|collective|各街道（镇）"``,
        ``"370685|organisation|供电公司"``. A prefix that names no known area is kept, scoped to
        the issuer: ``"370100/区|交通运输局"`` (a 区's bureau named in a 济南市 document).
    :ivar name: canonical full name (``莱芜区交通运输局``); for a collective the designation as
        normalized, with its area where it has one (``莱芜区政府各部门（单位）``); for an
        organisation the name as written.
    :ivar kind: the canonical department kind (``交通运输局``), the kind of members a collective
        stands for (``街道（镇）``), or ``"organisation"``.
    :ivar jurisdiction_code: the area whose government the unit belongs to; ``None`` for an
        organisation, or when the area is unknown.
    :ivar collective: True for a designation of many units (各街道（镇）, 区政府有关部门（单位）).
    :ivar aliases: every spelling seen, sorted.
    :ivar parent_key: for a branch, the key of the bureau it belongs to.
    :ivar area_code: the area served, where it is not the owning government's own: a branch's
        area (370116 for 市生态环境局莱芜分局), an organisation's issuer.
    """

    key: str
    name: str
    kind: str
    jurisdiction_code: str | None
    collective: bool
    aliases: tuple[str, ...] = ()
    parent_key: str | None = None
    area_code: str | None = None


@dataclass(frozen=True)
class _Collective:
    name: str
    members: str
    patterns: tuple[re.Pattern[str], ...]


@dataclass(frozen=True)
class Aliases:
    """The contents of ``aliases.yaml``, keyed for matching (see the file's header)."""

    departments: dict[str, str]
    collectives: tuple[_Collective, ...]
    organisation_names: frozenset[str]
    organisation_suffixes: tuple[str, ...]
    open_ended: frozenset[str]
    kinds: tuple[str, ...] = field(default=())
    qualifiers: tuple[str, ...] = field(default=())

    def department(self, text: str) -> str | None:
        """The canonical kind a department's name (without area) is written for, if known."""
        return self.departments.get(key(text))


def load_aliases(path: Path = ALIASES_PATH) -> Aliases:
    """Read an aliases file.

    :raises InputError: the file is missing, is not YAML of the documented shape, or gives one
        spelling to two department kinds.
    """
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"cannot read unit aliases: {exc}", path=path) from exc
    if not isinstance(data, dict):
        raise InputError("unit aliases must be a mapping", path=path)
    try:
        return _build_aliases(data)
    except (TypeError, KeyError, ValueError, AttributeError) as exc:
        raise InputError(f"bad unit aliases: {exc}", path=path) from exc


def _build_aliases(data: dict[str, Any]) -> Aliases:
    departments: dict[str, str] = {}
    for kind, variants in (data.get("departments") or {}).items():
        for spelling in [kind, *(variants or [])]:
            spelling_key = key(str(spelling))
            if departments.get(spelling_key, kind) != kind:
                raise ValueError(f"{spelling} is listed under {departments[spelling_key]} and {kind}")
            departments[spelling_key] = str(kind)
    collectives = tuple(
        _Collective(
            str(entry["name"]),
            str(entry["members"]),
            tuple(_compile_pattern(str(p)) for p in entry["patterns"]),
        )
        for entry in data.get("collectives") or []
    )
    organisations = data.get("organisations") or {}
    return Aliases(
        departments=departments,
        collectives=collectives,
        organisation_names=frozenset(key(str(n)) for n in organisations.get("names") or []),
        organisation_suffixes=tuple(key(str(s)) for s in organisations.get("suffixes") or []),
        open_ended=frozenset(key(str(t)) for t in data.get("open_ended") or []),
        kinds=tuple(str(k) for k in (data.get("departments") or {})),
        qualifiers=tuple(key(str(q)) for q in data.get("qualifiers") or []),
    )


def _compile_pattern(pattern: str) -> re.Pattern[str]:
    """A collective's pattern as a regex over match keys; ``{j}`` captures the prefix."""
    parts = [re.escape(key(part)) for part in pattern.split(_J)]
    return re.compile("(?P<j>.+?)".join(parts))


@lru_cache(maxsize=1)
def aliases() -> Aliases:
    """The bundled ``data/units/aliases.yaml``, loaded once."""
    return load_aliases(ALIASES_PATH)


# --- splitting a cell ------------------------------------------------------------------------


def split_units(cell: str) -> tuple[list[str], bool]:
    """Split a 责任单位 cell into units as written, and whether the list is open-ended.

    >>> split_units("市发改局、教体局、工信局等部门")
    (['市发改局', '市教体局', '市工信局'], True)
    >>> split_units("市教体局、卫健局、供电公司")
    (['市教体局', '市卫健局', '供电公司'], False)
    >>> split_units("各街道（镇），区政府各部门（单\\n位）")
    (['各街道（镇）', '区政府各部门（单位）'], False)
    >>> split_units("区水务局、区卫生健康局等区政府有关部门（单位）")
    (['区水务局', '区卫生健康局', '区政府有关部门（单位）'], False)

    Who leads and who assists is said in the cell but is no part of a name:

    >>> split_units("牵头单位：市政府办公室\\n配合单位：市直各部门")
    (['市政府办公室', '市直各部门'], False)
    >>> split_units("市政府办公室（牵头），市大数据局、市司法局按职责分工负责")
    (['市政府办公室', '市大数据局', '市司法局'], False)
    """
    pieces: list[str] = []
    open_ended = False
    for piece in _split_outside_brackets(_clean(ROLE_LABEL.sub("；", cell))):
        piece = _ROLE_MARK.sub("", piece) or piece
        head, tail, is_open = _split_etc(piece)
        open_ended = open_ended or is_open
        pieces.extend(p for p in (head, tail) if p)
    units: list[str] = []
    prefix = ""
    for piece in pieces:
        folded = fold(piece)
        if _match_collective(folded) is not None or _is_organisation(folded):
            units.append(piece)
            continue
        length, _ = _parse_prefix(folded)
        if length:
            prefix = piece[:length]
        elif prefix:
            piece = prefix + piece
        units.append(piece)
    return units, open_ended


def support_names(cell: str) -> list[str]:
    """The units a 责任单位 cell names as assisting, not leading: those after 配合单位：, and a
    list that ends in 配合 / 参与 / （配合）.

    >>> support_names("牵头单位：市政府办公室；配合单位：市直各部门、各县市区政府")
    ['市直各部门', '各县市区政府']
    >>> support_names("市政府办公室牵头，市大数据局、市司法局配合")
    ['市大数据局', '市司法局']
    >>> support_names("市发改局、教体局、工信局等部门")
    []
    >>> support_names("市政府办公室（牵头）、市大数据局（配合）")
    ['市大数据局']
    """
    out: list[str] = []
    for piece in re.split(rf"(?={ROLE_LABEL.pattern})", cell):
        labelled = ROLE_LABEL.match(piece.strip()) and is_support_role(piece)
        body = ROLE_LABEL.sub("", piece)
        for segment in re.split(r"[，,；;]", body):
            segment = _clean(segment)
            pieces = segment.split("、")
            # 市政府办公室（牵头）、市大数据局（配合）: each piece says its own role
            marked = sum(
                1 for piece in pieces if _SUPPORT_MARK.search(fold(piece)) or _ROLE_MARK.search(fold(piece))
            )
            for part in pieces if marked >= 2 else [segment]:
                if part and (labelled or _SUPPORT_MARK.search(fold(part))):
                    out.extend(u for u in split_units(part)[0] if u not in out)
    return out


def _clean(text: str) -> str:
    """The text without whitespace (a PDF cell wraps anywhere) and trailing punctuation."""
    return "".join(text.split()).strip(_TRAILING)


def _split_outside_brackets(text: str) -> list[str]:
    pieces: list[str] = []
    depth = 0
    start = 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(depth - 1, 0)
        elif ch in _SEPARATORS and depth == 0:
            pieces.append(text[start:i])
            start = i + 1
    pieces.append(text[start:])
    return [p.strip(_TRAILING) for p in pieces if p.strip(_TRAILING)]


def _split_etc(piece: str) -> tuple[str, str, bool]:
    """``X等部门`` -> (X, "", open); ``X等区政府有关部门（单位）`` -> (X, the collective, closed)."""
    table = aliases()
    for match in reversed(list(re.finditer("等", piece))):
        head, tail = piece[: match.start()], piece[match.end() :]
        if not head:
            continue
        tail_key = key(tail)
        if not tail_key or tail_key in table.open_ended or _COUNTED_TAIL.fullmatch(tail_key):
            return head, "", True
        if _match_collective(fold(tail)) is not None:
            return head, tail, False
    return piece, "", False


# --- recognising the parts of a unit's name ---------------------------------------------------


def _match_listed(name_key: str) -> tuple[_Collective, str | None] | None:
    for collective in aliases().collectives:
        for pattern in collective.patterns:
            match = pattern.fullmatch(name_key)
            if match is None:
                continue
            prefix = match.groupdict().get("j")
            if prefix is not None and not _is_prefix(prefix):
                continue
            return collective, prefix
    return None


def _match_collective(folded: str) -> tuple[_Collective | None, str | None] | None:
    """The collective a name designates and the prefix its ``{j}`` matched, if any.

    A name opening with 各 that no pattern knows is a collective too: ``(None, None)``. A
    qualifier (有条件的单位) makes a collective of the units it selects, whose members are the
    kind the rest names. A listed designation after a modifier ending in 的
    (列入目录的重大行政决策事项承办单位) is that designation: the modifier narrows the
    description, not the units meant.
    """
    name_key = key(folded)
    listed = _match_listed(name_key)
    if listed is not None:
        return listed
    for qualifier in aliases().qualifiers:
        rest = name_key[len(qualifier) :]
        if name_key.startswith(qualifier) and rest:
            # 有条件的区县 selects among 各区县: the members of that designation, when one is listed.
            listed_rest = None if rest.startswith("各") else _match_listed("各" + rest)
            members = listed_rest[0].members if listed_rest else resolve_unit(rest, jurisdiction=None).kind
            return _Collective(_display(name_key), members, ()), None
    if name_key.startswith("各") and len(name_key) > 2:
        return None, None
    if "的" in name_key:
        return _match_listed(name_key[name_key.rindex("的") + 1 :])
    return None


def is_collective(written: str, *, listed: bool = False) -> bool:
    """Whether a written unit designates many units (各部门和单位, 有条件的单位, 各街道（镇）).

    With *listed*, only a designation ``aliases.yaml`` lists counts (各部门和单位, not 各乡镇和街道).
    """
    text, _ = _strip_note(_clean(written))
    if listed:
        return _match_listed(key(fold(text))) is not None
    return _match_collective(fold(text)) is not None


#: A bracketed note after a name, not part of it: (含…), (包括…), (下同), or anything with a comma.
_NOTE = re.compile(r"[(](?:含|包括|包含|不含|以下|下同|简称|[^()]*,)[^()]*[)]$")


def _strip_note(text: str) -> tuple[str, str]:
    """*text* without a trailing scope note, and the note.

    >>> _strip_note("各区县政府（含代管镇、街道的功能区管理机构，下同）")
    ('各区县政府', '（含代管镇、街道的功能区管理机构，下同）')
    >>> _strip_note("区发改局（牵头、统筹）")
    ('区发改局（牵头、统筹）', '')
    """
    note = _NOTE.search(fold(text))
    if note is None or note.start() == 0:
        return text, ""
    return text[: note.start()], text[note.start() :]


#: The government of a level: 市级政府 in a 济南市 document is 济南市人民政府; 县级政府 in a
#: province's document, governments of a level below the issuer, is a collective.
_LEVEL_GOVERNMENT = re.compile(r"^(?P<level>本|区县|县区|县市区|市县|[省市区县乡镇])级(?:人民)?政府$")


def _is_organisation(folded: str) -> bool:
    table = aliases()
    name_key = key(folded)
    return name_key in table.organisation_names or name_key.endswith(table.organisation_suffixes)


def _is_prefix(text: str) -> bool:
    """True when *text* is exactly a jurisdiction prefix: a level word or a place."""
    if len(text) == 1:
        return text in LEVEL_WORDS
    place = _place_prefix(text)
    return place is not None and place[0] == len(text)


def is_area_prefix(text: str) -> bool:
    """Whether *text* (folded) is exactly a jurisdiction prefix: a level word or a place.

    >>> is_area_prefix("区"), is_area_prefix("莱芜区"), is_area_prefix("选取")
    (True, True, False)
    """
    return bool(text) and _is_prefix(text)


def _known(core: str) -> bool:
    return aliases().department(core) is not None or _branch(core) is not None


def _branch(core: str) -> tuple[str, str] | None:
    """``生态环境局莱芜分局`` -> (``生态环境局``, ``莱芜``): the bureau's kind and the branch's place."""
    if not core.endswith("分局"):
        return None
    body = core[:-2]
    table = aliases()
    for cut in range(len(body) - 1, 1, -1):
        kind = table.department(body[:cut])
        if kind is not None:
            return kind, body[cut:]
    return None


def _place_prefix(folded: str, context: str = "") -> tuple[int, str | None, bool] | None:
    """The places *folded* opens with: (characters used, deepest area's code, ends on a full name).

    A name several areas share (市中区) with nothing in *context* to choose between them still
    counts as a prefix, with no code.
    """
    gaz = gazetteer()
    chain = gaz.chain(folded, context=context)
    if not chain:
        for length in range(min(gaz.max_len, len(folded)), 1, -1):
            candidates = gaz.by_name.get(folded[:length])
            if candidates:
                return length, None, any(unit.name == folded[:length] for unit in candidates)
        return None
    pos = 0
    full = False
    for unit in chain:
        for name in (unit.name, short_name(unit.name)):
            if folded.startswith(name, pos):
                pos += len(name)
                full = name == unit.name
                break
    return pos, chain[-1].code, full


def _parse_prefix(folded: str, context: str = "") -> tuple[int, str | None]:
    """How many characters of *folded* are a jurisdiction prefix, and the place's code if named.

    The name as a whole being a known department comes first (市场监管局 has no prefix 市); then
    a place or a level word followed by a known department; then a full place name or a level
    word before an unknown name (区商务综合服务中心 in a file that does not list it).
    """
    if _known(folded):
        return 0, None
    place = _place_prefix(folded, context)
    if place is not None and place[0] < len(folded) and _known(folded[place[0] :]):
        return place[0], place[1]
    level = folded[:1] in LEVEL_WORDS and len(folded) > 2
    if level and _known(folded[1:]):
        return 1, None
    if place is not None and place[2] and len(folded) - place[0] >= 2:
        return place[0], place[1]
    if level:
        return 1, None
    return 0, None


# --- resolving a unit ------------------------------------------------------------------------


def _level_area(word: str, jurisdiction: Jurisdiction | None) -> Jurisdiction | None:
    """The area a level word names: the issuer's own, or the nearest above it with that suffix."""
    if jurisdiction is None:
        return None
    gaz = gazetteer()
    if jurisdiction.code not in gaz.units:
        return jurisdiction if jurisdiction.name.endswith(word) else None
    code = jurisdiction.code
    while code and code != NATION[0]:
        unit = gaz.units[code]
        if unit.name.endswith(word):
            return gaz.jurisdiction(code)
        code = unit.parent
    return None


def _context(jurisdiction: Jurisdiction | None) -> str:
    if jurisdiction is None:
        return ""
    return jurisdiction.name + (jurisdiction.parent_name or "")


def _prefix_area(
    prefix: str, place_code: str | None, jurisdiction: Jurisdiction | None
) -> Jurisdiction | None:
    if not prefix:
        return jurisdiction
    if place_code is not None:
        return gazetteer().jurisdiction(place_code)
    if len(prefix) == 1:
        return _level_area(prefix, jurisdiction)
    place = _place_prefix(prefix, _context(jurisdiction))
    return gazetteer().jurisdiction(place[1]) if place and place[1] else None


def _scope(area: Jurisdiction | None, prefix: str, jurisdiction: Jurisdiction | None) -> str:
    """The first part of a key: the area's code, else the unresolved prefix under the issuer's."""
    if area is not None:
        return area.code
    issuer = jurisdiction.code if jurisdiction else "?"
    return f"{issuer}/{prefix}" if prefix else issuer


def _display(text: str) -> str:
    """A normalized spelling for names and keys: folded, brackets full-width as Chinese writes them.

    >>> _display("各街道(镇)")
    '各街道（镇）'
    """
    text = unicodedata.normalize("NFKC", fold(text))
    return text.replace("(", "（").replace(")", "）")


def resolve_unit(written: str, *, jurisdiction: Jurisdiction | None) -> Unit:
    """The unit a written name stands for, in a document issued for *jurisdiction*.

    >>> from kg.parse.jurisdiction import find_jurisdiction
    >>> laiwu = find_jurisdiction("济南市莱芜区人民政府办公室", None)
    >>> resolve_unit("区交通局", jurisdiction=laiwu).key
    '370116|交通运输局'
    >>> resolve_unit("区城乡交通运输局", jurisdiction=laiwu).name
    '莱芜区交通运输局'
    >>> unit = resolve_unit("市生态环境局莱芜分局", jurisdiction=laiwu)
    >>> unit.key, unit.name, unit.parent_key, unit.area_code
    ('370100|生态环境局|莱芜分局', '济南市生态环境局莱芜分局', '370100|生态环境局', '370116')
    >>> resolve_unit("各街道（镇）", jurisdiction=laiwu).key
    '370116|collective|各街道（镇）'
    """
    text, _ = _strip_note(_clean(written))
    folded = fold(text)
    spellings = (text,)
    level = _LEVEL_GOVERNMENT.match(key(folded))
    if level is not None:
        return _resolve_level_government(text, level["level"], jurisdiction)
    collective = _match_collective(folded)
    if collective is not None:
        return _resolve_collective(text, collective, jurisdiction)
    if _is_organisation(folded):
        issuer = jurisdiction.code if jurisdiction else "?"
        name = _display(text)
        return Unit(
            key=f"{issuer}|organisation|{name}",
            name=name,
            kind="organisation",
            jurisdiction_code=None,
            collective=False,
            aliases=spellings,
            area_code=jurisdiction.code if jurisdiction else None,
        )
    length, place_code = _parse_prefix(folded, _context(jurisdiction))
    prefix, core = folded[:length], folded[length:]
    area = _prefix_area(prefix, place_code, jurisdiction)
    kind = aliases().department(core)
    branch = None if kind is not None else _branch(core)
    if branch is not None:
        return _resolve_branch(branch, prefix, area, jurisdiction, spellings)
    kind = kind or _display(core)
    scope = _scope(area, prefix, jurisdiction)
    return Unit(
        key=f"{scope}|{kind}",
        name=(area.name if area else prefix) + kind,
        kind=kind,
        jurisdiction_code=area.code if area else None,
        collective=False,
        aliases=spellings,
    )


def _resolve_level_government(text: str, level: str, jurisdiction: Jurisdiction | None) -> Unit:
    """市级政府, 本级政府: that area's government; a level below the issuer's: a collective."""
    area = jurisdiction if level == "本" else (_level_area(level, jurisdiction) if len(level) == 1 else None)
    if area is not None:
        return Unit(
            key=f"{area.code}|人民政府",
            name=f"{area.name}人民政府",
            kind="人民政府",
            jurisdiction_code=area.code,
            collective=False,
            aliases=(text,),
        )
    designation = f"{level}级政府"
    return Unit(
        key=f"{_scope(jurisdiction, '', jurisdiction)}|collective|{designation}",
        name=designation,
        kind=f"{level}人民政府",
        jurisdiction_code=jurisdiction.code if jurisdiction else None,
        collective=True,
        aliases=(text,),
    )


def _resolve_collective(
    text: str,
    match: tuple[_Collective | None, str | None],
    jurisdiction: Jurisdiction | None,
) -> Unit:
    collective, prefix = match
    area = _prefix_area(prefix, None, jurisdiction) if prefix else jurisdiction
    if collective is None:  # an unlisted 各… designation
        designation = _display(text)
        canonical, name, members = designation, designation, designation[1:]
    else:
        canonical = collective.name.replace(_J, "")
        place = area.name if area else (prefix or "")
        name, members = collective.name.replace(_J, place), collective.members
    return Unit(
        key=f"{_scope(area, prefix or '', jurisdiction)}|collective|{canonical}",
        name=name,
        kind=members,
        jurisdiction_code=area.code if area else None,
        collective=True,
        aliases=(text,),
    )


def _resolve_branch(
    branch: tuple[str, str],
    prefix: str,
    area: Jurisdiction | None,
    jurisdiction: Jurisdiction | None,
    spellings: tuple[str, ...],
) -> Unit:
    kind, place = branch
    gaz = gazetteer()
    served_place = _place_prefix(place, _context(area))
    served = None
    if served_place and served_place[1] and served_place[0] == len(place):
        served = gaz.jurisdiction(served_place[1])
    if served is not None and area is not None and served.code == area.code and area.parent_code:
        # No bureau has a branch named after its own area: it is the bureau one level up.
        area = gaz.jurisdiction(area.parent_code)
    label = (short_name(served.name) if served else place) + "分局"
    scope = _scope(area, prefix, jurisdiction)
    return Unit(
        key=f"{scope}|{kind}|{label}",
        name=(area.name if area else prefix) + kind + label,
        kind=kind,
        jurisdiction_code=area.code if area else None,
        collective=False,
        aliases=spellings,
        parent_key=f"{scope}|{kind}",
        area_code=served.code if served else None,
    )


# --- across documents ------------------------------------------------------------------------


class UnitRegistry:
    """Units resolved across documents, one per key, with every spelling seen as an alias.

    >>> from kg.parse.jurisdiction import gazetteer
    >>> registry = UnitRegistry()
    >>> laiwu = gazetteer().jurisdiction("370116")
    >>> registry.add("区交通局", laiwu).key == registry.add("区交通运输局", laiwu).key
    True
    >>> [(u.key, u.aliases) for u in registry.units()]
    [('370116|交通运输局', ('区交通局', '区交通运输局'))]
    """

    def __init__(self) -> None:
        self._units: dict[str, Unit] = {}

    def add(self, written: str, jurisdiction: Jurisdiction | None) -> Unit:
        """Resolve *written* and merge it into the unit of the same key; returns the merged unit."""
        unit = resolve_unit(written, jurisdiction=jurisdiction)
        known = self._units.get(unit.key)
        if known is not None:
            unit = replace(known, aliases=tuple(sorted(set(known.aliases) | set(unit.aliases))))
        self._units[unit.key] = unit
        return unit

    def add_cell(self, cell: str, jurisdiction: Jurisdiction | None) -> tuple[list[Unit], bool]:
        """Split a 责任单位 cell and add each unit; returns the units and the open-ended flag."""
        written, open_ended = split_units(cell)
        return [self.add(w, jurisdiction) for w in written], open_ended

    def units(self) -> list[Unit]:
        """Every unit, sorted by key."""
        return [self._units[k] for k in sorted(self._units)]

    def get(self, unit_key: str) -> Unit | None:
        """The unit with *unit_key*, if it was added."""
        return self._units.get(unit_key)

    def __len__(self) -> int:
        return len(self._units)

    def __contains__(self, unit_key: object) -> bool:
        return unit_key in self._units
