"""Obligation statements in prose: who must do what, how firmly.

An item's text is split into statements — sentences, and within a sentence the clauses that name
a new bearer (``各部门单位要配齐配强工作力量，保障工作经费，主要负责同志每年至少听取2次汇报``
holds two) — and each statement gets its modality from the words that govern it:

- prohibited: 不得, 严禁, 禁止, 杜绝;
- default: 原则上 (a rule that admits exceptions);
- encouraged or exploratory: 鼓励, 探索, 有条件的, 可以/可, 视情, 酌情, 适时, 积极;
- mandatory: 要, 应, 应当, 必须, 须, 需, 严格, 确保, 务必, 请 — and, in this genre, the bare
  imperative (``加强政务公开业务培训``), recorded as mandatory with no cue word.

The item's heading (its text up to the first 。) is a title, not a statement.

**The bearer** is the clause's subject: a noun phrase naming a unit or a role, ending in a
unit's or a role's head word (政府, 部门, 单位, 局, 办公室, 中心, 同志, 负责人 …), and followed
by what opens a predicate (a modal verb, an adverb, a verb, a preposition, a time word or a
comma). This genre mostly leaves the subject out — the clause then opens with an adverb or a
verb (``全力构建…格局``, ``指导监督相关企事业单位…``, ``积极引入…第三方服务机构``,
``协同宣传、网信等部门``) and what ends in a unit word there is the object, not the bearer. So a
candidate that opens with a word of the predicate, or holds an adverb of manner, names no
bearer. A verb by which the issuer hands the duty over is not part of the bearer either, and
the unit after it is: ``要求市级政府…``, ``鼓励各单位…`` (modality encouraged), ``由政策制定牵头
部门主要负责人…``, ``请各单位…``. A role (…负责同志, …负责人) is kept as text; it names no unit.
``有条件的单位`` keeps its qualifier: 有条件的 sets the modality (encouraged) and restricts
which units, and :mod:`kg.parse.units` reads the phrase as a collective of those units.

A bearer may list several units (``各镇街、各单位``): ``units`` holds each one, as written, and
a bracketed scope note (``各区县政府（含代管镇、街道的功能区管理机构，下同）``) stays in the
bearer's text but not in the unit's name.

**Fronted clauses.** A clause that only sets the time or the condition of what follows
(``决策文件出台后的10个工作日内，决策承办单位要…``, ``…征求意见的，…``) belongs to the statement
it introduces, and the bearer is looked for after it.

**Deadlines.** A statement keeps every deadline it writes (``deadlines``); ``deadline`` and
``due`` are the first of them. The recurring period a count is measured over (每年 in
``每年至少开展1次``) is the quantity's period, not a deadline; a period that names the year
(年内 in a 2023 document) still dates the statement (2023-12-31).

**Outside the outline.** Paragraphs after the last item (``各级各部门（单位）要…于7月31日前编制…
实施方案``) and the duties a covering notice imposes are statements of the document as a whole
(section and item None; see :func:`find_document_obligations`); the notice's covering formula
(``现将《…》印发给你们，请认真贯彻执行``) imposes nothing of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from kg.normalize import fold
from kg.parse.assignments import Note, find_notes
from kg.parse.deadlines import Deadline, find_deadlines
from kg.parse.units import is_area_prefix, is_collective
from kg.patterns import ITEM, POINT, SECTION

PROHIBITED = ("不得", "严禁", "禁止", "杜绝")
DEFAULT = ("原则上",)
ENCOURAGED = ("鼓励", "探索", "有条件的", "有条件地", "可以", "视情", "酌情", "适情", "适时", "试点")
MANDATORY = ("必须", "应当", "务必", "确保", "严格", "要", "应", "须", "需", "请")
WEAK_ENCOURAGED = ("积极",)


def _alternation(words: tuple[str, ...]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


# --- the words of a predicate -----------------------------------------------------------------

#: Modal and auxiliary words a predicate may open with.
_MODAL_WORDS = (
    "要",
    "应",
    "应当",
    "须",
    "需",
    "必须",
    "务必",
    "原则上",
    "不得",
    "严禁",
    "可",
    "可以",
    "均",
    "也",
    "都",
    "将",
    "分别",
    "共同",
    "负责",
    "牵头",
    "会同",
    "是",
    "不少于",
    "至少",
    "不低于",
    "不超过",
)
#: Adverbs of manner: a unit's name never holds one.
_MANNER = (
    "全力",
    "积极",
    "主动",
    "及时",
    "切实",
    "认真",
    "进一步",
    "大力",
    "着力",
    "努力",
    "不断",
    "亲自",
    "广泛",
    "充分",
    "扎实",
    "稳步",
    "率先",
    "带头",
    "自觉",
    "更好",
    "更加",
    "坚决",
    "尽快",
)
#: Other adverbs a predicate opens with (some, like 全面 or 依法, also occur inside names).
_ADVERBS = (
    *_MANNER,
    "持续",
    "深入",
    "全面",
    "加快",
    "依法",
    "依规",
    "统筹",
    "有序",
    "逐步",
    "定期",
    "按时",
    "按期",
    "同步",
    "联合",
    "专门",
    "严格",
    "动态",
    "常态化",
    "继续",
    "再",
    "同时",
)
#: Verbs a clause of this genre opens with when it leaves the subject out.
_VERBS = (
    "构建",
    "建立",
    "健全",
    "完善",
    "指导",
    "监督",
    "督促",
    "引导",
    "引入",
    "协同",
    "配合",
    "推进",
    "推动",
    "加强",
    "加大",
    "做好",
    "抓好",
    "落实",
    "深化",
    "强化",
    "提升",
    "提高",
    "开展",
    "组织",
    "召开",
    "邀请",
    "发布",
    "发挥",
    "整合",
    "优化",
    "规范",
    "创新",
    "打造",
    "探索",
    "实施",
    "实行",
    "执行",
    "制定",
    "编制",
    "明确",
    "确定",
    "梳理",
    "围绕",
    "聚焦",
    "坚持",
    "依托",
    "利用",
    "运用",
    "采取",
    "采用",
    "解读",
    "公开",
    "听取",
    "报送",
    "设立",
    "做到",
    "实现",
    "拓展",
    "丰富",
    "巩固",
    "注重",
    "突出",
    "确保",
    "鼓励",
    "支持",
    "要求",
    "引进",
    "吸纳",
    "动员",
    "加快",
    "委托",
    "选取",
    "选择",
    "安排",
    "协调",
    "帮助",
)
#: Prepositions and framing words a predicate (or a fronted phrase) opens with.
_PREPOSITIONS = (
    "按照",
    "根据",
    "结合",
    "对照",
    "针对",
    "面向",
    "通过",
    "对于",
    "关于",
    "为了",
    "对",
    "向",
    "把",
    "在",
    "于",
    "按",
    "为",
    "以",
    "从",
)
#: Time words that may stand between a subject and its verb.
_TIME_WORDS = (
    "每年",
    "年内",
    "定期",
    "年底",
    "年初",
    "今年",
    "当年",
    "全年",
    "每季度",
    "按季度",
    "每月",
    "每半年",
)
_PREDICATE = _alternation((*_MODAL_WORDS, *_ADVERBS, *_VERBS, *_PREPOSITIONS, *_TIME_WORDS))
_PREDICATE_START = re.compile(rf"^(?:{_PREDICATE})")
_MANNER_INSIDE = re.compile(rf"(?:{_alternation(_MANNER)})")

#: Words ending in 局 that name no bureau (格局, 大局, 布局 …).
_NOT_BUREAU = "格布大全结开时变新当定僵残终破棋胜败危乱"
#: What a unit's or a role's name ends with.
_HEAD = (
    r"(?:人民政府|政府|部门|单位|办公室|办公厅|委员会|管委会|管委|办事处|小组|机关|机构|主体|公司|中心|"
    rf"街道|镇街|镇|同志|负责人|(?<![{_NOT_BUREAU}])局|各级|[(](?:单位|镇)[)])"
)
_HEAD_START = re.compile(rf"^{_HEAD}")
# The bearer: the clause's leading noun phrase naming a unit, before what opens the predicate.
_BEARER = re.compile(
    rf"^(?P<bearer>(?:[^,。;:(]|[(][^)]{{0,24}}[)]){{1,30}}?{_HEAD}(?:[(][^)]{{0,40}}[)])?)"
    rf"(?=(?:{_PREDICATE})|[,\s])"
)
#: A verb by which the issuer hands the duty to the unit after it (要求市级政府…, 由…负责人…).
_HANDOVER = re.compile(r"^(?:要求|鼓励|支持|责成|请|由)")
#: A role, not a unit: a bearer naming people.
_ROLE = re.compile(r"(?:同志|负责人|人员|领导|干部)$")
#: A bracketed note after a name, not part of it: (含…), (包括…), (下同), or anything with a comma.
_DETERMINER = re.compile(r"各|本|有关|相关|所属")
_NOTE = re.compile(r"\s*[(](?:含|包括|包含|不含|以下|下同|简称|[^()]*,)[^()]*[)]$")
_STATEMENT_END = re.compile(r"[。；;！？!?]")


@dataclass
class Obligation:
    """One obligation statement of an item (or of the document, when section and item are None)."""

    section: int | None
    item: int | None
    text: str
    modality: str
    cue: str | None = None
    bearer: str | None = None
    units: list[str] = field(default_factory=list)
    deadline: str | None = None
    due: str | None = None
    start: int = 0
    end: int = 0
    #: every deadline the statement writes, in order, offsets in the same text as start and end
    deadlines: list[Deadline] = field(default_factory=list)
    #: the responsibility note that assigns the statement (（责任单位：…）), as written; its units
    #: are then ``units`` (see :mod:`kg.parse.assignments`)
    units_text: str | None = None
    #: those of ``units`` the note names as assisting (配合单位：…, …配合)
    support_units: list[str] = field(default_factory=list)


def modality_of(text: str) -> tuple[str, str | None]:
    """The modality of a statement and the word that sets it.

    >>> modality_of("各部门单位解读重要政策性文件原则上应采用不少于5种解读形式")
    ('default', '原则上')
    >>> modality_of("有条件的单位可选择合适议题在线直播审议过程")
    ('encouraged', '有条件的')
    >>> modality_of("相关部门主要负责同志要出席新闻发布会")
    ('mandatory', '要')
    >>> modality_of("加强政务公开业务培训")
    ('mandatory', None)
    >>> modality_of("不得泄露国家秘密")
    ('prohibited', '不得')
    >>> modality_of("请各单位于6月30日前报送"), modality_of("做好依申请公开工作")
    (('mandatory', '请'), ('mandatory', None))
    """
    k = fold(text)
    for modality, cues in (("prohibited", PROHIBITED), ("default", DEFAULT), ("encouraged", ENCOURAGED)):
        for cue in cues:
            if cue in k:
                return modality, cue
    for cue in MANDATORY:
        if _has_modal(k, cue):
            return "mandatory", cue
    for cue in WEAK_ENCOURAGED:
        if cue in k:
            return "encouraged", cue
    return "mandatory", None


# 要 and 应 are also parts of nouns (重要, 要点, 主要, 需要 as "needs", 应用, 回应, 响应, 对应).
#: 应入尽入, 应享尽享, 应公开尽公开: "all that is due", not a modal.
_ALL_DUE = re.compile(r"应(\w{1,3}?)尽\1")
_NOT_MODAL = {
    "要": ("重要", "要点", "主要", "需要", "要素", "要求", "纪要", "摘要", "必要", "首要", "要件", "要情"),
    "应": (
        "应用",
        "回应",
        "响应",
        "对应",
        "适应",
        "供应",
        "效应",
        "应急",
        "相应",
        "反应",
        "应入尽入",
        "呼应",
    ),
    "需": ("需求", "所需", "急需", "必需", "需要"),
    "须": ("必须",),
    "请": ("申请", "提请", "报请", "邀请", "聘请", "请示", "呈请", "恳请"),
}


def _has_modal(k: str, cue: str) -> bool:
    if len(cue) > 1:
        return cue in k
    masked = _ALL_DUE.sub(lambda m: "□" * len(m[0]), k) if cue == "应" else k
    for word in _NOT_MODAL.get(cue, ()):
        masked = masked.replace(word, "□" * len(word))
    return cue in masked


def _noun_phrase(k: str) -> bool:
    """Whether a bearer candidate (folded) is a noun phrase, not the start of a predicate.

    A candidate that opens with a predicate's word names no subject — unless that word is
    directly followed by the head (组织部门, 监督单位: a compound noun). A name never holds an
    adverb of manner (积极, 全力 …).
    """
    bare = re.sub(r"[(][^()]*[)]", "", k)
    opening = _PREDICATE_START.match(bare)
    if opening and not _HEAD_START.match(bare[opening.end() :]):
        return False
    if _MANNER_INSIDE.search(bare):
        return False
    # A determiner opens a noun phrase: what stands before it is a unit or an area (市政府各部门,
    # 区直各部门, 各镇街、各单位), else a verb taking the phrase as its object (选取本单位, 指导各单位).
    # Coordinated phrases (各区市、各部门; 各乡镇、街道和市直各单位) are read one by one, and a
    # phrase opening with a determiner may hold another one (各地各部门, 各级各部门).
    for phrase in re.split(r"[、和及与]", bare):
        for determiner in _DETERMINER.finditer(phrase):
            before = phrase[: determiner.start()]
            if before and not (
                _DETERMINER.match(before)
                or re.search(rf"{_HEAD}$", before)
                or is_area_prefix(re.sub(r"[委直级]$", "", before))
            ):
                return False
    return True


def _bearer_span(text: str) -> tuple[int, int] | None:
    """Where the bearer of *text* is, as offsets into *text*."""
    k = fold(text)
    skip = 0
    handover = _HANDOVER.match(k)
    if handover:
        rest = _BEARER.match(k[handover.end() :])
        if rest and _noun_phrase(rest["bearer"]):
            skip = handover.end()
    match = _BEARER.match(k[skip:])
    if not match or not _noun_phrase(match["bearer"]):
        return None
    end = skip + match.end("bearer")
    while end > skip and k[end - 1].isspace():
        end -= 1
    return skip, end


def bearer_of(text: str) -> str | None:
    """The unit (or role) a statement names as its subject, as written, if it names one.

    >>> bearer_of("各部门单位要配齐配强工作力量")
    '各部门单位'
    >>> bearer_of("区政府办公室按季度通报各部门单位政务公开工作开展情况")
    '区政府办公室'
    >>> bearer_of("要求市级政府年内邀请公众代表列席政府常务会不少于10次")
    '市级政府'
    >>> bearer_of("鼓励各单位开展分析研判"), bearer_of("由政策制定牵头部门主要负责人带头解读政策")
    ('各单位', '政策制定牵头部门主要负责人')
    >>> bearer_of("加强政务公开业务培训") is None
    True
    >>> [bearer_of(t) for t in ("全力构建公开、解读、回应有序衔接的工作格局，建立指南",
    ...                         "指导监督相关企事业单位做好信息归集", "协同宣传、网信等部门，加强监测")]
    [None, None, None]
    """
    span = _bearer_span(text)
    return text[span[0] : span[1]].strip() if span else None


def units_of(bearer: str | None) -> list[str]:
    """The units a bearer names, as written: none for a role, each member of a list of units.

    >>> units_of("各镇街、各单位"), units_of("主要负责同志")
    (['各镇街', '各单位'], [])
    >>> units_of("各区县政府（含代管镇、街道的功能区管理机构，下同）")
    ['各区县政府']
    >>> units_of("教育、卫生健康、供水等主管部门")
    ['教育、卫生健康、供水等主管部门']
    """
    if not bearer:
        return []
    k = fold(bearer)
    note = _NOTE.search(k)
    if note:
        bearer, k = bearer[: note.start()], k[: note.start()]
    if _ROLE.search(k):
        return []
    pieces = _split_outside_brackets(bearer, "、")
    members: list[str] = []
    for piece in pieces:
        # 和 / 及 / 与 join units too (市政府办公室和市大数据局), but also make one designation
        # (各部门和单位) or one name (发展和改革局).
        parts = [] if is_collective(piece, listed=True) else _split_outside_brackets(piece, "和及与")
        members.extend(parts if len(parts) > 1 and all(_names_unit(p) for p in parts) else [piece])
    # A list of units only when each member is a unit's name; 教育、卫生健康等主管部门 is one.
    if len(members) > 1 and all(_names_unit(m) for m in members):
        return members
    return [bearer.strip()]


def _split_outside_brackets(text: str, separators: str) -> list[str]:
    pieces: list[str] = []
    start, depth = 0, 0
    for i, ch in enumerate(fold(text)):
        depth += ch == "("
        depth -= ch == ")" and depth > 0
        if depth == 0 and ch in separators:
            pieces.append(text[start:i].strip())
            start = i + 1
    pieces.append(text[start:].strip())
    return [p for p in pieces if p]


def _names_unit(text: str) -> bool:
    return bool(re.search(rf"{_HEAD}$", fold(text))) or is_collective(text)


# --- statements ---------------------------------------------------------------------------------


def split_statements(text: str) -> list[tuple[int, int]]:
    """Spans of the statements in *text*: sentences, split again where a clause names a new bearer.

    >>> t = "决策文件出台后的10个工作日内，决策承办单位要公开意见采纳情况。"
    >>> [t[a:b] for a, b in split_statements(t)]
    ['决策文件出台后的10个工作日内，决策承办单位要公开意见采纳情况。']
    """
    spans: list[tuple[int, int]] = []
    k = fold(text)
    start = 0
    for match in _STATEMENT_END.finditer(k):
        spans.extend(_clauses(k, start, match.end()))
        start = match.end()
    if start < len(k) and k[start:].strip():
        spans.extend(_clauses(k, start, len(k)))
    return [(a, b) for a, b in spans if k[a:b].strip(" \n。；;")]


def _clauses(k: str, start: int, end: int) -> list[tuple[int, int]]:
    cuts = [start]
    clause_starts = [start]
    for match in re.finditer(r"[，,]", k[start:end]):
        at = start + match.end()
        if bearer_of(k[at:end]) is not None:
            # The clauses just before that only set the time or the condition go with it.
            cut = at
            for before in reversed(clause_starts):
                if before < cuts[-1] or not _fronted(k[before:cut].rstrip("，, ")):
                    break
                cut = before
            if cut > cuts[-1]:
                cuts.append(cut)
        clause_starts.append(at)
    cuts.append(end)
    return [(a, b) for a, b in zip(cuts, cuts[1:]) if b > a]


_FRONTED_END = re.compile(r"(?:时|前|后|之际|期间|以来|之前|之后|以后|以前|的)\s*$")


def _fronted(clause: str) -> bool:
    """Whether a clause only sets the time or condition of the next one (it has no predicate).

    >>> _fronted("决策文件出台后的10个工作日内"), _fronted("2023年年底前"), _fronted("重大政策制定前")
    (True, True, True)
    >>> _fronted("决策事项向社会公开征求意见的"), _fronted("要加强舆情风险评估")
    (True, False)
    """
    k = fold(clause).strip()
    if not k or bearer_of(k) is not None or any(_has_modal(k, cue) for cue in MANDATORY):
        return False
    if _FRONTED_END.search(k):
        return True
    deadlines = find_deadlines(k, year=None)
    return bool(deadlines) and deadlines[-1].end == len(k)


def _after_fronted(statement: str) -> int:
    """Where a statement's main clause begins, past the fronted clauses that open it."""
    k = fold(statement)
    pos = 0
    for match in re.finditer(r"[，,]", k):
        if not _fronted(k[pos : match.start()]):
            break
        pos = match.end()
    return pos


