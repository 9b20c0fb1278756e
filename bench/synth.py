"""A deterministic synthetic corpus of 政务公开工作要点 over the real jurisdiction tree.

    python bench/synth.py --out DIR [--provinces 31 --prefectures 10 --counties 10]
                          [--years 2023 …] [--seed 7] [--limit N] [--only 370000 …]

Each province gets a root document per year; each prefecture (the first ``--prefectures``
children of a province in code order: prefectures, or the districts of a municipality) gets a
child of its province's document, and each county (the first ``--counties`` children of that
prefecture) a child of its prefecture's. ``--limit N`` keeps the first N documents breadth-first
(every province's root first, then the prefectures, then the counties), so a document's parent
is always in the corpus, and a smaller corpus is a prefix of a larger one with the same seed.

The text comes from the real corpus (``data/corpus``, parsed with :func:`kg.parse.parse_file`):
item headings and sentences pooled by theme (重点领域, 政策解读, 决策, 规范基础, 平台, 保障),
section headings, preambles and the units of the real 任务分工 tables, with place names, years,
level words (市委, 全市, 区政府 …), counts, durations and deadlines turned into slots that each
document fills for its own jurisdiction. A child copies its parent the way real ones do: items
kept verbatim or reworded (synonyms, a clause inserted or removed, a sentence removed), counts
strengthened or weakened, deadlines postponed (or advanced), 要 softened to 原则上要, a duty
handed down a level, sections reordered, items dropped, a few items added from the pool.

Files: ``DIR/{year}-{code}.txt`` in the layout of the real documents (GB/T 9704 header, outline,
closing, an optional TAB-separated 任务分工 table with merged cells, 抄送 and 印发 lines), and
``DIR/truth.json``: the run's parameters and ``documents``, one JSON object per line, each with

- ``file``, ``doc_number``, ``issuer``, ``title``, ``attached_title``, ``date``, ``year``,
  ``recipients``, ``cc``, ``jurisdiction`` {code, name, level, parent}, ``numbering``
  (continuous|restart), ``counts`` {sections, items, tasks};
- ``parent``: {file, doc_number, code} of the parent document, null for a root;
- ``sections``: [{number, heading, items, parent_section (children), item_list: [{section, item,
  label, heading, and for children: parent {section, item} or null, changes, details}]}];
  numbers are printed numbers, as ``kg parse`` and ``kg diff`` give them;
- ``changes`` in the vocabulary of ``kg diff``: ``verbatim`` or ``reworded`` (any wording change
  beyond place names, level words and digits), then ``strengthened``, ``weakened``, ``postponed``,
  ``bearer-changed``; ``["added"]`` for an item the child added. ``details`` say what was done:
  synonym, clause-inserted, clause-removed, sentence-removed, bearer-localized (the parent's
  各区县政府 becomes the child's 区政府), quantity-stronger/-weaker (count or duration),
  postponed/advanced, modality-weaker (要 → 原则上要), bearer-changed (a duty handed down a level);
- children also: ``dropped`` (the parent's items no child item adapts), ``added``,
  ``reordered`` (two sections swapped), ``renamed`` {level, place};
- ``annex`` when the document has a 任务分工 table: {title, tasks: [{n, section, item, units,
  deadline}]}, units and deadline as a reader must recover them (merged cells filled from the
  row above in the same item).

The same seed gives byte-identical files; every document draws from its own ``random.Random``
seeded by (seed, code, year), so documents do not depend on how many others are generated.
"""

from __future__ import annotations

import argparse
import datetime
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from kg.parse import parse_file  # noqa: E402
from kg.parse.jurisdiction import PROVINCE_ABBREVIATIONS, find_jurisdiction, gazetteer, short_name  # noqa: E402
from kg.parse.tables import looks_like_units  # noqa: E402

CORPUS = ROOT / "data" / "corpus"
FILE_NAME = re.compile(r"^\d{4}-\d{6}\.txt$")

# ---------------------------------------------------------------------------------------------
# Themes: what a section of a 工作要点 is about, in the order the genre puts them.

THEMES = ("重点领域", "政策解读", "决策公开", "规范基础", "平台建设", "工作保障")
_ITEM_THEME = (
    (2, "政策评价|决策|列席"),
    (3, "依申请|基层|保密|企事业|流程|品牌|标准"),
    (4, "网站|新媒体|数字化|平台|开放活动"),
    (0, "市场主体|民生|高质量发展|营商|战略|疫情|低碳|急难愁盼"),
    (5, "组织|培训|考核|督|落实|作风|机制|保障"),
    (1, "解读|舆情|回应|政策集中|政策公开|互动|关切|政策"),
)
_SECTION_THEME = (
    (0, "重点领域|中心工作|决策部署|绿色低碳"),
    (2, "决策"),
    (1, "解读|政策"),
    (4, "平台"),
    (5, "保障|监督"),
    (3, "基础|规范|标准"),
)


def _theme(text: str, rules: tuple[tuple[int, str], ...]) -> int | None:
    for theme, pattern in rules:
        if re.search(pattern, text):
            return theme
    return None


# ---------------------------------------------------------------------------------------------
# Templates: real text with slots. Slots are str.format fields:
#   {lv} own level word (省 市 区 县 州 盟 旗 …)   {lower} 各市 / 各区县 / 各乡镇   {lowerb} 市 / 区县 / 乡镇
#   {place} own full name   {short} own short name   {pfull} {pshort} the province   {Y} the year
#   {q} a count or duration of the sentence   {m} the month of its deadline

