"""Quantified requirements: ``每年至少召开1次会议``, ``不少于5种解读形式``, ``10个工作日内``, ``按季度通报``.

Each requirement is a :class:`Quantity` of one of four kinds:

``count``
    a number of things with a comparison: ``不少于10次`` (op ``>=``, value 10, unit 次), ``至少1次``,
    ``不超过3项`` (``<=``), ``5次以上`` (``>=``, 以上 includes the number), ``95%以上``
    (unit ``%``). A number is a requirement only when a comparison governs it, or when a
    period does (``每年开展1次`` → op ``=``), so 文号, hotlines (12345), ``9类困难群众``,
    ``“6+4”产业``, ``十四五``, ``“十条”政策`` and list numbers are never counts.
``duration``
    a period to act within: ``10个工作日内`` (op ``<=``, value 10, unit 工作日), from
    :mod:`kg.parse.deadlines`, and ``不超过15个工作日``.
``deadline``
    a date: ``2023年底前`` → value ``"2023-12-31"`` (None when the year is unknown);
    ``每年3月31日前`` → value ``"--03-31"`` with per 年.
``frequency``
    a recurrence without a number: ``按季度通报`` → per 季度 (年, 半年, 季度, 月, 周; any other
    period as its ISO 8601 duration, ``每两年`` → ``P2Y``).

``per`` is the period a count is measured over (``每年``, ``年内``, ``每年度`` → 年). ``bearer``
is the unit the clause names as its subject (``市级政府``, ``市政府各部门（单位）``), as written.
``modality`` is ``"default"`` when 原则上 ("as a rule") governs the requirement, or 一般
("normally") stands right before its comparison (``一般不少于30日``).

Ellipsis: in ``市级政府年内邀请公众代表列席政府常务会不少于10次，各区县政府不少于5次`` the second
clause names only a bearer and a number; it takes the verb, the period and the modality of the
clause before it in the same sentence.

``text`` is the requirement phrase as written: from after the bearer (or the clause's start) to
the end of the clause — or of the next clause, when the quantity is a time phrase put in front
(``2023年年底前，优化企业用户空间``) — sliced from the original text; ``start`` and ``end`` are
its offsets. Numbers inside short quoted names (``“最多跑一次”改革``) are never counts.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from kg.normalize import fold
from kg.parse.assignments import Note, find_notes
from kg.parse.deadlines import Deadline, find_deadlines
from kg.parse.numerals import cn_to_int

__all__ = ["Quantity", "count_periods", "find_quantities"]


@dataclass
class Quantity:
    """A quantified requirement (see the module docstring)."""

    text: str
    kind: str
    op: str | None = None
    value: float | int | str | None = None
    unit: str | None = None
    per: str | None = None
    bearer: str | None = None
    modality: str | None = None
    start: int = 0
    end: int = 0


# --- comparisons and numbers -----------------------------------------------------------------

_OPS = {
    "不少于": ">=",
    "不低于": ">=",
    "不小于": ">=",
    "至少": ">=",
    "最少": ">=",
    "达到": ">=",
    "不超过": "<=",
    "不高于": "<=",
    "不多于": "<=",
    "不大于": "<=",
    "最多": "<=",
    "超过": ">",
    "多于": ">",
    "高于": ">",
    "大于": ">",
    "少于": "<",
    "低于": "<",
    "小于": "<",
    "不足": "<",
    # the signs, as tables and web pages write them (fold makes ＞ >)
    "≥": ">=",
    "≧": ">=",
    ">=": ">=",
    "≤": "<=",
    "≦": "<=",
    "<=": "<=",
}
_OP = "|".join(re.escape(op) for op in sorted(_OPS, key=len, reverse=True))
_POST = {"以上": ">=", "及以上": ">=", "或以上": ">=", "以下": "<=", "及以下": "<=", "以内": "<="}
_NUMBER = r"(?:\d+(?:\.\d+)?|[零一二两三四五六七八九十百千]+)"
_COUNT_UNIT = r"(?:%|人次|次(?!性)|种|个(?!\s*(?:工作日|自然日|月|小时|星期))|项|家|人|名|场|期|篇|条|批|份|所|类|件|轮|户|万元|元)"

#: A verb between a comparison and its number: 至少(召开)1次, 至少(开展)1次.
_VERB_GAP = r"(?:(?![〇零一二两三四五六七八九十百千第])[\u4e00-\u9fff]){1,4}?"
_RE_COUNT = re.compile(
    rf"(?:(?P<op>{_OP})\s*(?:{_VERB_GAP}\s*)?)?(?<![\d.+\-〇零一二两三四五六七八九十百千第])(?P<num>{_NUMBER})\s*(?P<unit>{_COUNT_UNIT})"
    r"(?![+\d])(?:\s*(?P<post>及以上|或以上|以上|及以下|以下|以内)|\s*/\s*(?P<slash>年|季度|月|周))?"
)
#: A rate right before its number: 公开率(达|为|保持)100%.
_RATE_BEFORE = re.compile(
    r"(?<!差错|错误|投诉|失误|超期|逾期|违规|出错|退回)率\s*(?:要\s*)?(?:达|为|保持|稳定在)?\s*$"
)
_RE_PERCENT_CN = re.compile(
    rf"(?:(?P<op>{_OP})\s*)?百分之(?P<num>{_NUMBER})(?:\s*(?P<post>及以上|或以上|以上|及以下|以下|以内))?"
)
_RE_DURATION_OP = re.compile(
    rf"(?P<op>{_OP})\s*(?P<num>\d{{1,3}}|[一二两三四五六七八九十百]{{1,4}})\s*(?P<ge>个\s*)?"
    r"(?P<unit>工作日|自然日|日|天|小时|周|星期|月)"
)
#: A short quoted name: numbers in “最多跑一次” or “100%网上可办” name things, they require nothing.
_QUOTED = re.compile(r"[“\"「《][^“”\"「」《》]{1,16}[”\"」》]")
#: Units a period alone makes a requirement of: 每年开展1次.
_EVENT_UNITS = {"次", "场", "期", "轮", "篇", "条", "批"}
_DURATION_UNITS = {"工作日": "工作日", "自然日": "日", "日": "日", "天": "日", "小时": "小时"}
_DURATION_UNITS |= {"周": "周", "星期": "周", "月": "月"}

# --- periods, modality, clauses, bearers -----------------------------------------------------

_RE_PER = re.compile(
    r"每\s*(?:个\s*)?(?P<a>半\s*年|年\s*度?|季\s*度?|月|周|星期)|按\s*(?P<b>半\s*年|年\s*度?|季\s*度?|月|周)"
    r"|(?<![上下半])(?P<c>年\s*度?)\s*(?:之|以)?\s*内|全\s*年"
)
_PER_NAMES = {"半年": "半年", "年": "年", "年度": "年", "季": "季度", "季度": "季度", "月": "月"}
_PER_NAMES |= {"周": "周", "星期": "周"}
_RECURRENCE_PER = {"P1Y": "年", "P6M": "半年", "P3M": "季度", "P1M": "月", "P1W": "周"}
#: 原则上 ("as a rule") anywhere before the number; 一般 ("normally") right before the comparison.
_DEFAULT = re.compile(rf"原则上|一般\s*(?:情况下\s*)?(?:应\s*)?(?:{_OP})")

#: Between a bearer and its number, nothing but these: the clause borrows its verb.
_ELIDED = re.compile(r"^\s*(?:原则上|均|也|则|应|须|需|分别|要)?\s*$")
_CLAUSE_END = set("。；;！？!?\n")
_CLAUSE_COMMA = set("，,：:")
_OPEN = set('(（[【“"‘《')
_CLOSE = set(')）]】”"’》')

_LEAD = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.]|[(]\s*[一二三四五六七八九十]{1,3}\s*[)]|\d{1,2}\s*[.、](?!\d)|[(]\s*\d{1,2}\s*[)])?"
    r"\s*(?:要求|同时|并且|并|其中|另外|此外|请|由)?\s*"
)
_BEARER_END = re.compile(
    r"(?:人民政府|政府|部门|单位|局|办公室|办公厅|委员会|管委会|管委|同志|机关|中心|街道|镇街区|镇街|小组"
    r"|办事处|负责人|机构|公司|领导)(?:\s*[(][^()]*[)])?"
)
#: Where a clause's subject stops: adverbs, modal verbs, periods, prepositions, comparisons.
_BEARER_STOP = re.compile(
    r"原则上|每|年\s*内|全年|按|应|需|须|必须|(?<![主重需必只纲概摘提])要|将|在|于|可|均|"
    rf"{_OP}|定期|对|向|从|自|\d|年底|年初|今年|本年|[，,。；;：:]"
)
#: A subject does not start with a verb.
_VERB_START = re.compile(
    r"^(?:组织|开展|加强|推进|推动|完善|建立|健全|邀请|召开|督促|指导|落实|深化|持续|提升|强化|做好|进一步|切实|积极"
    r"|严格|认真|全面|深入|探索|实施|确保|围绕|聚焦|坚持|优化|规范|打造|结合|根据|按照|通过|发挥|明确|及时|主动"
    r"|委托|引入|依托|利用|鼓励|支持|要求|由)"
)
#: A bracketed note after a name, not part of it: (含…), (包括…), (以下简称…), or anything with a comma.
_NOTE = re.compile(r"\s*[(](?:含|包括|包含|不含|以下|下同|简称|[^()]*[，,])[^()]*[)]$")
_BEARER_BODY = re.compile(r"^[\u4e00-\u9fff、和与及\s]+$")


def _num(text: str) -> int | float:
    """The value of a number as written, an int when it is whole.

    >>> _num("10"), _num("两"), _num("95.5"), _num("十二")
    (10, 2, 95.5, 12)
    """
    text = text.strip()
    if re.fullmatch(r"\d+", text):
        return int(text)
    if re.fullmatch(r"\d+\.\d+", text):
        value = float(text)
        return int(value) if value.is_integer() else value
    return _cn_thousands(text) if "千" in text else cn_to_int(text)


def _cn_thousands(text: str) -> int:
    head, _, rest = text.partition("千")
    return cn_to_int(head or "一") * 1000 + (cn_to_int(rest.lstrip("零")) if rest.strip("零") else 0)


@dataclass
class _Clause:
    start: int
    end: int
    sentence: int


def _clauses(folded: str) -> list[_Clause]:
    """Clauses: split at 。；！？ and line breaks, and at ，： outside brackets and quotes.

    >>> [(c.start, c.end, c.sentence) for c in _clauses("甲(乙，丙)丁，戊。己")]
    [(0, 7, 0), (8, 9, 0), (10, 11, 1)]
    """
    out: list[_Clause] = []
    depth, start, sentence = 0, 0, 0
    for i, ch in enumerate(folded):
        if ch in _OPEN and not (ch == '"' and depth):
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        elif ch in _CLAUSE_END or (ch in _CLAUSE_COMMA and depth == 0):
            out.append(_Clause(start, i, sentence))
            start = i + 1
            if ch in _CLAUSE_END:
                sentence += 1
                depth = 0
    out.append(_Clause(start, len(folded), sentence))
    return out


def _mask_brackets(text: str) -> str:
    """Same length, with what stands inside brackets replaced, so stops inside them are ignored."""
    out, depth = [], 0
    for ch in text:
        if ch in "(（":
            depth += 1
            out.append(ch)
        elif ch in ")）" and depth:
            depth -= 1
            out.append(ch)
        else:
            out.append("□" if depth else ch)
    return "".join(out)


def _bearer(folded: str, clause: _Clause) -> tuple[int, int, int] | None:
    """The clause's leading noun phrase naming a unit: (start, end of the name, end of the subject).

    A short parenthetical belongs to the name (``市政府各部门(单位)``); a note in brackets
    (``(含代管镇、街道的功能区管理机构，下同)``) ends the subject but is not part of the name.

    >>> f = "各区县政府(含代管镇、街道的功能区管理机构，下同)不少于5次"
    >>> s = _bearer(f, _Clause(0, len(f), 0)); f[s[0]:s[1]], f[s[1]:s[2]]
    ('各区县政府', '(含代管镇、街道的功能区管理机构，下同)')
    >>> f = "要求市政府各部门(单位)年内邀请公众代表列席政府常务会不少于10次"
    >>> s = _bearer(f, _Clause(0, len(f), 0)); f[s[0]:s[1]]
    '市政府各部门(单位)'
    """
    body = folded[clause.start : clause.end]
    lead = _LEAD.match(body)
    begin = lead.end() if lead else 0
    masked = _mask_brackets(body)
    stop = _BEARER_STOP.search(masked, begin)
    limit = stop.start() if stop else len(body)
    best = None
    for match in _BEARER_END.finditer(body, begin, limit):
        if match.end() <= limit:
            best = match.end()
    if best is None or best - begin > 40:
        return None
    name = body[begin:best]
    bare = re.sub(r"[(][^()]*[)]", "", name)
    if not _BEARER_BODY.match(bare) or _VERB_START.match(bare):
        return None
    name_end = best
    note = _NOTE.search(name)
    if note:
        name_end = begin + note.start()
    return clause.start + begin, clause.start + name_end, clause.start + best


def _per(segment: str) -> str | None:
    """The period named last in *segment* (每年, 年内, 按季度 …), as 年 / 半年 / 季度 / 月 / 周.

    >>> _per("各区政府原则上每年"), _per("年内邀请"), _per("区政府办公室按季度"), _per("不少于")
    ('年', '年', '季度', None)
    """
    found = None
    for match in _RE_PER.finditer(segment):
        word = match["a"] or match["b"] or match["c"] or "年"
        found = _PER_NAMES[re.sub(r"\s+", "", word)]
    return found


# --- assembling ------------------------------------------------------------------------------


@dataclass
class _Hit:
    """A quantity found in the folded text before its clause is read."""

    start: int
    end: int
    kind: str
    op: str | None = None
    value: float | int | str | None = None
    unit: str | None = None
    per: str | None = None
    deadline: Deadline | None = None


def _count_hits(folded: str) -> list[_Hit]:
    hits = []
    for match in _RE_COUNT.finditer(folded):
        try:
            value = _num(match["num"])
        except ValueError:
            continue
        op = _OPS.get(match["op"] or "") or _POST.get(match["post"] or "")
        start = match.start("op") if match["op"] else match.start("num")
        if op is None and match["unit"] == "%" and _RATE_BEFORE.search(folded, 0, start):
            op = ">="  # 按时率100%, 同步发布率达100%: a rate's target is a floor
        hits.append(
            _Hit(start, match.end(), "count", op, value, match["unit"], _PER_NAMES.get(match["slash"] or ""))
        )
    for match in _RE_PERCENT_CN.finditer(folded):
        op = _OPS.get(match["op"] or "") or _POST.get(match["post"] or "")
        try:
            value = _num(match["num"])
        except ValueError:
            continue
        hits.append(_Hit(match.start(), match.end(), "count", op, value, "%"))
    for match in _RE_DURATION_OP.finditer(folded):
        if match["unit"] == "月" and not match["ge"]:
            continue
        try:
            value = _num(match["num"])
        except ValueError:
            continue
        hits.append(
            _Hit(
                match.start(),
                match.end(),
                "duration",
                _OPS[match["op"]],
                value,
                _DURATION_UNITS[match["unit"]],
            )
        )
    return hits


def _deadline_hit(deadline: Deadline) -> _Hit | None:
    if deadline.kind == "relative":
        return _Hit(
            deadline.start, deadline.end, "duration", "<=", deadline.amount, deadline.unit, deadline=deadline
        )
    if deadline.kind == "fixed":
        return _Hit(deadline.start, deadline.end, "deadline", "<=", deadline.due, deadline=deadline)
    if deadline.kind == "recurring" and deadline.recurrence:
        if deadline.recurrence.startswith("--"):
            per = "月" if deadline.recurrence.startswith("---") else "年"
            return _Hit(
                deadline.start,
                deadline.end,
                "deadline",
                "<=",
                deadline.recurrence,
                per=per,
                deadline=deadline,
            )
        per = _RECURRENCE_PER.get(deadline.recurrence, deadline.recurrence)
        return _Hit(deadline.start, deadline.end, "frequency", per=per, deadline=deadline)
    return None  # open: nothing to measure


def _overlaps(a: _Hit, b: _Hit) -> bool:
    return a.start < b.end and b.start < a.end


def _read(text: str, year: int | None) -> tuple[str, list[_Clause], list[tuple[_Hit, int]], list[Deadline]]:
    """The folded text, its clauses, the quantities kept (with their clause) and the periods of counts.

    A period a count is measured over (每年 / 年内 in 每年至少召开1次) is no quantity of its own,
    and no deadline either: it is returned apart, as the deadline phrase it was read from.
    """
    folded = fold(text)
    clauses = _clauses(folded)
    starts = [clause.start for clause in clauses]

    def clause_of(pos: int) -> int:
        return max(0, bisect.bisect_right(starts, pos) - 1)

    names = [m.span() for m in _QUOTED.finditer(folded)]
    counts = [c for c in _count_hits(folded) if not any(a <= c.start and c.end <= b for a, b in names)]
    deadline_hits = [h for h in map(_deadline_hit, find_deadlines(text, year=year)) if h is not None]
    # A comparison over a period the deadline module already read (不超过10个工作日内) is one quantity.
    counts = [c for c in counts if not any(_overlaps(c, d) for d in deadline_hits)]
    # Counts need a comparison or a period; a period a count uses is not a quantity of its own.
    kept: list[tuple[_Hit, int]] = []
    count_clauses: set[int] = set()
    for hit in counts:
        index = clause_of(hit.start)
        clause = clauses[index]
        if hit.kind == "count" and hit.per is None:
            hit.per = _per(folded[clause.start : hit.start])
        if hit.kind == "count" and hit.op is None:
            if hit.per is None or hit.unit not in _EVENT_UNITS:
                continue
            hit.op = "="
        kept.append((hit, index))
        if hit.kind == "count":
            count_clauses.add(index)
    periods: list[Deadline] = []
    for hit in deadline_hits:
        index = clause_of(hit.start)
        if index in count_clauses and hit.deadline is not None:
            if hit.kind == "frequency" or re.fullmatch(
                r"(?:\S*年)?\s*(?:度\s*)?内|全\s*年", fold(hit.deadline.text)
            ):
                periods.append(hit.deadline)  # 每年 / 年内 of 每年至少召开1次: the count's period
                continue
        kept.append((hit, index))
    kept.sort(key=lambda pair: (pair[0].start, pair[0].end))
    return folded, clauses, kept, periods


def count_periods(text: str, *, year: int | None) -> list[Deadline]:
    """The deadline phrases of *text* that are only the period of a count, not deadlines.

    >>> [d.text for d in count_periods("各单位每年至少开展1次评价，2023年底前公开结果", year=2023)]
    ['每年']
    """
    return _read(text, year)[3]


def find_quantities(text: str, *, year: int | None, notes: list[Note] | None = None) -> list[Quantity]:
    """Every quantified requirement in *text*, in order.

    :param year: the document's year, for deadlines that do not write one.
    :param notes: the responsibility notes of *text*, when the caller has them already (a
        quantity's text stops before a note).

    >>> t = "要求市级政府年内邀请公众代表列席政府常务会不少于10次，各区县政府不少于5次。"
    >>> [(q.bearer, q.op, q.value, q.unit, q.per) for q in find_quantities(t, year=2023)]
    [('市级政府', '>=', 10, '次', '年'), ('各区县政府', '>=', 5, '次', '年')]
    >>> [(q.kind, q.value, q.per) for q in find_quantities("区政府办公室按季度通报", year=None)]
    [('frequency', None, '季度')]
    """
    folded, clauses, kept, _ = _read(text, year)
    if notes is None:
        notes = find_notes(text) if kept else []
    out: list[Quantity] = []
    previous: dict[int, Quantity] = {}  # sentence -> last count in it
    for position, (hit, index) in enumerate(kept):
        clause = clauses[index]
        span = _bearer(folded, clause)
        if span and span[2] <= hit.start:
            bearer, begin = text[span[0] : span[1]], span[2]
        else:
            lead = _LEAD.match(folded[clause.start : clause.end])
            bearer, begin = None, clause.start + (lead.end() if lead else 0)
        subject_end = begin
        same_clause = [h for h, i in kept[:position] if i == index]
        if same_clause:
            begin = hit.start
        end = clause.end
        later = [h for h, i in kept[position + 1 :] if i == index]
        if later:
            end = later[0].start
        elif hit.kind in ("deadline", "duration") and not folded[hit.end : end].strip():
            # 2023年年底前，优化企业用户空间: a fronted time phrase; the requirement is the next clause.
            follow = clauses[index + 1] if index + 1 < len(clauses) else None
            if follow and follow.sentence == clause.sentence and all(i != index + 1 for _, i in kept):
                end = follow.end
                # …后的10个工作日内，决策承办单位要…: the bearer is the subject of that clause.
                follow_span = _bearer(folded, follow) if bearer is None else None
                if follow_span:
                    bearer = text[follow_span[0] : follow_span[1]]
        while end > begin and (folded[end - 1].isspace() or (later and folded[end - 1] in "和及与或、")):
            end -= 1
        while begin < end and folded[begin].isspace():
            begin += 1
        # a responsibility note after the requirement is not part of it (（市政府办公室负责）),
        # nor the bracket that closes the note a deadline was read from (完成时限：6月底前）)
        for note in notes:
            if begin < note.start < end and note.start >= hit.end:
                end = note.start
        while end > hit.end and (
            folded[end - 1].isspace()
            or (folded[end - 1] == ")" and folded.count("(", begin, end) < folded.count(")", begin, end))
        ):
            end -= 1
        segment = folded[clause.start : hit.end]
        modality = "default" if _DEFAULT.search(segment) else None
        quantity = Quantity(
            text=text[begin:end],
            kind=hit.kind,
            op=hit.op,
            value=hit.value,
            unit=hit.unit,
            per=hit.per,
            bearer=bearer,
            modality=modality,
            start=begin,
            end=end,
        )
        if hit.kind == "count":
            gap = folded[subject_end : hit.start]
            earlier = previous.get(clause.sentence)
            if earlier is not None and _ELIDED.match(gap) and not same_clause:
                # 各区县政府不少于5次: the verb, the period and the modality of the clause before.
                quantity.per = quantity.per or earlier.per
                quantity.modality = quantity.modality or earlier.modality
                if quantity.op == "=" and earlier.op:
                    quantity.op = earlier.op
            previous[clause.sentence] = quantity
        out.append(quantity)
    return out