def find_obligations(
    text: str,
    *,
    section: int | None,
    item: int | None,
    heading: str = "",
    year: int | None = None,
    notes: list[Note] | None = None,
) -> list[Obligation]:
    """The obligation statements of an item's *text* (its heading skipped, unless the heading is
    all the item says: 2.各部门要每季度至少召开1次新闻发布会。 is a duty, not a title).

    :param notes: the responsibility notes of *text* (:func:`~kg.parse.assignments.find_notes`),
        when the caller has them already.
    """
    from kg.parse.quantities import count_periods

    if notes is None:
        notes = find_notes(text)
    # The notes are not statements: blanked out (NUL keeps every offset) and left out of the text.
    masked = list(text)
    for note in notes:
        masked[note.start : note.end] = "\0" * (note.end - note.start)
    body = "".join(masked)
    offset = 0
    if heading and text.startswith(heading):
        offset = len(heading)
        while offset < len(text) and text[offset] in "。.；;：: \n":
            offset += 1
        if not body[offset:].strip(" \t\n\0。；;，,"):
            offset = 0  # (one in the heading assigns the item: see _assign)
    body = body[offset:]
    out: list[Obligation] = []
    previous_bearer: str | None = None
    for a, b in split_statements(body):
        span = body[a:b]
        lead = len(span) - len(span.lstrip(" \t\n\0"))
        trail = len(span.rstrip(" \t\n\0。；;，,"))
        if trail <= lead:
            continue
        # a note at the statement's end is left out; one inside it stays, as written, so that
        # the statement is still a slice of the item's text
        inside = span[lead:trail].rstrip("\0 \t\n")
        statement = text[offset + a + lead : offset + a + lead + len(inside)]
        if not statement or _COVERING.search(fold(statement)):
            continue
        start = offset + a + lead
        modality, cue = modality_of(statement)
        main = _after_fronted(statement)
        bearer = bearer_of(statement[main:])
        if bearer is None and body[a - 1 : a] in ("，", ","):
            bearer = previous_bearer  # a clause continuing the previous clause's subject
        previous_bearer = (
            bearer if bearer is not None else (previous_bearer if body[a - 1 : a] in ("，", ",") else None)
        )
        # 每年 of 每年至少开展1次 is the count's period; 年内 of 年内…不少于10次 still dates it.
        periods = {(d.start, d.end) for d in count_periods(statement, year=year) if d.kind != "fixed"}
        deadlines = [
            replace(d, start=start + d.start, end=start + d.end)
            for d in find_deadlines(statement, year=year)
            if (d.start, d.end) not in periods
        ]
        first = deadlines[0] if deadlines else None
        out.append(
            Obligation(
                section=section,
                item=item,
                text=statement,
                modality=modality,
                cue=cue,
                bearer=bearer,
                units=units_of(bearer),
                deadline=first.text if first else None,
                due=first.due if first else None,
                start=start,
                end=start + len(statement),
                deadlines=deadlines,
            )
        )
    # a note right after the heading (推进…公开（牵头单位：…）) is the heading's
    heading_end = offset
    if offset:
        heading_end = max([offset] + [n.end for n in notes if n.start <= offset + 1])
    _assign(out, notes, year, heading_end=heading_end)
    return out