_LEVEL_NEXT = (
    "委|政府|级|直|人大|政协|纪委|监委|法院|检察院|人武部|发改|发展和改革|发展改革|财政|司法|民政|教|科技|"
    "工信|工业和信息化|人社|人力资源|住建|住房|生态环境|商务|文旅|文化和旅游|卫健|卫生健康|市场监管|大数据|"
    "政务服务|行政审批|统计|医保|应急|自然资源|交通|城乡交通|水利|农业|退役军人|信访|国资|国有资产|融媒体|"
    "投资促进|审计|城市管理|综合行政执法|公安|税务|金融|供销|机关事务|档案|外办|妇联|残联|工商联"
)
_OWN_LEVEL = re.compile(rf"(?<![城都超省])(?:市|区|县)(?=(?:{_LEVEL_NEXT}))")
_UNIT_START = re.compile(r"(?:(?<=^)|(?<=[、，,；]))(?:市|区|县)(?=[\u4e00-\u9fff])(?!场|域|民)")
_ALL = re.compile(r"(全|我|本)(?:市|区|县)(?![场民域县])")
_LOWER = re.compile(r"各(?:区县|县区|区市|镇街区|镇街|街道（镇）|镇（街道）|镇|街道|区(?=政府))")
_LOWER_BARE = re.compile(r"(?<=相关|多的)(?:区县|县区|镇街)")
_YEAR = re.compile(r"20[12]\d(?=\s*年)")
_DEADLINE = re.compile(r"\{Y\}年(\d{1,2})月底前")
_COUNT = re.compile(r"(不少于|至少|不低于)(\d{1,3})(?=次|种|个|场|家|条|期|项)")
_DURATION = re.compile(r"(\d{1,3})(?=个工作日内|日内)")
_MODAL = re.compile(r"(?<=[门位府志])(?<!原则上)要(?![求点素闻件])")
#: A self-level bearer opening a clause (the duty's subject, not an object: 帮助各部门单位… is none).
_BEARER = re.compile(
    r"(?:^|(?<=[，。；]))(?:\{lv\}政府各部门（单位）|\{lv\}政府各部门|各部门（单位）|各部门和单位|各部门单位|各部门)"
    r"(?=要|应|每年|年内|原则上|主要负责同志)"
)
_CLOSING = re.compile(r"本(?:工作)?(?:要点|方案|通知|意见|办法|计划|规定)|任务分工|工作要点|附件")

SYNONYMS = (
    ("加强", "强化"),
    ("推进", "推动"),
    ("持续", "深入"),
    ("做好", "抓好"),
    ("健全", "完善"),
    ("提升", "提高"),
    ("及时", "第一时间"),
    ("细化", "明确"),
)
#: Words that set a statement's modality (kg/parse/obligations.py): never swapped, inserted or removed
#: except by the modality operation, so that a rewording does not change a duty's force.
MODAL_WORDS = re.compile(
    r"要|应|须|需|请|必须|严格|确保|原则上|鼓励|探索|有条件|可|视情|酌情|适情|适时|试点|积极|不得|严禁|禁止|杜绝|务必|切实"
)
_QUANTIFIED = re.compile(
    r"[{\d]|底前|日前|年内|每年|每季|每月|每半年|年底|上半年|下半年|[一二三四五六七八九十两]+[次个种项]"
)
CLAUSES = (
    "推动工作落地见效",
    "持续提升工作质效",
    "形成工作合力",
    "不断提升群众满意度",
    "提高公开质量和实效",
    "结合本地实际抓好落实",
)
EXTRA_UNITS = (
    "{lv}政府办公室",
    "{lv}政府办公室、{lv}大数据局",
    "{lv}发展改革委、{lv}财政局",
    "{lv}司法局、{lv}政府办公室",
    "{lv}政府各部门（单位）",
    "{lower}政府，{lv}政府各部门（单位）",
    "{lv}教育局、{lv}卫生健康委、{lv}民政局",
    "{lv}住房城乡建设局、{lv}自然资源局",
    "{lv}市场监管局、{lv}商务局",
    "{lv}政务服务中心、{lv}政府办公室",
)
#: Names of the real corpus's places, to be replaced by the generated document's own.
PLACES = (
    "济南市莱芜区",
    "莱芜区",
    "济南市",
    "烟台市",
    "莱州市",
    "招远市",
    "海阳市",
    "莱芜",
    "济南",
    "烟台",
    "莱州",
    "招远",
    "海阳",
)
PROVINCE_PLACES = ("山东省", "山东")


def templatize(text: str, *, units: bool = False) -> str:
    """Real text → a template with slots for place, year and level words."""
    text = text.replace("{", "｛").replace("}", "｝").replace("\n", "")
    for name in PROVINCE_PLACES:
        text = text.replace(name, "{pfull}" if name.endswith("省") else "{pshort}")
    for name in PLACES:
        text = text.replace(name, "{place}" if name[-1] in "市区" else "{short}")
    text = text.replace("{place}政府", "{place}人民政府") if "{place}政府" in text else text
    text = _YEAR.sub("{Y}", text)
    text = _LOWER.sub("{lower}", text)
    text = _LOWER_BARE.sub("{lowerb}", text)
    text = _ALL.sub(lambda m: m.group(1) + "{lv}", text)
    text = _OWN_LEVEL.sub("{lv}", text)
    if units:
        text = _UNIT_START.sub("{lv}", text)
    return text


# ---------------------------------------------------------------------------------------------
# Records


@dataclass(slots=True)
class Sentence:
    text: str  # template; may hold {q} and {m}
    q: int | None = None  # the value of {q}
    qkind: str | None = None  # "count" (more is stronger) or "duration" (less is stronger)
    m: int | None = None  # the month of {m}
    pid: int | None = None  # pool id, to keep a document from repeating a sentence


@dataclass
class Item:
    uid: int
    heading: str
    sentences: list[Sentence]
    theme: int
    units: str = "{lv}政府办公室"
    extra_units: str | None = None
    deadline: int | str = 12  # the 完成时限 of its task rows: a month of the year or a text
    pool: int | None = None  # pool item it came from
    origin: int | None = None  # uid of the parent item it adapts
    changes: list[dict] = field(default_factory=list)


@dataclass
class Section:
    theme: int
    heading: str
    items: list[Item]
    origin: int | None = None  # index of the parent's section


@dataclass
class Place:
    code: str
    name: str
    level: str
    parent: str | None
    lv: str
    lower: str
    lowerb: str
    place: str  # as written in titles and text
    issuer: str
    prefix: str  # of the 文号, without 政办发


@dataclass
class Doc:
    place: Place
    year: int
    rng: random.Random
    sections: list[Section]
    preamble: str
    closing: str
    numbering: str  # "continuous" or "restart"
    table: bool
    granularity: int  # sentences per task row
    date: datetime.date
    printed: datetime.date
    doc_number: str = ""
    file: str = ""
    parent: Doc | None = None
    dropped: list[int] = field(default_factory=list)  # uids of the parent's items
    reordered: bool = False


# ---------------------------------------------------------------------------------------------
# The pool


@dataclass
class PoolItem:
    heading: str
    sentences: list[Sentence]
    theme: int


