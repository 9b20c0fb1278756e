"""Deadlines as written (``2023年12月底前``, ``每年3月31日前``, ``10个工作日内``, ``长期坚持``) and normalized.

A deadline is one of four kinds:

``fixed``
    a calendar date, ``due`` in ISO form: ``2023年12月底前`` → ``2023-12-31``. A year that is not
    written is the document's year (*year*); when that is unknown too, ``due`` is ``None`` — a due
    date is never guessed.
``recurring``
    a deadline that comes back: ``每年3月31日前`` → ``--03-31`` (an XSD ``gMonthDay``),
    ``每月10日前`` → ``---10`` (``gDay``), or a period when no day is named: ``按季度`` → ``P3M``,
    ``每月`` → ``P1M``, ``每半年`` → ``P6M``, ``每年`` → ``P1Y``.
``relative``
    a period that runs from an event: ``政策文件出台后的10个工作日内`` → amount 10, unit 工作日,
    event ``政策文件出台``; :func:`due_date` turns it into a date once the event's date is known.
``open``
    no end: ``长期坚持``; in a table cell also ``长期``, ``持续推进``, ``常态化``.

Readings of the genre's conventions, decided here once:

* ``年底`` / ``年末`` / ``年内`` / ``全年`` (cell) → 12-31 of the year; ``上半年`` → 06-30,
  ``下半年`` → 12-31, ``三季度末`` → 09-30.
* ``年初`` → 03-31: "at the start of the year" is read as by the end of the first quarter, the
  reading provincial guidance gives for publishing the yearly list of major decisions (年初公开).
  ``每年年初`` is the recurring ``--03-31``.
* ``X月底前`` / ``X月末`` / ``X月`` (a table's 完成时限) → the last day of that month; ``X月前`` →
  the last day of the month before (before the month starts); ``上旬`` / ``中旬`` / ``下旬`` →
  the 10th / 20th / last day.
* ``Y年前`` is not read (it means "by Y" as often as "before Y").
* In prose a deadline needs a marker (``前``, ``底``, ``末``, ``内``, or a label such as
  ``完成时限：``), so dates that only describe (``2023年8月28日``, ``2023年6月，起草完成``) are
  not deadlines; ``持续`` and ``常态化`` in prose are manner, not deadlines; only ``长期坚持``
  and ``长期执行`` are read as open there.

Matching runs on :func:`kg.normalize.fold` of the text, which has the same length, and every
``text`` is sliced from the original, exactly as written.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.normalize import fold
from kg.parse.numerals import cn_to_int, cn_year

__all__ = ["Deadline", "add_working_days", "due_date", "find_deadlines", "parse_deadline"]


@dataclass
class Deadline:
    """A deadline as written, with its normalized reading (see the module docstring)."""

    text: str
    kind: str
    due: str | None = None
    recurrence: str | None = None
    amount: int | None = None
    unit: str | None = None
    event: str | None = None
    start: int = 0
    end: int = 0


# --- patterns over folded text ----------------------------------------------------------------

_S = r"\s*"
#: A year that is written (2023年, 二〇二三年, 2023年度) or named (今年, 本年度, 明年).
_YEAR = r"(?:(?P<year>(?:19|20)\d\d|[〇零一二三四五六七八九]{4})|(?P<rel>今|本|当|明|次))\s*年\s*(?:度\s*)?"
#: Characters that make a bare 年 part of another word (上年, 每年, 3年, 全年, 半年, 近年 …).
_NOT_BARE_YEAR = r"(?<![上去前每全近半多两数几历当今本明次同往\d〇零一二三四五六七八九十百])"
_MONTH = r"(?:1[0-2]|0?[1-9]|十[一二]|十|[一二三四五六七八九])"
_DAY = r"(?:3[01]|[12]\d|0?[1-9]|三十一|三十|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九])"
#: A month or day number must not continue another number or word (第三月, 统一月).
_NUM_EDGE = r"(?<![\d.〇零一二两三四五六七八九十百第统唯同专单逐每])"
_BEFORE = r"(?:之|以)?\s*前"
_AMOUNT = r"(?:\d{1,3}|[一二两三四五六七八九十百]{1,4})"

#: A label that makes a bare date a deadline: 完成时限：2023年12月, 计划完成时间：2023年12月.
_LABEL_BEFORE = re.compile(r"(?:时限|期限|时间|日期|截止)\s*[:]?\s*$")


def _p(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


_RE_EVERY_MONTH_DAY = _p(
    rf"每\s*年\s*(?:度\s*)?(?:的\s*)?{_NUM_EDGE}(?P<month>{_MONTH})\s*月\s*(?:份\s*)?"
    rf"(?:(?P<day>{_DAY})\s*[日号]\s*(?P<mark>{_BEFORE})?|(?P<end>底|末)\s*(?:{_BEFORE})?|(?P<xun>上旬|中旬|下旬)\s*(?:{_BEFORE})?"
    rf"|(?P<mark2>{_BEFORE}))"
)
_RE_EVERY_YEAR_POINT = _p(
    rf"每\s*年\s*(?:度\s*)?(?:的\s*)?(?:(?P<end>年\s*(?:底|末)|底|末)|(?P<start>年\s*初|初)"
    rf"|(?:第\s*)?(?P<q>[一二三四1-4])\s*季\s*度\s*(?:末|底)?|(?P<h>上|下)\s*半\s*年)\s*(?:{_BEFORE})?"
)
_RE_EVERY_MONTH_ON = _p(
    rf"每\s*(?:个\s*)?月\s*(?:的\s*)?{_NUM_EDGE}(?P<day>{_DAY})\s*[日号]\s*(?:{_BEFORE})?"
)
_RE_EVERY_PERIOD = _p(
    r"(?:每\s*(?P<n>(?:\d{1,2}|[一二两三四五六七八九十])(?=\s*个?\s*(?:年|季|月|周|星期)))?\s*(?:个\s*)?"
    r"|按\s*)(?P<u>半\s*年|年\s*度?|季\s*度?|月\s*度?|周|星期)(?:\s*(?:底|末)\s*(?:(?:之|以)?\s*前)?)?"
)
_RE_DATE = _p(
    rf"(?:{_YEAR})?{_NUM_EDGE}(?P<month>{_MONTH})\s*月\s*(?P<day>{_DAY})\s*[日号]\s*(?P<mark>{_BEFORE})?"
)
_RE_MONTH = _p(
    rf"(?:{_YEAR})?{_NUM_EDGE}(?:(?P<month0>{_MONTH})\s*(?:月\s*)?[-—–~至到]\s*)?(?P<month>{_MONTH})\s*月\s*(?:份\s*)?"
    rf"(?:(?P<end>底|末)\s*(?:{_BEFORE})?|(?P<xun>上旬|中旬|下旬)\s*(?P<xmark>{_BEFORE})?|(?P<before>{_BEFORE}))?"
)
_RE_QUARTER = _p(
    rf"(?:{_YEAR})?(?<![每按])(?:第\s*)?(?P<q>[一二三四1-4])\s*季\s*度\s*(?P<mark>(?:末|底)\s*(?:{_BEFORE})?|{_BEFORE}|(?:之|以)?\s*内)?"
)
_RE_HALF = _p(
    rf"(?:{_YEAR})?(?<![每按])(?P<h>上|下)\s*半\s*年\s*(?:度\s*)?(?P<mark>(?:底|末)\s*(?:{_BEFORE})?|{_BEFORE}|(?:之|以)?\s*内)?"
)
_RE_YEAR_END = _p(rf"(?:{_YEAR}(?:年\s*)?|{_NOT_BARE_YEAR}年\s*(?:度\s*)?)(?:底|末)\s*(?:{_BEFORE})?")
_RE_YEAR_IN = _p(rf"(?:{_YEAR}|{_NOT_BARE_YEAR}年\s*(?:度\s*)?)(?:之|以)?\s*内")
_RE_YEAR_START = _p(rf"(?:{_YEAR}(?:年\s*)?|{_NOT_BARE_YEAR}年\s*)初")
_RE_RELATIVE = _p(
    rf"(?<![\d.月〇零一二两三四五六七八九十百第])(?P<n>{_AMOUNT})\s*(?P<ge>个\s*)?"
    r"(?P<unit>工作日|自然日|日|天|周|星期|月|年)\s*(?:之|以)?\s*内"
)
_RE_HALF_YEAR_IN = _p(r"(?<![上下每按])半\s*(?:个\s*)?年\s*(?:之|以)?\s*内")
_RE_OPEN_PROSE = _p(r"长期\s*(?:坚持|执行)")

# Cell-only forms: whole cells of a 完成时限 column.
_RE_CELL_YEAR = _p(rf"^(?:{_YEAR})(?:全\s*年)?$")
_RE_CELL_WHOLE_YEAR = _p(r"^(?:全\s*年|年\s*内|全\s*年\s*推\s*进|全\s*年\s*实\s*施)$")
_RE_CELL_OPEN = _p(
    r"^(?:长\s*期(?:\s*(?:坚\s*持|推\s*进|执\s*行|开\s*展|有\s*效))?"
    r"|持\s*续(?:\s*(?:推\s*进|开\s*展|实\s*施|进\s*行|落\s*实))?"
    r"|常\s*态\s*化(?:\s*(?:推\s*进|开\s*展|实\s*施|落\s*实))?|长\s*效|常\s*年(?:\s*坚\s*持)?)$"
)

_Builder = Callable[[re.Match[str], int | None, bool], Deadline | None]


# --- helpers ------------------------------------------------------------------------------------


def _num(text: str) -> int:
    """An Arabic or Chinese number (months, days, amounts)."""
    return cn_to_int(re.sub(r"\s+", "", text))


def _month_end(year: int, month: int) -> int:
    """Last day of *month* (a non-leap year when *year* is 0: for recurring month-days).

    >>> _month_end(2024, 2), _month_end(0, 2), _month_end(2023, 9)
    (29, 28, 30)
    """
    return calendar.monthrange(year or 2001, month)[1]


def _iso(year: int | None, month: int, day: int) -> str | None:
    if year is None:
        return None
    return datetime.date(year, month, day).isoformat()


def _resolve_year(match: re.Match[str], year: int | None) -> int | None:
    """The year a match names (2023年, 今年, 明年), else the document's *year*."""
    groups = match.groupdict()
    written = groups.get("year")
    if written:
        return cn_year(written)
    rel = groups.get("rel")
    if rel in ("明", "次"):
        return year + 1 if year is not None else None
    return year