def _assign(
    obligations: list[Obligation], notes: list[Note], year: int | None, *, heading_end: int = 0
) -> None:
    """Give each statement the units and deadline of the note that assigns it: the first note at
    or after its start (a note closes the passage it assigns); a statement after the last note
    takes it only when that note assigned nothing before it (it followed the item's heading);
    failing both, a note in the item's heading (before *heading_end*) assigns the whole item."""
    if not notes:
        return
    covered = {id(n): False for n in notes}
    governing: list[Note | None] = []
    for ob in obligations:
        note = next((n for n in notes if n.start >= ob.start), None)
        if note is not None:
            covered[id(note)] = True
        governing.append(note)
    for ob, note in zip(obligations, governing):
        if note is None:
            before = [n for n in notes if n.end <= ob.start]
            note = before[-1] if before and not covered[id(before[-1])] else None
        if note is None:
            note = next((n for n in reversed(notes) if n.end <= heading_end), None)
        if note is None:
            continue
        ob.units_text = note.text
        if note.units:
            ob.units = note.units
            ob.support_units = [u for u in note.support if u not in note.lead]
        if note.deadline and not ob.start <= note.start < ob.end:  # (a note inside: already read)
            at = note.text.find(note.deadline)
            found = [
                replace(d, start=note.start + at + d.start, end=note.start + at + d.end)
                for d in find_deadlines(note.deadline, year=year)
            ]
            ob.deadlines = ob.deadlines + found
            if found and ob.deadline is None:
                ob.deadline, ob.due = found[0].text, found[0].due