@dataclass
class Pool:
    items: list[PoolItem]
    by_theme: dict[int, list[int]]
    sentences: list[Sentence]
    section_headings: dict[int, list[str]]
    preambles: list[str]
    units: list[str]


def _sentence(text: str, pid: int) -> Sentence:
    sent = Sentence(text, pid=pid)
    deadline = _DEADLINE.search(text)
    if deadline:
        sent.m = int(deadline.group(1))
        sent.text = text = text[: deadline.start()] + "{Y}年{m}月底前" + text[deadline.end() :]
    count = _COUNT.search(text)
    duration = _DURATION.search(text)
    if count:
        sent.q, sent.qkind = int(count.group(2)), "count"
        sent.text = text[: count.start(2)] + "{q}" + text[count.end(2) :]
    elif duration:
        sent.q, sent.qkind = int(duration.group(1)), "duration"
        sent.text = text[: duration.start(1)] + "{q}" + text[duration.end(1) :]
    return sent


@cache
def _grams(text: str) -> frozenset[str]:
    k = re.sub(r"\{\w+\}|[，。、；：“”《》（）\s]", "", text)
    return frozenset(k[i : i + 2] for i in range(len(k) - 1))


def _similar(a: frozenset[str], b: frozenset[str], threshold: float = 0.5) -> bool:
    return bool(a) and bool(b) and len(a & b) / len(a | b) >= threshold


def _contained(a: frozenset[str], b: frozenset[str], threshold: float = 0.7) -> bool:
    return bool(a) and bool(b) and len(a & b) / min(len(a), len(b)) >= threshold


@lru_cache(maxsize=4)
def load_pool(corpus: Path = CORPUS) -> Pool:
    """Headings, sentences, preambles and units of the real 工作要点, as templates."""
    items: list[PoolItem] = []
    sentences: list[Sentence] = []
    section_headings: dict[int, list[str]] = {t: [] for t in range(len(THEMES))}
    preambles: list[str] = []
    units: list[str] = []
    seen_sentences: set[str] = set()
    seen_headings: set[str] = set()
    kept_grams: list[frozenset[str]] = []
    for path in sorted(Path(corpus).glob("*.txt")):
        for doc in parse_file(path).documents:
            if doc.genre != "workpoints":
                continue
            if doc.preamble:
                preambles.append(templatize(doc.preamble.split("\n")[0]))
            for section in doc.sections:
                sec_theme = _theme(section.heading, _SECTION_THEME)
                heading = templatize(section.heading)
                if sec_theme is not None and heading not in section_headings[sec_theme]:
                    section_headings[sec_theme].append(heading)
                for item in section.items:
                    theme = _theme(item.heading, _ITEM_THEME)
                    theme = sec_theme if theme is None else theme
                    if theme is None:
                        continue
                    heading = templatize(item.heading)
                    if heading in seen_headings or not heading or "。" in heading or "疫情" in heading:
                        continue
                    seen_headings.add(heading)
                    body = item.text.replace("\n", "")
                    parts = [p for p in re.split(r"(?<=。)", body) if p.strip()][1:]
                    mine: list[Sentence] = []
                    for part in parts:
                        text = templatize(part.strip())
                        if len(text) < 8 or _CLOSING.search(text) or text in seen_sentences:
                            continue
                        if re.match(r"^[\d（(一二三四五六七八九十①-⑳]", text):
                            continue
                        if len(_COUNT.findall(text)) + len(_DURATION.findall(text)) > 1:
                            continue  # quantities for two levels in one sentence: the truth could not say which changed
                        grams = _grams(text)
                        if any(_similar(grams, other) or _contained(grams, other) for other in kept_grams):
                            continue  # the real documents copy each other: keep one of each
                        kept_grams.append(grams)
                        seen_sentences.add(text)
                        sent = _sentence(text, len(sentences))
                        sentences.append(sent)
                        mine.append(sent)
                    if len(mine) >= 1:
                        items.append(PoolItem(heading, mine, theme))
            for task in doc.tasks:
                if task.units_text:
                    tmpl = templatize(task.units_text, units=True)
                    if "{" in tmpl and tmpl not in units and not re.search(r"\{(?:place|short)\}", tmpl):
                        units.append(tmpl)
    by_theme: dict[int, list[int]] = {t: [] for t in range(len(THEMES))}
    for n, item in enumerate(items):
        by_theme[item.theme].append(n)
    probe = [
        ("省", "各市", "市"),
        ("市", "各区县", "区县"),
        ("区", "各乡镇", "乡镇"),
        ("县", "各乡镇", "乡镇"),
        ("旗", "各乡镇", "乡镇"),
    ]
    all_units = [u for u in (*units, *EXTRA_UNITS) if "{" in u]
    units = [
        u
        for u in dict.fromkeys(all_units)
        if all(looks_like_units(u.format(lv=lv, lower=lo, lowerb=lb)) for lv, lo, lb in probe)
    ]
    return Pool(items, by_theme, sentences, section_headings, preambles, units)


# ---------------------------------------------------------------------------------------------
# Jurisdictions


def _level_word(name: str, level: str) -> str:
    if name.endswith("自治区"):
        return "区"
    if name.endswith("地区"):
        return "地区"
    for suffix in ("自治州", "自治县", "自治旗", "林区", "特区"):
        if name.endswith(suffix):
            return suffix[-1]
    return name[-1] if name[-1] in "省市区县州盟旗" else "市"


@lru_cache(maxsize=1)
def _children() -> dict[str, list[str]]:
    """The codes of each unit's children, in code order."""
    out: dict[str, list[str]] = {}
    for unit in sorted(gazetteer().units.values(), key=lambda u: u.code):
        out.setdefault(unit.parent, []).append(unit.code)
    return out


@lru_cache(maxsize=1)
def _name_counts() -> dict[str, int]:
    counts: dict[str, int] = {}
    for unit in gazetteer().units.values():
        counts[unit.name] = counts.get(unit.name, 0) + 1
    return counts


