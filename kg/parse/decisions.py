"""The 重大行政决策事项目录 genre: a government's list of the major decisions it will take this year.

Such a catalogue is published as a notice with two attachments. The first is the list itself, one
numbered line per decision with its lead unit and planned date::

    一、莱芜区“十四五”综合交通运输发展规划（承办部门：区城乡交通运输局，计划完成时间：2023年12月）

The second is a table, one numbered row per decision, with the columns 序号 事项名称 决策依据
决策程序 实施计划 完成时限 承办单位. Its cells follow fixed conventions: the basis is a numbered
list of citations (``1．《…》;``), the procedure a list of steps joined by 、, the plan a list of
dated steps each opening with a time phrase (``2023年6月中旬，开展公众参与…；``), the time limit a
time phrase (``2023年12月``), and the unit comes last.

From a .docx or .html file the table arrives as TAB-separated rows, one cell per column. From a PDF
it arrives as runs of short lines, one cell after another, each row broken across pages with the
header repeated; the cells are then told apart by those conventions, not by where lines stand.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from kg.normalize import fold, key
from kg.parse.citations import Citation, find_citations
from kg.parse.numerals import cn_to_int
from kg.parse.records import Annex

__all__ = ["Decision", "Milestone", "Period", "parse_decisions", "parse_period"]


@dataclass
class Milestone:
    """One dated step of a decision's 实施计划.

    :ivar text: the step as written, line breaks and the closing ；/。 removed.
    :ivar when: the time phrase as written (``2023年6月中旬``, ``2023年2-5月``).
    :ivar start: ISO date of the first day of that period, when it is known.
    :ivar end: ISO date of its last day, when it is known.
    """

    text: str
    when: str
    start: str | None
    end: str | None


@dataclass
class Decision:
    """One major administrative decision of the catalogue, merged from its list entry and table row.

    :ivar title: the 事项名称 as written in the list (the table's when there is no list).
    :ivar lead_unit: the 承办单位 as written in the list; other spellings (the table's) are in
        ``lead_unit_aliases``.
    :ivar deadline: the 完成时限 as written (the list's 计划完成时间 when the table has none).
    :ivar due: ISO date, the last day of the deadline's period; ``None`` when it names no date.
    :ivar basis: the documents the 决策依据 cites.
    :ivar procedure: the 决策程序 steps.
    :ivar milestones: the dated steps of the 实施计划.
    :ivar basis_text: the 决策依据 cell as written, so a basis that cites no document is kept.
    """

    number: int
    title: str
    lead_unit: str | None = None
    lead_unit_aliases: list[str] = field(default_factory=list)
    deadline: str | None = None
    due: str | None = None
    basis: list[Citation] = field(default_factory=list)
    procedure: list[str] = field(default_factory=list)
    milestones: list[Milestone] = field(default_factory=list)
    basis_text: str | None = None


class Period(NamedTuple):
    """A time phrase: as written, and the ISO first and last day of the period it names."""

    when: str
    start: str | None
    end: str | None


# --- time phrases -----------------------------------------------------------------------------

_DASH = r"[-~—–至到]"
#: A time phrase of a plan or a deadline, over folded text: 2023年6月中旬, 2023年2-5月, 2023年底前,
#: 2023年第三季度, 6月10日, 2023年12月-2024年3月.
_PERIOD = re.compile(
    r"(?:(?P<year>(?:19|20)\d\d)\s*年\s*)?"
    r"(?:"
    rf"(?P<m1>\d{{1,2}})\s*(?:(?:月份?\s*)?{_DASH}\s*(?:(?P<y2>(?:19|20)\d\d)\s*年\s*)?(?P<m2>\d{{1,2}})\s*)?月份?"
    r"(?:\s*(?P<day>\d{1,2})\s*[日号])?"
    r"(?P<part>上旬|中旬|下旬|上半月|下半月|初|中|底|末)?"
    r"|(?P<ypart>上半年|下半年|年底|年末|年初|底|末|初|第?[一二三四1-4]季度)"
    r")?"
    r"(?P<before>以前|之前|前)?"
)
_PARTS = {"上旬": (1, 10), "初": (1, 10), "中旬": (11, 20), "中": (11, 20), "上半月": (1, 15)}
_LATE_PARTS = {"下旬": 21, "底": 21, "末": 21, "下半月": 16}


def parse_period(text: str, *, year: int | None = None) -> Period | None:
    """The time phrase at the start of *text*, or ``None``.

    :param year: the year a phrase without one (``6月上旬``) falls in, e.g. that of the step before.

    >>> parse_period("2023年6月中旬，开展公众参与")
    Period(when='2023年6月中旬', start='2023-06-11', end='2023-06-20')
    >>> parse_period("2023年2-5月，开展研究论证")
    Period(when='2023年2-5月', start='2023-02-01', end='2023-05-31')
    >>> parse_period("2023年\\n12月")
    Period(when='2023年\\n12月', start='2023-12-01', end='2023-12-31')
    >>> parse_period("2023年12月底前"), parse_period("7月中旬", year=2023).start
    (Period(when='2023年12月底前', start=None, end='2023-12-31'), '2023-07-11')
    >>> parse_period("研究论证") is None, parse_period("2023年度") is None
    (True, True)
    """
    folded = fold(text)
    lead = len(folded) - len(folded.lstrip())
    m = _PERIOD.match(folded, lead)
    if not m or m.end() == lead or not (m.group("m1") or m.group("ypart")):
        return None
    when = text[m.start() : m.end()]
    y = int(m.group("year")) if m.group("year") else year
    if y is None:
        return Period(when, None, None)
    try:
        first, last = _bounds(m, y)
    except ValueError:
        return None
    return Period(when, None if m.group("before") else first.isoformat(), last.isoformat())


def _bounds(m: re.Match[str], y: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of the period a :data:`_PERIOD` match names (ValueError if impossible)."""
    if m.group("ypart"):
        ypart = m.group("ypart")
        if ypart == "上半年":
            return datetime.date(y, 1, 1), datetime.date(y, 6, 30)
        if ypart == "下半年":
            return datetime.date(y, 7, 1), datetime.date(y, 12, 31)
        if ypart in ("年初", "初"):
            # read as the first quarter, as kg.parse.deadlines does (provincial guidance: 年初公开)
            return datetime.date(y, 1, 1), datetime.date(y, 3, 31)
        if ypart in ("年底", "年末", "底", "末"):
            return datetime.date(y, 12, 1), datetime.date(y, 12, 31)
        q = cn_to_int(ypart.strip("第季度"))
        if not 1 <= q <= 4:
            raise ValueError(ypart)
        return datetime.date(y, 3 * q - 2, 1), _last_day(y, 3 * q)
    m1 = int(m.group("m1"))
    if m.group("m2"):
        m2 = int(m.group("m2"))
        y2 = int(m.group("y2")) if m.group("y2") else (y + 1 if m2 < m1 else y)
        return datetime.date(y, m1, 1), _last_day(y2, m2)
    if m.group("day"):
        day = datetime.date(y, m1, int(m.group("day")))
        return day, day
    part = m.group("part")
    if m.group("before") and not part:
        # 6月前: before June starts, so by the last day of May
        end = datetime.date(y, m1, 1) - datetime.timedelta(days=1)
        return end, end
    if part in _PARTS:
        a, b = _PARTS[part]
        return datetime.date(y, m1, a), datetime.date(y, m1, b)
    if part in _LATE_PARTS:
        return datetime.date(y, m1, _LATE_PARTS[part]), _last_day(y, m1)
    return datetime.date(y, m1, 1), _last_day(y, m1)


def _last_day(y: int, m: int) -> datetime.date:
    return datetime.date(y, m, calendar.monthrange(y, m)[1])


#: A deadline cell or a piece of one: only time words (2023年 / 12月 / 底前), or no fixed date.
_TIME_WORDS = re.compile(r"[\d年月日号底前末初上中下旬半季度第一二三四至\-~—–以之份]+")
_NO_DATE = re.compile(r"(?:长期坚持|长期|持续推进|持续|常态化|年内完成|年内)[。.]?")
_STEP_END = "；;。:："


def _milestones(text: str) -> list[Milestone]:
    """The dated steps of a 实施计划 cell (its lines joined by newlines, or one TAB cell).

    A step opens with a time phrase at the start of the cell, after a ；/。, or at the start of a
    line when a ，/： follows the phrase (so a wrapped line that happens to start with a date
    continues its step).

    >>> [(m.when, m.end) for m in _milestones("2023年4-5月,开展研究论证；2023年6月上旬，修改\\n完成规划成果；")]
    [('2023年4-5月', '2023-05-31'), ('2023年6月上旬', '2023-06-10')]
    """
    folded = fold(text)
    starts: list[int] = []
    for m in re.finditer(r"(?<!\d)\d", folded):  # every time phrase starts with a digit
        p = m.start()
        before = folded[:p].rstrip()
        line_start = not before or "\n" in folded[len(before) : p]
        if before and before[-1] not in _STEP_END and not line_start:
            continue
        period = parse_period(text[p:])
        if period is None or not period.when.strip():
            continue
        after = folded[p + len(period.when) :].lstrip()[:1]
        if before and before[-1] not in _STEP_END and not (after and after in ",:、"):
            continue
        starts.append(p)
    milestones: list[Milestone] = []
    year: int | None = None
    for a, b in zip(starts, [*starts[1:], len(text)]):
        period = parse_period(text[a:b], year=year)
        if period is None:
            continue
        if period.end:
            year = int(period.end[:4])
        step = _squeeze(text[a:b]).rstrip("；;。，,")
        milestones.append(Milestone(step, _squeeze(period.when), period.start, period.end))
    return milestones


# --- cells ------------------------------------------------------------------------------------

#: Column kinds of the table, told by words in the header (checked in this order).
_COLUMN_WORDS = (
    ("number", ("序号", "编号")),
    ("deadline", ("时限", "完成时间", "完成日期")),
    ("basis", ("依据",)),
    ("procedure", ("程序",)),
    ("plan", ("计划", "安排", "步骤", "进度")),
    ("unit", ("单位", "部门")),
    ("title", ("事项", "名称", "项目")),
)
_DEFAULT_COLUMNS = ("number", "title", "basis", "procedure", "plan", "deadline", "unit")
#: The start of a basis cell: a numbered entry, a title, 根据…; or a cell that says there is none.
_BASIS_START = re.compile(
    r"^(?:\d{1,2}\s*[.、]|[(]\s*\d{1,2}\s*[)]|[①-⑳]|《|根据|依据|按照|(?:无|暂无|/|-+|—+)$)"
)
_ENTRY = re.compile(r"^(?:\d{1,2}\s*[.、]|[(]\s*\d{1,2}\s*[)]|[①-⑳])")
_STEP_SPLIT = re.compile(r"[、，,；;→]")
_ROW_NUMBER = re.compile(r"^\s*(?P<n>\d{1,3})\s*(?:$|\s+(?P<rest>\S.*)$)")
_NOTE = re.compile(r"^\s*(?:备\s*)?注\s*[:：]")


def _column_kind(name: str) -> str:
    """The kind of a column, from its header.

    >>> [_column_kind(n) for n in ("序号", "事项名称", "决策依据", "实施计划", "完成时限", "承办单位", "备注")]
    ['number', 'title', 'basis', 'plan', 'deadline', 'unit', 'other']
    """
    name = key(name)
    for kind, words in _COLUMN_WORDS:
        if any(word in name for word in words):
            return kind
    return "other"


def _header_kinds(line: str) -> list[str] | None:
    """The column kinds a header line names, or ``None`` when it is not a header line."""
    names = [n for n in re.split(r"[\s\t]+", line.strip()) if n]
    if not names or any(len(key(n)) > 8 for n in names):
        return None
    kinds = [_column_kind(n) for n in names]
    if "other" in kinds and kinds.count("other") * 2 >= len(kinds):
        return None
    return kinds


def _is_catalogue_header(kinds: list[str] | None) -> bool:
    """True for the header of a decision table: numbered rows, a title, and a column only this
    genre has (basis, procedure or plan), so a task table (序号 工作任务 责任单位 完成时限) is not one."""
    return (
        kinds is not None
        and kinds.count("other") * 2 < len(kinds)
        and {"number", "title"} <= set(kinds)
        and bool({"basis", "procedure", "plan"} & set(kinds))
    )


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _time_only(line: str) -> bool:
    k = key(line)
    return bool(k) and (bool(_TIME_WORDS.fullmatch(k)) or bool(_NO_DATE.fullmatch(k)))


class _Cells:
    """The cells of one table row, by column kind, each a list of lines."""

    def __init__(self, number: int) -> None:
        self.number = number
        self.cells: dict[str, list[str]] = {}

    def add(self, kind: str, line: str) -> None:
        self.cells.setdefault(kind, []).append(line)

    def text(self, kind: str, sep: str = "\n") -> str:
        return sep.join(self.cells.get(kind, []))


def _strong_start(kind: str, line: str, current: str) -> bool:
    """True when *line* can only be the first line of a cell of *kind*."""
    k = fold(line).strip()
    if kind == "basis":
        return bool(_BASIS_START.match(k))
    if kind == "plan":
        period = parse_period(k)
        after = k[len(period.when) :].lstrip()[:1] if period else ""
        return bool(after) and after in ",:"
    if kind == "deadline":
        # A title may wrap at a year (莱芜区 / 2023年度…): a deadline never follows a title directly.
        return (
            current != "title"
            and _time_only(line)
            and (bool(re.match(r"(?:19|20)\d\d", k)) or bool(_NO_DATE.fullmatch(key(line))))
        )
    return False


def _continues(kind: str, cell: list[str], line: str) -> bool:
    """True when *line* must belong to the cell of *kind* so far (*cell*)."""
    if kind == "basis":
        text = "".join(cell)
        return text.count("《") > text.count("》") or bool(_ENTRY.match(fold(line).strip()))
    if kind == "plan":
        return _strong_start("plan", line, kind)
    if kind == "deadline":
        return _time_only(line) and parse_period(_squeeze("".join(cell)) + _squeeze(line)) is not None
    return False


def _complete(kind: str, cell: list[str]) -> bool:
    """True when the cell of *kind* may end here (a line that follows may open the next cell)."""
    if not cell:
        return False
    last = fold(cell[-1]).rstrip()
    if kind == "basis":
        text = "".join(cell)
        return text.count("《") <= text.count("》") and last[-1:] in "。;；.》)"
    if kind in ("procedure", "plan"):
        return last[-1:] in "。.;；"
    # a deadline ends where its time words do; a title or a unit may wrap anywhere
    return kind == "deadline"


def _rows_from_lines(lines: list[str]) -> list[_Cells]:
    """Rows of a table extracted from a PDF: cells as runs of lines, one cell after another."""
    columns: list[str] | None = None
    rows: list[_Cells] = []
    state = 0
    pending_header: list[str] = []
    for i, raw in enumerate(lines):
        line = raw.strip()
        if not line:
            continue
        kinds = _header_kinds(line)
        if kinds is not None and (len(kinds) >= 2 or _is_header_neighbour(lines, i)):
            pending_header.extend(kinds)
            continue
        if pending_header:
            if columns is None and "number" in pending_header:
                columns = pending_header
            pending_header = []
        if _NOTE.match(fold(line)):
            break
        cols = columns or list(_DEFAULT_COLUMNS)
        row_start = _ROW_NUMBER.match(fold(line))
        if row_start and int(row_start.group("n")) == (
            rows[-1].number + 1 if rows else int(row_start.group("n"))
        ):
            rows.append(_Cells(int(row_start.group("n"))))
            state = cols.index("number") if "number" in cols else 0
            rest = row_start.group("rest")
            if not rest:
                continue
            state = min(state + 1, len(cols) - 1)
            rows[-1].add(cols[state], line[row_start.start("rest") :])
            continue
        if not rows:
            continue
        row = rows[-1]
        if state >= len(cols) or cols[state] == "number":
            state = min(state + 1, len(cols) - 1)
            row.add(cols[state], line)
            continue
        state = _next_state(cols, state, row, line)
        row.add(cols[state], line)
    return rows


def _is_header_neighbour(lines: list[str], i: int) -> bool:
    """A one-word header line (序号) counts when a header line of several words is next to it."""
    for j in (i - 1, i + 1):
        if 0 <= j < len(lines):
            kinds = _header_kinds(lines[j])
            if kinds is not None and len(kinds) >= 2:
                return True
    return False


def _next_state(cols: list[str], state: int, row: _Cells, line: str) -> int:
    """The column *line* belongs to, given the column the row's previous line went to."""
    current = cols[state]
    cell = row.cells.get(current, [])
    if cell and _continues(current, cell, line):
        return state
    if current == "title" and not cell:
        return state
    for j in range(state + 1, len(cols)):
        if _strong_start(cols[j], line, current):
            return j
    if (
        state + 1 < len(cols)
        and cols[state + 1] not in ("basis", "plan", "deadline")
        and _complete(current, cell)
    ):
        return state + 1
    if state + 1 < len(cols) and current == "deadline":
        return state + 1
    return state


def _rows_from_tabs(rows: list[list[str]]) -> list[_Cells]:
    """Rows of a TAB-separated table (.docx, .html): one cell per column; a row without a number
    continues the row above (a row broken across pages)."""
    columns: list[str] | None = None
    out: list[_Cells] = []
    for cells in rows:
        kinds = [_column_kind(c) if c else "other" for c in cells]
        if columns is None and _is_catalogue_header(kinds):
            columns = kinds
            continue
        if columns is None or kinds == columns:
            continue  # before the header, or the header repeated on a new page
        number_at = columns.index("number")
        first = fold(cells[number_at]).strip().rstrip(".、") if number_at < len(cells) else ""
        if first.isdigit():
            out.append(_Cells(int(first)))
        elif not out or any(cells[:number_at]):
            continue
        for kind, cell in zip(columns, cells):
            if kind not in ("number", "other") and cell.strip():
                out[-1].add(kind, cell.strip())
    return out


# --- the list ---------------------------------------------------------------------------------

_ENTRY_MARK = re.compile(r"(?:^|\n)\s*(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})\s*[、.]", re.M)
_ASIDE = re.compile(r"[(](?P<body>[^()]*(?:承办|责任|牵头|主办)(?:部门|单位)[^()]*)[)][。;；]?$")
_FIELD = re.compile(r"(?P<name>[^:：,，;；]{1,12})[:：](?P<value>[^,，;；]*)")


@dataclass
class _ListEntry:
    number: int
    title: str
    unit: str | None
    deadline: str | None


def _list_entries(lines: list[str]) -> list[_ListEntry]:
    """The numbered entries of a catalogue list: 一、title（承办部门：X，计划完成时间：Y）.

    >>> _list_entries(["一、莱芜区国土空间分区规划（2021-2035年）（承办部门：", "区城市规划协调服务中心，计划完成时间：2023年12月）"])
    [_ListEntry(number=1, title='莱芜区国土空间分区规划（2021-2035年）', unit='区城市规划协调服务中心', deadline='2023年12月')]
    """
    text = "\n".join(line.strip() for line in lines if line.strip())
    folded = fold(text)
    marks: list[tuple[int, int, int]] = []
    for m in _ENTRY_MARK.finditer(folded):
        try:
            n = cn_to_int(m.group("num"))
        except ValueError:
            continue
        if n == (marks[-1][0] + 1 if marks else 1):
            marks.append((n, m.start("num"), m.end()))
    entries: list[_ListEntry] = []
    for (n, _, body), nxt in zip(marks, [*marks[1:], (0, len(text), 0)]):
        entry = _squeeze(text[body : nxt[1]])
        aside = _ASIDE.search(fold(entry))
        if aside is None:
            continue  # a numbered line without a unit is not a catalogue entry
        unit = deadline = None
        for f in _FIELD.finditer(aside.group("body")):
            name = f.group("name")
            value = entry[f.start("value") + aside.start("body") : f.end("value") + aside.start("body")]
            if re.search("承办|责任|牵头|主办", name):
                unit = value or None
            elif re.search("时间|时限|日期", name):
                deadline = value or None
        entries.append(_ListEntry(n, entry[: aside.start()], unit, deadline))
    return entries


# --- the catalogue ----------------------------------------------------------------------------


def parse_decisions(annexes: list[Annex]) -> list[Decision]:
    """The decisions of a 重大行政决策事项目录, from the list and the table among its *annexes*.

    A decision is numbered as in the list and the table (they agree in this genre); the list gives
    the title and the lead unit as the catalogue names them, the table the basis, procedure, plan
    and time limit. Either may be missing.

    :returns: the decisions in their order, or ``[]`` when the annexes hold no catalogue.
    """
    listed: dict[int, _ListEntry] = {}
    tabled: dict[int, _Cells] = {}
    for annex in annexes:
        lines = [line for line in annex.lines if line.strip() and line != "\f"]
        rows: list[_Cells] = []
        if annex.rows and any(len(r) >= 3 for r in annex.rows):
            rows = _rows_from_tabs(annex.rows)
        if not rows and any(_is_catalogue_header(_header_kinds(line)) for line in lines):
            rows = _rows_from_lines(lines)
        if rows:
            for row in rows:
                tabled.setdefault(row.number, row)
            continue
        for entry in _list_entries(lines):
            listed.setdefault(entry.number, entry)
    _match_by_title(listed, tabled)
    return [_decision(n, listed.get(n), tabled.get(n)) for n in sorted(set(listed) | set(tabled))]


def _match_by_title(listed: dict[int, _ListEntry], tabled: dict[int, _Cells]) -> None:
    """Give each table row the number of the list entry with its title (they agree in this genre;
    where they do not, the title decides); a row whose title is not listed keeps its number."""
    by_title = {key(e.title): n for n, e in listed.items()}
    matched: dict[int, _Cells] = {}
    unmatched: list[_Cells] = []
    for row in tabled.values():
        n = by_title.get(key(row.text("title", "")))
        if n is not None and n not in matched:
            matched[n] = row
        else:
            unmatched.append(row)
    for row in unmatched:
        matched.setdefault(row.number, row)
    tabled.clear()
    tabled.update(matched)


def _decision(number: int, entry: _ListEntry | None, row: _Cells | None) -> Decision:
    table_title = _squeeze(row.text("title", "")) if row else ""
    table_unit = _squeeze(row.text("unit", "")) if row else ""
    table_deadline = _squeeze(row.text("deadline", "")) if row else ""
    decision = Decision(number=number, title=(entry.title if entry else "") or table_title)
    decision.lead_unit = (entry.unit if entry else None) or table_unit or None
    if table_unit and decision.lead_unit and key(table_unit) != key(decision.lead_unit):
        decision.lead_unit_aliases.append(table_unit)
    decision.deadline = table_deadline or (entry.deadline if entry else None) or None
    if decision.deadline:
        period = parse_period(decision.deadline)
        decision.due = period.end if period else None
    if row is None:
        return decision
    basis = row.text("basis")
    if basis:
        decision.basis_text = _squeeze(basis)
        decision.basis = find_citations(basis)
    procedure = _squeeze(row.text("procedure", ""))
    decision.procedure = [s for s in (p.strip("。.") for p in _STEP_SPLIT.split(procedure)) if s]
    decision.milestones = _milestones(row.text("plan"))
    return decision