#: The covering formula of a notice: it hands the document over and imposes nothing of its own.
_COVERING = re.compile(
    r"(?:印发|转发|下发|予以公布|公布)给?你们|通知如下|特此通知|现将.{0,60}(?:印发|转发|公布)"
)


def find_document_obligations(text: str, *, year: int | None = None) -> list[Obligation]:
    """The duties a text outside the outline imposes: a closing paragraph, a covering notice.

    Offsets are into *text*. A numbered paragraph's label and its heading (``一、提高思想认识。``)
    are titles; the covering formula imposes nothing; and since such a text also holds what is
    not a duty (特此通知, a contact line), a statement counts only when it names a bearer or a
    modal word governs it.

    >>> t = "各级各部门（单位）要对照重点工作任务分工抓好落实，于7月31日前编制实施方案。特此通知。"
    >>> [(o.bearer, o.cue, o.due) for o in find_document_obligations(t, year=2023)]
    [('各级各部门（单位）', '要', '2023-07-31')]
    """
    out: list[Obligation] = []
    pos = 0
    for paragraph in text.split("\n"):
        begin = pos
        pos += len(paragraph) + 1
        k = fold(paragraph)
        heading = ""
        for pattern in (SECTION, ITEM, POINT):
            marker = pattern.match(k)
            if marker:
                rest = marker.start("rest")
                sentence = _STATEMENT_END.search(k, rest)
                if sentence and k[sentence.end() :].strip():
                    heading = paragraph[rest : sentence.start()]
                begin += rest
                paragraph = paragraph[rest:]
                break
        for ob in find_obligations(paragraph, section=None, item=None, heading=heading, year=year):
            if ob.bearer is None and ob.cue is None:
                continue
            ob.start += begin
            ob.end += begin
            ob.deadlines = [replace(d, start=d.start + begin, end=d.end + begin) for d in ob.deadlines]
            out.append(ob)
    return out