def make_place(code: str) -> Place:
    gaz = gazetteer()
    unit = gaz.units[code]
    parent = gaz.units.get(unit.parent)
    children = [gaz.units[c] for c in _children().get(code, [])]
    lv = _level_word(unit.name, unit.level)
    if unit.level == "province":
        has_prefectures = any(c.level == "prefecture" for c in children)
        lower, lowerb = ("各市", "市") if has_prefectures else ("各区", "区")
        issuer = unit.name + "人民政府办公厅"
        abbr = {v: k for k, v in reversed(PROVINCE_ABBREVIATIONS.items())}.get(code, unit.name[0])
        prefix, place = abbr, unit.name
    else:
        if unit.level == "prefecture":
            lower, lowerb = "各区县", "区县"
        else:
            lower, lowerb = "各乡镇", "乡镇"
        place = unit.name
        ambiguous = (
            _name_counts().get(unit.name, 0) > 1 or len(gaz.by_name.get(short_name(unit.name), [])) > 1
        )
        if unit.level == "county" and parent is not None and (unit.name.endswith("区") or ambiguous):
            place = parent.name + unit.name
        office = "行政公署办公室" if unit.name.endswith(("地区", "盟")) else "人民政府办公室"
        issuer = place + office
        short = short_name(unit.name)
        prefix = short[:2] if unit.level == "county" and unit.name.endswith("区") else short[0]
    found = find_jurisdiction(issuer, None, "")
    if found is None or found.code != code:
        # Kept: the corpus is the real tree; the parser's miss is for it to fix (乾县: 乾 folds to 干).
        print(
            f"synth: warning: the parser resolves {issuer} to {found.code if found else None}, not {code}",
            file=sys.stderr,
        )
    return Place(
        code, unit.name, unit.level, parent.code if parent and parent.code != "100000" else None,
        lv, lower, lowerb, place, issuer, prefix,
    )  # fmt: skip


def _ctx(doc: Doc) -> dict[str, object]:
    place = doc.place
    gaz = gazetteer()
    code = place.code
    while gaz.units[code].level != "province":
        code = gaz.units[code].parent
    province = gaz.units[code]
    return {
        "lv": place.lv,
        "lower": place.lower,
        "lowerb": place.lowerb,
        "place": place.name,
        "short": short_name(place.name),
        "pfull": province.name,
        "pshort": short_name(province.name),
        "Y": doc.year,
    }


def tree(
    provinces: int, prefectures: int, counties: int, only: list[str] | None = None
) -> list[tuple[int, str, str | None]]:
    """(depth, code, parent code) breadth-first: provinces, then prefectures, then counties."""
    gaz = gazetteer()
    children = _children()
    roots = [c for c in children.get("100000", []) if gaz.units[c].level == "province"]
    if only:
        wanted = set()
        for spec in only:
            match = [c for c in roots if spec in (c, gaz.units[c].name, short_name(gaz.units[c].name))]
            if not match:
                raise SystemExit(f"synth: no province {spec!r}")
            wanted.update(match)
        roots = [c for c in roots if c in wanted]
    level0 = [(0, c, None) for c in roots[:provinces]]
    level1 = [(1, c, p) for _, p, _ in level0 for c in children.get(p, [])[:prefectures]]
    level2 = [(2, c, p) for _, p, _ in level1 for c in children.get(p, [])[:counties]]
    return level0 + level1 + level2


# ---------------------------------------------------------------------------------------------
# Roots


class _Uids:
    def __init__(self) -> None:
        self.n = 0

    def __call__(self) -> int:
        self.n += 1
        return self.n


_LEADS = ("进一步", "持续", "全面", "着力", "切实", "扎实", "深入")


def _new_item(
    rng: random.Random, pool: Pool, theme: int, used_h: set[str], used_s: set[int], uid: int
) -> Item | None:
    """A new item of *theme* from the pool: a real heading with some of its sentences."""
    candidates = [n for n in pool.by_theme[theme] if pool.items[n].heading not in used_h]
    rng.shuffle(candidates)
    # Items unlike those the document has come first: real documents do not repeat themselves.
    used_grams = [_grams(h) for h in sorted(used_h)]
    candidates.sort(key=lambda n: any(_similar(_grams(pool.items[n].heading), g, 0.4) for g in used_grams))
    for n in candidates:
        src = pool.items[n]
        free = [s for s in src.sentences if s.pid not in used_s]
        if not free:
            continue
        keep = rng.randint(min(2, len(free)), min(5, len(free)))
        chosen = sorted(rng.sample(free, keep), key=lambda s: src.sentences.index(s))
        heading = src.heading
        return _finish_item(
            rng, pool, Item(uid, heading, [_copy(s) for s in chosen], theme, pool=n), used_h, used_s
        )
    # The theme's headings are used up: a variant heading and sentences from anywhere.
    free_s = [s for s in pool.sentences if s.pid not in used_s]
    headings = [pool.items[n].heading for n in pool.by_theme[theme]] or [p.heading for p in pool.items]
    for lead in _LEADS:
        options = [lead + h for h in headings if not h.startswith(_LEADS) and lead + h not in used_h]
        if options and len(free_s) >= 2:
            heading = rng.choice(options)
            chosen = rng.sample(free_s, min(len(free_s), rng.randint(2, 4)))
            return _finish_item(
                rng, pool, Item(uid, heading, [_copy(s) for s in chosen], theme), used_h, used_s
            )
    return None


def _finish_item(rng: random.Random, pool: Pool, item: Item, used_h: set[str], used_s: set[int]) -> Item:
    used_h.add(item.heading)
    used_s.update(s.pid for s in item.sentences if s.pid is not None)
    # Now and then a dated step, as the real documents have (2023年6月底前，完成…).
    if rng.random() < 0.3:
        plain = [s for s in item.sentences if s.m is None and "{Y}" not in s.text and "底前" not in s.text]
        if plain:
            sent = rng.choice(plain)
            sent.m = rng.choice((3, 4, 5, 6, 6, 6, 8, 9, 10, 11))
            sent.text = "{Y}年{m}月底前，" + sent.text
    item.units = rng.choice(pool.units) if pool.units else "{lv}政府办公室"
    item.extra_units = rng.choice(pool.units) if pool.units and rng.random() < 0.3 else None
    item.deadline = rng.choice((12, 12, 12, 6, 9, 10, "长期坚持", "持续推进"))
    return item