def _labelled(match: re.Match[str]) -> bool:
    """A bare date preceded by a label such as 完成时限： reads as a deadline."""
    return bool(_LABEL_BEFORE.search(match.string[max(0, match.start() - 8) : match.start()]))


#: The marker of the next date in a pair, shared by both: 6月30日和11月30日前, 6月、12月底前.
_SHARED_MARK = re.compile(
    rf"\s*(?:和|及|与|或|、)\s*(?:(?:19|20)\d\d\s*年\s*)?{_MONTH}\s*月\s*(?:{_DAY}\s*[日号]\s*)?(?:底|末)?\s*{_BEFORE}"
)


def _shares_mark(match: re.Match[str]) -> bool:
    """True when the date is the first of a pair whose second carries the marker."""
    return bool(_SHARED_MARK.match(match.string, match.end()))


def _xun_day(xun: str, year: int, month: int) -> int:
    return {"上旬": 10, "中旬": 20}.get(xun, _month_end(year, month))


# --- builders: match -> Deadline (offsets are filled in by the caller) -----------------------


def _every_month_day(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    month = _num(m["month"])
    if m["day"]:
        day = _num(m["day"])
        if not m["mark"] and not cell:
            return None
        if day > _month_end(2000, month):
            return None
    elif m["end"]:
        day = _month_end(0, month)
    elif m["xun"]:
        day = _xun_day(m["xun"], 0, month)
    else:  # 每年3月前: before March begins
        month = 12 if month == 1 else month - 1
        day = _month_end(0, month)
    return Deadline("", "recurring", recurrence=f"--{month:02d}-{day:02d}")


def _every_year_point(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    if m["end"]:
        month = 12
    elif m["start"]:
        month = 3
    elif m["q"]:
        month = 3 * _num(m["q"])
    else:
        month = 6 if m["h"] == "上" else 12
    return Deadline("", "recurring", recurrence=f"--{month:02d}-{_month_end(0, month):02d}")


def _every_month_on(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    day = _num(m["day"])
    return Deadline("", "recurring", recurrence=f"---{day:02d}")


_PERIODS = {"年": "P{n}Y", "年度": "P{n}Y", "半年": "P6M", "季": "P{n3}M", "季度": "P{n3}M", "月": "P{n}M"}
_PERIODS |= {"月度": "P{n}M", "周": "P{n}W", "星期": "P{n}W"}


def _every_period(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    n = _num(m["n"]) if m["n"] else 1
    unit = re.sub(r"\s+", "", m["u"])
    if n < 1 or (unit == "半年" and n != 1):
        return None
    return Deadline("", "recurring", recurrence=_PERIODS[unit].format(n=n, n3=3 * n))


def _date(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    if not (m["mark"] or cell or _labelled(m) or _shares_mark(m)):
        return None
    y = _resolve_year(m, year)
    month, day = _num(m["month"]), _num(m["day"])
    if day > _month_end(y or 2000, month):
        return None
    return Deadline("", "fixed", due=_iso(y, month, day))


def _month(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    if m["xun"] and not (m["xmark"] or cell or _labelled(m)):
        return None
    if not (m["end"] or m["xun"] or m["before"] or cell or _labelled(m) or _shares_mark(m)):
        return None
    y = _resolve_year(m, year)
    month = _num(m["month"])
    if m["month0"] and _num(m["month0"]) >= month:
        return None
    if m["before"]:  # 6月前: before June begins
        if month == 1:
            y, month = (y - 1 if y is not None else None), 12
        else:
            month -= 1
    if y is None:
        return Deadline("", "fixed")
    day = _xun_day(m["xun"], y, month) if m["xun"] else _month_end(y, month)
    return Deadline("", "fixed", due=_iso(y, month, day))


def _quarter(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    if not (m["mark"] or cell or _labelled(m)):
        return None
    y = _resolve_year(m, year)
    month = 3 * _num(m["q"])
    if m["mark"] and re.fullmatch(r"(?:之|以)?\s*前", m["mark"]):  # 三季度前: before Q3 begins
        month -= 3
        if month == 0:
            y, month = (y - 1 if y is not None else None), 12
    return Deadline("", "fixed", due=_iso(y, month, _month_end(y or 2001, month)))


def _half(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    if not (m["mark"] or cell or _labelled(m)):
        return None
    y = _resolve_year(m, year)
    month = 6 if m["h"] == "上" else 12
    if m["mark"] and re.fullmatch(r"(?:之|以)?\s*前", m["mark"]):  # 下半年前: by 06-30
        month -= 6
        if month == 0:
            y, month = (y - 1 if y is not None else None), 12
    return Deadline("", "fixed", due=_iso(y, month, _month_end(y or 2001, month)))


def _year_end(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    return Deadline("", "fixed", due=_iso(_resolve_year(m, year), 12, 31))


def _year_start(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    return Deadline("", "fixed", due=_iso(_resolve_year(m, year), 3, 31))


_UNITS = {"工作日": "工作日", "自然日": "日", "日": "日", "天": "日", "周": "周", "星期": "周"}
_UNITS |= {"月": "月", "年": "年"}


def _relative(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    unit = m["unit"]
    if unit == "月" and not m["ge"]:  # 3月内 is "within March", not "within 3 months"
        return None
    amount = _num(m["n"])
    if amount < 1:
        return None
    return Deadline("", "relative", amount=amount, unit=_UNITS[unit])


def _half_year_in(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    return Deadline("", "relative", amount=6, unit="月")


def _open(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    return Deadline("", "open")


def _labelled_year(m: re.Match[str], year: int | None, cell: bool) -> Deadline | None:
    if not (cell or _labelled(m)):
        return None
    return Deadline("", "fixed", due=_iso(_resolve_year(m, year), 12, 31))


_RE_LABELLED_YEAR = _p(rf"{_YEAR}(?!\s*[\d〇零一二三四五六七八九十上下第]|\s*年)")

#: Rules for prose, in order of preference when two matches start at the same place and are equally long.
_RULES: list[tuple[re.Pattern[str], _Builder]] = [
    (_RE_EVERY_MONTH_DAY, _every_month_day),
    (_RE_EVERY_YEAR_POINT, _every_year_point),
    (_RE_EVERY_MONTH_ON, _every_month_on),
    (_RE_EVERY_PERIOD, _every_period),
    (_RE_DATE, _date),
    (_RE_MONTH, _month),
    (_RE_QUARTER, _quarter),
    (_RE_HALF, _half),
    (_RE_YEAR_END, _year_end),
    (_RE_YEAR_IN, _year_end),
    (_RE_YEAR_START, _year_start),
    (_RE_RELATIVE, _relative),
    (_RE_HALF_YEAR_IN, _half_year_in),
    (_RE_OPEN_PROSE, _open),
    (_RE_LABELLED_YEAR, _labelled_year),
]
#: Rules that only ever apply to a whole table cell.
_CELL_RULES: list[tuple[re.Pattern[str], _Builder]] = [
    (_RE_CELL_YEAR, _year_end),
    (_RE_CELL_WHOLE_YEAR, _year_end),
    (_RE_CELL_OPEN, _open),
]

# The event a relative period runs from: 政策文件出台后的 / 意见征集结束后 / 收到申请之日起.
_EVENT_LINK = re.compile(r"(?:之后|以后|后|之日起|之日|起)\s*(?:的\s*)?$")
_CLAUSE_BREAK = re.compile(r"[，。；：、,;:！？!?\n()“”\"]")
_EVENT_PREP = re.compile(r"^.*(?:在|于|自|从)")


def _event(folded: str, start: int, floor: int) -> tuple[int, int] | None:
    """Span of the event before a relative period that begins at *start*, or None."""
    lo = max(floor, start - 40)
    window = folded[lo:start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    if breaks:
        lo += breaks[-1].end()
        window = folded[lo:start]
    link = _EVENT_LINK.search(window)
    if not link:
        return None
    head = window[: link.start()]
    prep = _EVENT_PREP.match(head)
    begin = prep.end() if prep else 0
    while begin < len(head) and head[begin] in " 的":
        begin += 1
    if begin >= len(head.rstrip()):
        return None
    return lo + begin, lo + len(head.rstrip())


# Every rule needs one of these characters (a unit of time, or 长 of 长期坚持): a text without
# any has no deadline, and is not scanned by the fifteen rules.
_TRIGGER = re.compile("[年季月周星日天长]")


def _scan(text: str, folded: str, year: int | None, *, cell: bool) -> list[Deadline]:
    if not _TRIGGER.search(folded):
        return []
    candidates: list[tuple[int, int, int, re.Match[str], _Builder]] = []
    for order, (pattern, build) in enumerate(_RULES):
        for match in pattern.finditer(folded):
            if match.end() > match.start():
                candidates.append((match.start(), match.start() - match.end(), order, match, build))
    candidates.sort(key=lambda c: (c[0], c[1], c[2]))
    found: list[Deadline] = []
    floor = 0
    for start, _, _, match, build in candidates:
        if start < floor:
            continue
        deadline = build(match, year, cell)
        if deadline is None:
            continue
        end = match.end()
        while end > start and folded[end - 1].isspace():
            end -= 1
        deadline.start, deadline.end = start, end
        if deadline.kind == "relative":
            span = _event(folded, start, floor)
            if span:
                deadline.event = text[span[0] : span[1]]
                deadline.start = span[0]
        deadline.text = text[deadline.start : deadline.end]
        found.append(deadline)
        floor = end
    return found


# --- public API -------------------------------------------------------------------------------


def find_deadlines(text: str, *, year: int | None) -> list[Deadline]:
    """Every deadline phrase in prose, in order and non-overlapping.

    :param year: the document's year, for deadlines that do not write one (``12月底前``).

    >>> [(d.text, d.kind, d.due) for d in find_deadlines("各单位于7月31日前报送，2023年底前公开。", year=2023)]
    [('7月31日前', 'fixed', '2023-07-31'), ('2023年底前', 'fixed', '2023-12-31')]
    >>> d = find_deadlines("意见征集结束后7日内，要及时公开", year=None)[0]
    >>> d.text, d.kind, d.amount, d.unit, d.event
    ('意见征集结束后7日内', 'relative', 7, '日', '意见征集结束')
    """
    return _scan(text, fold(text), year, cell=False)


def parse_deadline(text: str, *, year: int | None) -> Deadline | None:
    """The deadline in one table cell (``2023年12月底前``, ``2023年\\n12月``, ``长期坚持``), or None.

    A whole cell may be a bare date (``2023年12月`` → the end of that month) or an open form
    (``持续推进``); otherwise the first deadline written in the cell is returned.

    >>> d = parse_deadline("2023年\\n12月底前", year=None)
    >>> d.kind, d.due, d.text
    ('fixed', '2023-12-31', '2023年\\n12月底前')
    >>> parse_deadline("2023年12月", year=None).due, parse_deadline("持续推进", year=2023).kind
    ('2023-12-31', 'open')
    >>> parse_deadline("12月底前", year=None).due is None
    True
    """
    folded = fold(text)
    start = len(folded) - len(folded.lstrip())
    end = len(folded.rstrip())
    if start >= end:
        return None
    core = folded[start:end]
    for pattern, build in [*_CELL_RULES, *_RULES]:
        match = pattern.fullmatch(core)
        if match:
            deadline = build(match, year, True)
            if deadline is not None:
                deadline.start, deadline.end = start, end
                deadline.text = text[start:end]
                return deadline
    found = _scan(text, folded, year, cell=False)
    return found[0] if found else None


def _is_workday(day: datetime.date) -> bool:
    try:
        import chinese_calendar

        return bool(chinese_calendar.is_workday(day))
    except (ImportError, NotImplementedError):
        return day.weekday() < 5


def add_working_days(start: datetime.date, n: int) -> datetime.date:
    """The date *n* working days after *start* (before it when *n* is negative).

    Working days follow the official calendar of the State Council's holiday notices: public
    holidays are skipped and make-up working days (调休上班) on weekends count. The calendar
    comes from the ``chinesecalendar`` package, which covers 2004–2026; for dates it does not
    cover (or when it is not installed) the fallback is Monday to Friday, without holidays.

    >>> add_working_days(datetime.date(2023, 9, 28), 10)
    datetime.date(2023, 10, 18)
    >>> add_working_days(datetime.date(2030, 1, 4), 1)  # outside the calendar: Monday-Friday
    datetime.date(2030, 1, 7)
    """
    step = 1 if n >= 0 else -1
    day = start
    for _ in range(abs(n)):
        day += datetime.timedelta(days=step)
        while not _is_workday(day):
            day += datetime.timedelta(days=step)
    return day


def _add_months(day: datetime.date, months: int) -> datetime.date:
    """Same day *months* later; a day the month lacks becomes its last day (民法典 第二百零二条).

    >>> _add_months(datetime.date(2023, 1, 31), 1), _add_months(datetime.date(2024, 2, 29), 12)
    (datetime.date(2023, 2, 28), datetime.date(2025, 2, 28))
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, _month_end(year, month)))


def due_date(
    deadline: Deadline, event: datetime.date, *, extend_over_holidays: bool = True
) -> datetime.date | None:
    """The date a relative deadline falls due when its event happened on *event*.

    Periods are counted as the Civil Code counts them (民法典 第二百零一至二百零三条): the day of
    the event is not counted; a period in months or years ends on the corresponding day (the
    month's last day when it has none); and when a period in days, weeks, months or years ends
    on a day off, it runs to the next working day (*extend_over_holidays*). Working days are
    counted by :func:`add_working_days`. A fixed deadline is due on its ``due`` whatever the event;
    recurring and open deadlines, and a fixed one without a known date, give None.

    >>> d = find_deadlines("政策文件出台后的10个工作日内", year=None)[0]
    >>> due_date(d, datetime.date(2023, 9, 28))
    datetime.date(2023, 10, 18)
    >>> due_date(find_deadlines("7日内", year=None)[0], datetime.date(2023, 9, 25))  # 10-02 is a holiday
    datetime.date(2023, 10, 7)
    """
    if deadline.kind == "fixed":
        return datetime.date.fromisoformat(deadline.due) if deadline.due else None
    if deadline.kind != "relative" or deadline.amount is None:
        return None
    amount = deadline.amount
    if deadline.unit == "工作日":
        return add_working_days(event, amount)
    if deadline.unit == "日":
        day = event + datetime.timedelta(days=amount)
    elif deadline.unit == "周":
        day = event + datetime.timedelta(weeks=amount)
    elif deadline.unit == "月":
        day = _add_months(event, amount)
    elif deadline.unit == "年":
        day = _add_months(event, 12 * amount)
    else:
        return None
    if extend_over_holidays:
        while not _is_workday(day):
            day += datetime.timedelta(days=1)
    return day