def make_root(place: Place, year: int, seed: int, pool: Pool, tables: float = 0.5) -> Doc:
    rng = random.Random(f"{seed}:{place.code}:{year}")
    n_sections = rng.randint(5, 7)
    themes = list(range(len(THEMES)))
    if n_sections == 5:
        themes.remove(rng.randint(1, 4))
    elif n_sections == 7:
        extra = rng.randint(0, 4)
        themes.insert(themes.index(extra), extra)
    total = rng.randint(20, 60)
    counts = [2] * n_sections
    for _ in range(total - 2 * n_sections):
        counts[rng.randrange(n_sections)] += 1
    used_h: set[str] = set()
    used_s: set[int] = set()
    uid = _Uids()
    sections: list[Section] = []
    for theme, count in zip(themes, counts):
        options = [h for h in pool.section_headings[theme] if h not in used_h] or [
            h for t in pool.section_headings for h in pool.section_headings[t] if h not in used_h
        ]
        heading = rng.choice(options)
        used_h.add(heading)
        items = []
        for _ in range(count):
            item = _new_item(rng, pool, theme, used_h, used_s, uid())
            if item is not None:
                items.append(item)
        sections.append(Section(theme, heading, items))
    date = datetime.date(year, 2, 10) + datetime.timedelta(days=rng.randint(0, 70))
    return Doc(
        place=place,
        year=year,
        rng=rng,
        sections=sections,
        preamble=rng.choice(pool.preambles),
        closing=_closing(rng),
        numbering=rng.choice(("continuous", "restart")),
        table=rng.random() < tables,
        granularity=rng.choice((1, 1, 2)),
        date=date,
        printed=date + datetime.timedelta(days=rng.randint(0, 3)),
    )


def _closing(rng: random.Random) -> str:
    return rng.choice(
        (
            "各级各部门要对照本要点任务分工，结合实际制定本单位年度政务公开工作任务清单，明确责任主体和时限要求，逐项抓好落实。",
            "各级各部门（单位）要对照本要点抓好落实，于{Y}年{m}月底前将工作落实情况报{lv}政府办公室。",
            "各级各部门要把落实本要点作为重要任务，政务公开要点工作落实情况纳入政府信息公开工作年度报告予以公开，接受社会监督。",
        )
    ).replace("{m}", str(rng.choice((6, 7, 11))))


# ---------------------------------------------------------------------------------------------
# Children


def _sentences_with(item: Item, test) -> list[int]:  # type: ignore[no-untyped-def]
    return [i for i, s in enumerate(item.sentences) if test(s)]


def _op_synonym(rng: random.Random, item: Item) -> dict | None:
    spots = []
    texts = [item.heading] + [s.text for s in item.sentences]
    for a, b in SYNONYMS:
        for x, y in ((a, b), (b, a)):
            for i, text in enumerate(texts):
                at = text.find(x)
                # not where the swap would break a word (及时性) or stutter (持续深化 → 深入深化)
                if at >= 0 and text[at + len(x) : at + len(x) + 1] not in (
                    "性",
                    "率",
                    "化",
                    "深",
                    "推",
                    y[0],
                ):
                    spots.append((i, at, x, y))
    if not spots:
        return None
    i, at, x, y = rng.choice(spots)
    text = texts[i][:at] + y + texts[i][at + len(x) :]
    if i == 0:
        item.heading = text
    else:
        item.sentences[i - 1].text = text
    return {"type": "synonym", "parent": x, "child": y}


def _op_clause_inserted(rng: random.Random, item: Item) -> dict | None:
    spots = _sentences_with(item, lambda s: s.text.endswith("。") and not any(c in s.text for c in CLAUSES))
    if not spots:
        return None
    s = item.sentences[rng.choice(spots)]
    clause = rng.choice(CLAUSES)
    s.text = s.text[:-1] + "，" + clause + "。"
    return {"type": "clause-inserted", "child": clause}


def _op_clause_removed(rng: random.Random, item: Item) -> dict | None:
    spots = []
    for i, s in enumerate(item.sentences):
        parts = s.text.split("，")
        if len(parts) >= 3:
            spots += [
                (i, k)
                for k in range(1, len(parts) - 1)
                if len(parts[k]) >= 4
                and not MODAL_WORDS.search(parts[k])
                and not _QUANTIFIED.search(parts[k])
            ]
    if not spots:
        return None
    i, k = rng.choice(spots)
    parts = item.sentences[i].text.split("，")
    removed = parts.pop(k)
    item.sentences[i].text = "，".join(parts)
    return {"type": "clause-removed", "parent": removed}


def _op_sentence_removed(rng: random.Random, item: Item) -> dict | None:
    # Only a sentence that states no quantity or deadline: dropping one would also weaken the item.
    spots = _sentences_with(item, lambda s: not _QUANTIFIED.search(s.text))
    if len(item.sentences) < 3 or not spots:
        return None
    s = item.sentences.pop(rng.choice(spots))
    return {"type": "sentence-removed", "parent": s.text}


def _op_quantity(rng: random.Random, item: Item) -> dict | None:
    spots = _sentences_with(item, lambda s: s.q is not None)
    if not spots:
        return None
    s = item.sentences[rng.choice(spots)]
    q = s.q
    assert q is not None
    stronger = q <= 1 and s.qkind == "count" or rng.random() < 0.5
    if s.qkind == "count":
        new = q + rng.choice((1, 2, q)) if stronger else max(1, q // 2 if q > 2 else q - 1)
    else:
        new = max(1, q // 2) if stronger else q + rng.choice((3, 5, q))
        if new == q:
            new, stronger = q + 5, False
    if new == q:
        return None
    s.q = new
    kind = "quantity-stronger" if stronger else "quantity-weaker"
    return {"type": kind, "kind": s.qkind, "parent": q, "child": new}


def _op_deadline(rng: random.Random, item: Item) -> dict | None:
    spots = _sentences_with(item, lambda s: s.m is not None)
    if spots:
        s = item.sentences[rng.choice(spots)]
        m = s.m
        assert m is not None
        if m < 12 and (m == 1 or rng.random() < 0.85):
            s.m = min(12, m + rng.choice((1, 2, 3, 3, 6)))
            kind = "postponed"
        elif m > 1:
            s.m = max(1, m - rng.choice((1, 2, 3)))
            kind = "advanced"
        else:
            return None
        return {"type": kind, "parent": f"{{Y}}年{m}月底前", "child": f"{{Y}}年{s.m}月底前", "shift": s.m - m}
    return None


def _op_modality(rng: random.Random, item: Item) -> dict | None:
    spots = [(i, m.start()) for i, s in enumerate(item.sentences) for m in _MODAL.finditer(s.text)]
    if not spots:
        return None
    i, at = rng.choice(spots)
    s = item.sentences[i]
    s.text = s.text[:at] + "原则上" + s.text[at:]
    return {"type": "modality-weaker", "parent": "要", "child": "原则上要"}


def _op_bearer(rng: random.Random, item: Item) -> dict | None:
    spots = [(i, m) for i, s in enumerate(item.sentences) for m in _BEARER.finditer(s.text)]
    if not spots:
        return None
    i, m = rng.choice(spots)
    s = item.sentences[i]
    s.text = s.text[: m.start()] + "{lower}政府" + s.text[m.end() :]
    return {"type": "bearer-changed", "parent": m.group(), "child": "{lower}政府"}


OPS = (
    ("synonym", _op_synonym, 3.0),
    ("clause-inserted", _op_clause_inserted, 1.0),
    ("clause-removed", _op_clause_removed, 1.0),
    ("sentence-removed", _op_sentence_removed, 0.6),
    ("quantity", _op_quantity, 4.0),
    ("deadline", _op_deadline, 4.0),
    ("modality", _op_modality, 1.2),
    ("bearer", _op_bearer, 0.8),
)
_REWORDING = {
    "bearer-localized",
    "synonym",
    "clause-inserted",
    "clause-removed",
    "sentence-removed",
    "modality-weaker",
    "bearer-changed",
}


def _summary(details: list[dict]) -> list[str]:
    """The changes in the vocabulary of ``kg diff``: verbatim|reworded, then the rest."""
    kinds = [d["type"] for d in details]
    out = ["reworded" if any(k in _REWORDING for k in kinds) else "verbatim"]
    rules = (
        ("strengthened", {"quantity-stronger", "advanced"}),
        ("weakened", {"quantity-weaker", "modality-weaker"}),
        ("postponed", {"postponed"}),
        ("bearer-changed", {"bearer-changed"}),
    )
    for name, types in rules:
        if any(k in types for k in kinds):
            out.append(name)
    return out


def derive(parent: Doc, place: Place, seed: int, pool: Pool, tables: float = 0.5) -> Doc:
    """A child of *parent* for *place*: the parent's text adapted as real children adapt it."""
    rng = random.Random(f"{seed}:{place.code}:{parent.year}")
    sections = [
        Section(s.theme, s.heading, [_inherit(i) for i in s.items], origin=n)
        for n, s in enumerate(parent.sections)
    ]
    reordered = False
    if len(sections) >= 4 and rng.random() < 0.25:
        a = rng.randint(1, len(sections) - 3)
        sections[a], sections[a + 1] = sections[a + 1], sections[a]
        reordered = True
    dropped: list[int] = []
    for section in sections:
        kept: list[Item] = []
        for k, item in enumerate(section.items):
            remaining = len(kept) + len(section.items) - k - 1  # if this one goes
            if rng.random() < 0.1 and remaining >= 2 and item.origin is not None:
                dropped.append(item.origin)
            else:
                kept.append(item)
        section.items = kept
    # Items kept but changed.
    for section in sections:
        if rng.random() < 0.1:
            section.heading = _reword_heading(rng, section.heading)
        for item in section.items:
            if rng.random() < 0.45:
                continue
            n_ops = 1 + (rng.random() < 0.35) + (rng.random() < 0.1)
            done: set[str] = set()
            for _ in range(n_ops):
                options = [(name, fn, w) for name, fn, w in OPS if name not in done]
                while options:
                    name, fn, _ = options.pop(_weighted(rng, [w for _, _, w in options]))
                    detail = fn(rng, item)
                    if detail is not None:
                        done.add(name)
                        shift = detail.pop("shift", 0)
                        if shift and isinstance(item.deadline, int):
                            item.deadline = max(1, min(12, item.deadline + shift))
                        item.changes.append(detail)
                        break
    # Items the child adds, from the pool.
    # Not from the parent's items either: an item the child dropped is not one it adds.
    both = [*sections, *parent.sections]
    used_h = {s.heading for s in both} | {i.heading for s in both for i in s.items}
    used_s = {x.pid for s in both for i in s.items for x in i.sentences if x.pid is not None}
    uid = _Uids()
    uid.n = max((i.uid for s in parent.sections for i in s.items), default=0) + 1000
    for _ in range(rng.choice((0, 0, 1, 1, 2, 3))):
        section = rng.choice(sections)
        item = _new_item(rng, pool, section.theme, used_h, used_s, uid())
        if item is not None:
            item.changes = [{"type": "added"}]
            section.items.insert(rng.randint(0, len(section.items)), item)
    numbering = parent.numbering
    if rng.random() < 0.2:
        numbering = "restart" if numbering == "continuous" else "continuous"
    date = min(parent.date + datetime.timedelta(days=rng.randint(7, 60)), datetime.date(parent.year, 12, 20))
    return Doc(
        place=place,
        year=parent.year,
        rng=rng,
        sections=sections,
        preamble=parent.preamble,
        closing=parent.closing if rng.random() < 0.7 else _closing(rng),
        numbering=numbering,
        table=rng.random() < (0.8 if parent.table else 0.6 * tables),
        granularity=parent.granularity if rng.random() < 0.7 else rng.choice((1, 2)),
        date=date,
        printed=date + datetime.timedelta(days=rng.randint(0, 3)),
        parent=parent,
        dropped=dropped,
        reordered=reordered,
    )


def _copy(s: Sentence) -> Sentence:
    return Sentence(s.text, s.q, s.qkind, s.m, s.pid)


def _weighted(rng: random.Random, weights: list[float]) -> int:
    pick = rng.random() * sum(weights)
    for k, weight in enumerate(weights):
        pick -= weight
        if pick <= 0:
            return k
    return len(weights) - 1


def _inherit(item: Item) -> Item:
    child = Item(
        item.uid, item.heading, [_copy(s) for s in item.sentences], item.theme,
        item.units, item.extra_units, item.deadline, item.pool, origin=item.uid,
    )  # fmt: skip
    # What the parent asks of the level below is the child's own duty: 各区县政府 → 区政府.
    for sent in child.sentences:
        for old, new in (("{lower}政府", "{lv}政府"), ("{lower}、", "")):
            if old in sent.text:
                sent.text = sent.text.replace(old, new)
                child.changes.append({"type": "bearer-localized", "parent": old, "child": new})
    return child


def _reword_heading(rng: random.Random, heading: str) -> str:
    item = Item(0, heading, [], 0)
    return item.heading if _op_synonym(rng, item) else heading


# ---------------------------------------------------------------------------------------------
# Rendering

CN = "〇一二三四五六七八九"


def cn_number(n: int) -> str:
    """1 → 一, 10 → 十, 19 → 十九, 40 → 四十, 61 → 六十一."""
    if n < 10:
        return CN[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens]) + "十" + (CN[ones] if ones else "")


def _render(text: str, ctx: dict, sent: Sentence | None = None) -> str:
    if sent is not None:
        return text.format(**ctx, q=sent.q, m=sent.m)
    return text.format(**ctx)


def _numbers(doc: Doc) -> list[tuple[Section, list[tuple[Item, int]]]]:
    out = []
    n = 0
    for section in doc.sections:
        if doc.numbering == "restart":
            n = 0
        numbered = []
        for item in section.items:
            n += 1
            numbered.append((item, n))
        out.append((section, numbered))
    return out


def _deadline_text(deadline: int | str, year: int) -> str:
    return f"{year}年{deadline}月底前" if isinstance(deadline, int) else deadline


def render(doc: Doc) -> tuple[str, dict]:
    """The document's text and its truth record."""
    ctx = _ctx(doc)
    p = doc.place
    title_place = p.place
    attached = f"{doc.year}年{title_place}政务公开工作要点"
    title = f"{p.issuer}关于印发{attached}的通知"
    if p.level == "province":
        recipients = [f"{p.lower}人民政府", f"{p.lv}政府各部门", "各直属机构"]
        cc = [
            f"{p.lv}委各部门",
            f"{p.lv}人大常委会办公厅",
            f"{p.lv}政协办公厅",
            f"{p.lv}监委",
            f"{p.lv}法院",
            f"{p.lv}检察院",
        ]
    elif p.level == "prefecture":
        recipients = [f"{p.lower}人民政府", f"{p.lv}政府各部门（单位）"]
        cc = [
            f"{p.lv}委各部门",
            f"{p.lv}人大常委会办公室",
            f"{p.lv}政协办公室",
            f"{p.lv}监委",
            f"{p.lv}法院",
            f"{p.lv}检察院",
        ]
    else:
        recipients = ["各乡镇人民政府", "各街道办事处", f"{p.lv}政府各部门", "有关单位"]
        cc = [
            f"{p.lv}委有关部门",
            f"{p.lv}人大办",
            f"{p.lv}政协办",
            f"{p.lv}纪委监委",
            f"{p.lv}法院",
            f"{p.lv}检察院",
            "存档",
        ]
    rng = doc.rng
    verb = rng.choice(("请认真贯彻执行", "请结合实际认真贯彻落实", "请认真抓好贯彻落实"))
    lead = rng.choice(
        (f"现将《{attached}》印发给你们，", f"《{attached}》已经{p.lv}政府同意，现印发给你们，")
    )
    date = f"{doc.date.year}年{doc.date.month}月{doc.date.day}日"
    printed = f"{doc.printed.year}年{doc.printed.month}月{doc.printed.day}日"
    lines = [
        f"{p.issuer}文件",
        doc.doc_number,
        f"{p.issuer} 关于印发{attached}的通知",
        "，".join(recipients) + "：",
        lead + verb + "。",
        p.issuer,
        date,
        "（此件公开发布）",
        attached,
        _render(doc.preamble, ctx),
    ]
    sections_truth = []
    rows: list[list[str]] = []
    tasks_truth: list[dict] = []
    annex_title = f"{attached}任务分工"
    parent_numbers = _item_numbers(doc.parent) if doc.parent else {}
    parent_ctx = _ctx(doc.parent) if doc.parent else ctx
    for s_no, (section, numbered) in enumerate(_numbers(doc), start=1):
        heading = _render(section.heading, ctx)
        lines.append(f"{cn_number(s_no)}、{heading}")
        items_truth = []
        first_row_of_section = True
        for item, i_no in numbered:
            label = f"（{cn_number(i_no)}）"
            item_heading = _render(item.heading, ctx)
            sentences = [_render(s.text, ctx, s) for s in item.sentences]
            lines.append(label + item_heading + "。" + "".join(sentences))
            entry: dict = {
                "section": s_no,
                "item": i_no,
                "label": f"{cn_number(s_no)}/{label}",
                "heading": item_heading,
            }
            if doc.parent is not None:
                origin = parent_numbers.get(item.origin) if item.origin is not None else None
                entry["parent"] = {"section": origin[0], "item": origin[1]} if origin else None
                details = [_detail(d, parent_ctx, ctx) for d in item.changes if d["type"] != "added"]
                entry["changes"] = ["added"] if origin is None else _summary(item.changes)
                entry["details"] = details
            items_truth.append(entry)
            if doc.table and len(rows) < 200:
                groups = _row_groups(sentences, doc.granularity)
                units = None
                for g, text in enumerate(groups):
                    if len(rows) >= 200:
                        break
                    first = g == 0
                    own = (
                        item.units
                        if first
                        else (item.extra_units if item.extra_units and g % 2 == 1 else None)
                    )
                    cell_units = _render(own, ctx) if own else ""
                    units = cell_units or units
                    deadline = _deadline_text(item.deadline, doc.year)
                    rows.append(
                        [
                            str(len(rows) + 1),
                            f"{cn_number(s_no)}、{heading}" if first_row_of_section else "",
                            f"{label}{item_heading}" if first else "",
                            text,
                            cell_units,
                            deadline if first else "",
                        ]
                    )
                    first_row_of_section = False
                    tasks_truth.append(
                        {"n": len(rows), "section": s_no, "item": i_no, "units": units, "deadline": deadline}
                    )
        sec_entry: dict = {"number": s_no, "heading": heading, "items": len(numbered)}
        if doc.parent is not None:
            sec_entry["parent_section"] = section.origin + 1 if section.origin is not None else None
        sec_entry["item_list"] = items_truth
        sections_truth.append(sec_entry)
    lines.append(_render(doc.closing, ctx))
    if doc.table:
        lines.append(f"附件：{annex_title}")
        lines.append("附件")
        lines.append(annex_title)
        lines.append("序号\t工作任务\t\t具体要求\t责任单位\t完成时限")
        lines += ["\t".join(r) for r in rows]
    lines.append("抄送：" + "，".join(cc) + "。")
    lines.append(p.issuer)
    lines.append(f"{printed}印发")
    text = "\n\n".join(lines) + "\n"
    truth = {
        "file": doc.file,
        "doc_number": doc.doc_number,
        "issuer": p.issuer,
        "title": title,
        "attached_title": attached,
        "date": doc.date.isoformat(),
        "year": doc.year,
        "recipients": recipients,
        "cc": cc,
        "jurisdiction": {"code": p.code, "name": p.name, "level": p.level, "parent": p.parent},
        "parent": (
            {"file": doc.parent.file, "doc_number": doc.parent.doc_number, "code": doc.parent.place.code}
            if doc.parent
            else None
        ),
        "numbering": doc.numbering,
        "counts": {
            "sections": len(doc.sections),
            "items": sum(len(s.items) for s in doc.sections),
            "tasks": len(rows) if doc.table else 0,
        },
        "sections": sections_truth,
    }
    if doc.parent is not None:
        truth["renamed"] = {
            "level": [doc.parent.place.lv, p.lv],
            "place": [doc.parent.place.place, p.place],
        }
        truth["reordered"] = doc.reordered
        truth["dropped"] = [
            {"section": parent_numbers[u][0], "item": parent_numbers[u][1]}
            for u in doc.dropped
            if u in parent_numbers
        ]
        truth["added"] = [
            {"section": i["section"], "item": i["item"]}
            for s in sections_truth
            for i in s["item_list"]
            if i.get("parent") is None
        ]
    if doc.table:
        truth["annex"] = {"title": annex_title, "tasks": tasks_truth}
    return text, truth


def _detail(detail: dict, parent_ctx: dict, ctx: dict) -> dict:
    """A change with its texts as each document prints them (各部门单位 → 各区县政府)."""
    out = dict(detail)
    for k, values in (("parent", parent_ctx), ("child", ctx)):
        if isinstance(out.get(k), str):
            out[k] = re.sub(r"\{(\w+)\}", lambda m, v=values: str(v.get(m.group(1), m.group(0))), out[k])
    return out


def _row_groups(sentences: list[str], granularity: int) -> list[str]:
    if not sentences:
        return []
    return ["".join(sentences[i : i + granularity]) for i in range(0, len(sentences), granularity)]


def _item_numbers(doc: Doc) -> dict[int, tuple[int, int]]:
    return {
        item.uid: (s_no, i_no)
        for s_no, (_, numbered) in enumerate(_numbers(doc), start=1)
        for item, i_no in numbered
    }


# ---------------------------------------------------------------------------------------------
# The corpus


def generate(
    out: Path,
    *,
    provinces: int = 31,
    prefectures: int = 10,
    counties: int = 10,
    years: list[int] | None = None,
    seed: int = 7,
    limit: int | None = None,
    only: list[str] | None = None,
    tables: float = 0.5,
    corpus: Path = CORPUS,
) -> dict:
    """Write the corpus and ``truth.json`` into *out*; return the truth."""
    years = sorted(set(years or [2023]))
    pool = load_pool(Path(corpus))
    nodes = tree(provinces, prefectures, counties, only)
    plan = [(code, parent, year) for _, code, parent in nodes for year in years]  # breadth-first
    if limit is not None:
        plan = plan[:limit]
    out.mkdir(parents=True, exist_ok=True)
    docs: dict[tuple[str, int], Doc] = {}
    used_numbers: set[str] = set()
    truth_docs = []
    written = set()
    for code, parent_code, year in plan:
        place = make_place(code)
        if parent_code is None:
            doc = make_root(place, year, seed, pool, tables)
        else:
            doc = derive(docs[(parent_code, year)], place, seed, pool, tables)
        doc.file = f"{year}-{code}.txt"
        doc.doc_number = _doc_number(doc, used_numbers)
        docs[(code, year)] = doc
        text, truth = render(doc)
        (out / doc.file).write_text(text, encoding="utf-8")
        written.add(doc.file)
        truth_docs.append(truth)
    for stale in out.iterdir():
        if FILE_NAME.match(stale.name) and stale.name not in written:
            stale.unlink()
    truth = {
        "generator": "bench/synth.py",
        "seed": seed,
        "provinces": provinces,
        "prefectures": prefectures,
        "counties": counties,
        "years": years,
        "limit": limit,
        "only": only,
        "tables": tables,
        "documents": truth_docs,
    }
    (out / "truth.json").write_text(dump_truth(truth), encoding="utf-8")
    return truth


def dump_truth(truth: dict) -> str:
    """JSON with one line per document: compact, and still readable with grep and diff."""
    head = {k: v for k, v in truth.items() if k != "documents"}
    lines = [json.dumps(d, ensure_ascii=False, separators=(",", ":")) for d in truth["documents"]]
    body = json.dumps(head, ensure_ascii=False)[:-1] + ', "documents": [\n' + ",\n".join(lines) + "\n]}\n"
    return body


def _doc_number(doc: Doc, used: set[str]) -> str:
    kind = "政办发" if doc.rng.random() < 0.85 else "政办字"
    n = doc.rng.randint(1, 40)
    while True:
        number = f"{doc.place.prefix}{kind}〔{doc.year}〕{n}号"
        if number not in used:
            used.add(number)
            return number
        n += 1


def _ints(values: list[str]) -> Iterator[int]:
    for value in values:
        for part in str(value).split(","):
            if part.strip():
                yield int(part)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path, help="output directory")
    parser.add_argument("--provinces", type=int, default=31)
    parser.add_argument("--prefectures", type=int, default=10, help="children per province")
    parser.add_argument("--counties", type=int, default=10, help="children per prefecture")
    parser.add_argument("--years", nargs="+", default=["2023"], help="years (space or comma separated)")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--limit", type=int, default=None, help="stop after N documents (breadth-first)")
    parser.add_argument("--only", nargs="+", default=None, help="provinces by code or name (370000, 山东)")
    parser.add_argument("--tables", type=float, default=0.5, help="share of roots with a 任务分工 table")
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="the real corpus the text comes from")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    truth = generate(
        args.out,
        provinces=args.provinces,
        prefectures=args.prefectures,
        counties=args.counties,
        years=list(_ints(args.years)),
        seed=args.seed,
        limit=args.limit,
        only=args.only,
        tables=args.tables,
        corpus=args.corpus,
    )
    docs = truth["documents"]
    items = sum(d["counts"]["items"] for d in docs)
    tasks = sum(d["counts"]["tasks"] for d in docs)
    print(
        f"synth: {len(docs)} documents, {items} items, {tasks} task rows in {args.out} "
        f"({time.perf_counter() - start:.1f} s)",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
