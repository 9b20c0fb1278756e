"""任务分工 tables: every row a task bound to its section and item, with units and a deadline.

Two layouts reach us. A table copied from a web page or a Word file comes as TAB-separated rows;
a table extracted from a PDF comes as a stream of cell fragments, one cell's lines together,
cells separated by blank lines, rows announced by their number (序号), and the header repeated
on every page. Both are reduced to the same typed cells — row number, section label, item label,
requirement text, units, deadline — and then assembled into rows.

Merged cells are printed once: a row without units or a deadline takes them from the nearest row
above in the same item, else from the nearest below. The item a row belongs to is decided by its
text, which the table copies from the item's prose, and only then by the labels printed in the
merged 工作任务 cells (a label may be printed in the middle of its merged cell, below rows it
covers).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.normalize import fold, key
from kg.parse.numerals import cn_to_int
from kg.parse.records import Annex, Document, Section
from kg.parse.units import SUPPORT_ROLES, split_units, support_names
from kg.patterns import ITEM, SECTION
from kg.read.clean import BLANK, PAGE_BREAK

_HEADER_WORDS = (
    "序号",
    "工作任务",
    "具体要求",
    "具体内容",
    "责任单位",
    "完成时限",
    "牵头单位",
    "配合单位",
    "时间要求",
    "主要内容",
    "工作事项",
    "重点任务",
    "任务内容",
    "具体措施",
    "责任部门",
    "牵头部门",
    "完成时间",
    "时限要求",
)
_DEADLINE_CELL = re.compile(
    r"^(?:(?:19|20)\d\d\s*年\s*(?:(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:底|末|中旬|上旬|下旬|\d{1,2}\s*日)?\s*(?:前|以前|之前)?"
    r"|(?:年底|年末|上半年|下半年|[一二三四1-4]\s*季度(?:末)?)\s*(?:前)?)?"
    r"|(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*月\s*(?:底|末|中旬|上旬|下旬|\d{1,2}\s*日)?\s*(?:前|以前|之前)"
    r"|长期坚持|长期|持续推进|常态化推进|全年|年底前|年内|每季度|按季度|每月|每年)\s*$"
)
_ORG_PART = re.compile(
    r"(?:局|中心|办公室|办公厅|政府|部门|单位|委员会|委|办|公司|分局|院|所|处|站|队|街道|镇|乡|主体|集团|协会|学校|医院|"
    r"管委会?|领导小组|指挥部|（单位）|\(单位\)|（镇）|\(镇\)|等|街区|镇街|"
    r"宣传部|组织部|统战部|武装部|妇联|残联|工会|团委|报社|电视台)\)?）?$"
)
_TRAILING_NUMBER = re.compile(r"^(?P<head>.*?\S)\s*(?P<num>\d{1,3})$")


@dataclass
class Task:
    """One row of a 任务分工 table."""

    n: int | None
    section: int | None
    item: int | None
    text: str
    units_text: str = ""
    units: list[str] = field(default_factory=list)
    open_ended: bool = False
    deadline: str | None = None
    due: str | None = None
    section_label: str | None = None
    item_label: str | None = None
    #: those of ``units`` that assist rather than lead (a 配合单位 column, 配合单位：…, …配合)
    support_units: list[str] = field(default_factory=list)


@dataclass
class _Row:
    n: int | None = None
    section: str | None = None
    item: str | None = None
    text: list[str] = field(default_factory=list)
    units: list[str] = field(default_factory=list)
    deadline: list[str] = field(default_factory=list)
    support: list[str] = field(default_factory=list)


#: a 配合单位 column's header (not 责任单位（…其他为配合单位）, which explains one column's order)
_SUPPORT_HEADER = re.compile(rf"(?:^|\s)(?:{'|'.join(SUPPORT_ROLES)})(?:单位|部门)?(?:\s|$)")


def is_task_table(annex: Annex) -> bool:
    """True for an attachment that is a 任务分工 table (by its title or its header row)."""
    title = key(annex.title)
    if "分工" in title or "任务清单" in title or "责任清单" in title:
        return True
    head = key("".join(annex.lines[:6]))
    return sum(word in head for word in _HEADER_WORDS) >= 2 and "决策" not in title


def _is_header_row(cells: list[str]) -> bool:
    """A table's header row: every cell a header word, or short cells of which at least two are
    (a column may be headed by a word we do not list: 工作事项, 任务分解)."""
    filled = [c for c in cells if c.strip()]
    if all(_is_header(c) or key(c) in _HEADER_WORDS for c in filled):
        return True
    known = sum(1 for c in filled if key(c) in _HEADER_WORDS)
    return known >= 2 and all(len(key(c)) <= 8 for c in filled)


def _is_header(text: str) -> bool:
    k = key(text)
    if k in ("序", "号", "序号"):
        return True
    return sum(word in k for word in _HEADER_WORDS) >= 2 and len(k) <= 40


def looks_like_units(text: str) -> bool:
    """True when *text* reads as a list of organisations rather than as a requirement.

    >>> looks_like_units("区发展改革局、区工业和信息化局、区商务综合服务中心")
    True
    >>> looks_like_units("各街道（镇），区政府各部门（单位）")
    True
    >>> looks_like_units("完善动态调整机制，公开9类困难群众救助标准。")
    False
    """
    k = re.sub(r"\s+", "", fold(text))
    if not k or "。" in k or len(k) > 120:
        return False
    parts = [p for p in re.split(r"[,，、;；]", k) if p]
    if not parts:
        return False
    good = sum(1 for p in parts if _ORG_PART.search(p) or p.endswith(("等部门", "等单位")))
    return good / len(parts) >= 0.6 and max(len(p) for p in parts) <= 40


def _is_deadline(text: str) -> bool:
    return bool(_DEADLINE_CELL.match(re.sub(r"\s+", "", fold(text)))) and bool(text.strip())


def parse_task_table(annex: Annex, doc: Document) -> list[Task]:
    """The tasks of a 任务分工 attachment, bound to the document's sections and items."""
    if any("\t" in line for line in annex.lines):
        rows = _rows_from_tabs(annex.lines)
    else:
        raw = annex.raw or annex.lines
        rows = _rows_from_stream(raw)
        if any(
            _SUPPORT_HEADER.search(fold(line).strip()) and (_is_header(line) or key(line) in _HEADER_WORDS)
            for line in raw
        ):
            # a 配合单位 column: the last of a row's units cells
            for row in rows:
                cells = _unit_cells(row.units)
                if len(cells) >= 2:
                    row.support = [cells[-1]]
    return _assemble(rows, doc)


# ---------------------------------------------------------------- TAB-separated tables


def _rows_from_tabs(lines: list[str]) -> list[_Row]:
    rows: list[_Row] = []
    support_columns: set[int] = set()  # (from the header: 配合单位)
    heading: tuple[str | None, str | None] | None = None  # labels of a heading row, for the next row
    for line in lines:
        if "\t" not in line:
            label = _label_of(line)
            if label is not None:
                heading = label
            elif rows and line.strip() and not _is_header(line):
                rows[-1].text.append(line.strip())
            continue
        cells = [c.strip() for c in line.split("\t")]
        if _is_header_row(cells):
            support_columns = {i for i, c in enumerate(cells) if _SUPPORT_HEADER.search(fold(c).strip())}
            continue
        row = _Row()
        rest: list[str] = []
        columns: list[int] = []  # the column of each cell in rest
        for column, cell in enumerate(cells):
            if not cell:
                continue
            k = fold(cell)
            if cell.isdigit() and row.n is None and not rest:
                row.n = int(cell)
            elif SECTION.match(k) and row.section is None and len(k) <= 60 and "。" not in k[:-1]:
                row.section = cell
            elif ITEM.match(k) and row.item is None and len(cell) <= 60:
                row.item = cell
            elif _is_deadline(cell):
                row.deadline.append(cell)
            else:
                rest.append(cell)
                columns.append(column)
        # The requirement is the longest remaining cell; a trailing list of organisations the units
        # (two such columns: 牵头单位 and 配合单位, lead first).
        cut = len(rest)
        while cut >= 2 and looks_like_units(rest[cut - 1]):
            cut -= 1
        if cut < len(rest):
            row.units.append("；".join(rest[cut:]))
            row.support = [c for c, column in zip(rest[cut:], columns[cut:]) if column in support_columns]
            rest = rest[:cut]
        elif len(rest) == 1 and looks_like_units(rest[0]) and rows and not row.section and not row.item:
            row.units.append(rest.pop())
        row.text = rest
        if not rest and not row.units and not row.deadline and (row.section or row.item):
            heading = (row.section, row.item)  # a heading row: its labels head the rows below
            continue
        if heading is not None and not row.section and not row.item:
            row.section, row.item = heading
        heading = None
        if not row.units and not row.deadline and row.n is None and rows and _unfinished(rows[-1]):
            # A row broken across pages: its text continues the previous row's cell.
            rows[-1].text.extend(rest)
            if row.item and not rows[-1].item:
                rows[-1].item = row.item
            continue
        rows.append(row)
    return [r for r in rows if r.text or r.units]


def _label_kind(text: str) -> str | None:
    """ "section" or "item" when *text* (a cell, or a heading row) is nothing but a section label
    (一、聚焦…) or an item label (（一）围绕…) of the outline, else None."""
    k = fold(text).strip()
    if not k or "。" in k:
        return None
    size = len(re.sub(r"\s+", "", k))
    if SECTION.match(k) and size <= 60:
        return "section"
    if ITEM.match(k) and size <= 40:
        return "item"
    return None


def _label_of(line: str) -> tuple[str | None, str | None] | None:
    """(section, item) when *line* is nothing but a section or an item label (a heading row)."""
    kind = _label_kind(line)
    if kind is None:
        return None
    return (line.strip(), None) if kind == "section" else (None, line.strip())


def _unfinished(row: _Row) -> bool:
    text = "".join(row.text).rstrip()
    return bool(text) and not text.endswith(("。", "！", "？", ".", "；"))


# ---------------------------------------------------------------- PDF cell streams


def _tokens(raw: Iterable[str]) -> list[tuple[str, str]]:
    """Split raw lines into cell fragments: ("num"|"line"|"gap", text)."""
    out: list[tuple[str, str]] = []
    for line in raw:
        if line in (BLANK, PAGE_BREAK):
            out.append(("gap", ""))
            continue
        text = line.strip()
        if _is_header(text):
            out.append(("gap", ""))
            continue
        if text.isdigit():
            out.append(("num", text))
            continue
        trail = _TRAILING_NUMBER.match(text)
        if trail and (_is_deadline(trail.group("head")) or looks_like_units(trail.group("head"))):
            head = trail.group("head")
            # "改革局、区市场监管局2023年" then "12月底前": a deadline glued to the units.
            out.extend(_split_glued_deadline(head))
            out.append(("num", trail.group("num")))
            continue
        out.extend(_split_glued_deadline(text))
    return out


_GLUED_YEAR = re.compile(r"^(?P<units>.*[局心位）)室府门])\s*(?P<deadline>(?:19|20)\d\d\s*年.*)$")


def _split_glued_deadline(text: str) -> list[tuple[str, str]]:
    match = _GLUED_YEAR.match(text)
    if match and looks_like_units(match.group("units")):
        return [("line", match.group("units")), ("gap", ""), ("line", match.group("deadline"))]
    return [("line", text)]


def _number_glued_in_front(tokens: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Split "12完善动态调整机制……" into the row number 12 and its text, when 12 is the next row.

    A row number printed on the same line as the row's text comes out glued to it; it is split
    only when it is the next number in sequence and the line opens a cell.
    """
    out: list[tuple[str, str]] = []
    expected = 1
    previous = "gap"
    for kind, text in tokens:
        if kind == "num" and int(text) == expected:
            expected += 1
        elif kind == "line" and previous != "line":
            match = re.match(rf"^{expected}(?!\d)\s*(?P<rest>\S.*)$", text)
            if match and not _is_deadline(text):
                out.append(("num", str(expected)))
                expected += 1
                rest = match.group("rest")
                body, _, tail = rest.rpartition("。")
                if body and tail.strip() and looks_like_units(tail):
                    # "42完善政府公报数据库……影响力。区政府办公室": text and units on one line.
                    out += [("line", body + "。"), ("gap", ""), ("line", tail.strip())]
                else:
                    out.append(("line", rest))
                previous = "line"
                continue
        out.append((kind, text))
        previous = kind
    return out


def _rows_from_stream(raw: list[str]) -> list[_Row]:
    tokens = _number_glued_in_front(_tokens(raw))
    # Cells: runs of lines between gaps; a number token is a cell by itself.
    cells: list[tuple[str, str]] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            cells.append(("cell", "\n".join(current)))
            current.clear()

    year_only = re.compile(r"(?:19|20)\d\d\s*年")
    for kind, text in tokens:
        if kind == "line":
            if current:
                last = current[-1]
                if year_only.fullmatch(fold(last).strip()):
                    pass  # "2023年" / "12月底前": one deadline cell over two lines
                elif _is_deadline(text) != _is_deadline(last):
                    flush()  # a deadline never shares a cell with text or units
            current.append(text)
        else:
            flush()
            if kind == "num":
                cells.append(("num", text))
    flush()

    # A cell whose text ends a sentence and goes on with a list of organisations holds two cells
    # the extraction did not separate: the requirement and its units.
    split: list[tuple[str, str]] = []
    for kind, text in cells:
        lines = text.split("\n")
        cut = max((i for i, line in enumerate(lines) if line.rstrip().endswith("。")), default=-1)
        if kind == "cell" and 0 <= cut < len(lines) - 1 and looks_like_units("".join(lines[cut + 1 :])):
            split += [("cell", "\n".join(lines[: cut + 1])), ("cell", "\n".join(lines[cut + 1 :]))]
        else:
            split.append((kind, text))
    cells = split
    if not any(kind == "num" for kind, _ in cells):
        return _rows_unnumbered(cells)

    rows: list[_Row] = []
    expected = 1
    row: _Row | None = None
    section = item = None
    between = False  # a label stood between two rows, as a heading row: the numbers may restart
    for kind, text in cells:
        if kind == "num":
            n = int(text)
            if n == expected or (row is None and n <= 3) or (n == 1 and between):
                row = _Row(n=n, section=section, item=item)
                rows.append(row)
                expected = n + 1
                between = False
                continue
            # (a number that is not the next row is read on as text)
        flat = re.sub(r"\s+", "", text)
        label = _label_kind(text)
        if label is not None:
            if label == "section":
                section, item = flat, None
            else:
                item = flat
            if row is None or (row.text and (row.units or row.deadline)):
                between = True  # after a finished row: a heading row of the table, for the rows below
            else:
                row.section, row.item = section, item
            continue
        if row is None:
            continue
        if _is_deadline(text):
            row.deadline.append(flat)
        elif looks_like_units(text):
            row.units.append(flat)
        elif row.units and not row.text and len(flat) <= 6 and "。" not in flat:
            row.units.append(flat)  # the tail of a wrapped unit cell after a page break
        else:
            row.text.append(flat)
    return rows


def _rows_unnumbered(cells: list[tuple[str, str]]) -> list[_Row]:
    """Rows of a cell stream without a 序号 column: a requirement cell opens a row when the open
    row already has its units or deadline, or its requirement ends a sentence (the rows below a
    merged units cell have none of their own); label cells set the section and item of the rows
    that follow."""
    rows: list[_Row] = []
    row: _Row | None = None
    section = item = None
    for _, text in cells:
        flat = re.sub(r"\s+", "", text)
        if not flat or key(flat) in _HEADER_WORDS or _is_header(flat):
            continue
        label = _label_kind(text)
        if label == "section":
            section, item = flat, None
            if row is not None and not row.text:
                row.section, row.item = flat, None
        elif label == "item":
            item = flat
            if row is not None and not row.text:
                row.item = flat
        elif _is_deadline(text):
            if row is not None:
                row.deadline.append(flat)
        elif looks_like_units(text) and row is not None and row.text:
            row.units.append(flat)
        else:
            if row is None or row.units or row.deadline or "".join(row.text).endswith(("。", "；", ";")):
                row = _Row(section=section, item=item)
                rows.append(row)
            row.text.append(flat)
    return [r for r in rows if r.text]


# ---------------------------------------------------------------- assembly


def _label_number(label: str | None, pattern: re.Pattern[str]) -> int | None:
    if not label:
        return None
    match = pattern.match(fold(label))
    if not match:
        return None
    try:
        return cn_to_int(match.group("num"))
    except ValueError:
        return None


def _grams(text: str, n: int = 3) -> set[str]:
    k = re.sub(r"[\s，。、；：“”《》（）()]", "", key(text))
    return {k[i : i + n] for i in range(max(1, len(k) - n + 1))}


def _item_index(doc: Document) -> list[tuple[Section, int, set[str]]]:
    return [(s, i.number, _grams(i.text)) for s in doc.sections for i in s.items]


def _best_item(text: str, index: list[tuple[Section, int, set[str]]]) -> tuple[Section, int] | None:
    grams = _grams(text)
    if len(grams) < 4:
        return None
    best, best_score = None, 0.0
    for section, number, item_grams in index:
        score = len(grams & item_grams) / len(grams)
        if score > best_score:
            best, best_score = (section, number), score
    return best if best_score >= 0.6 else None


def _assemble(rows: list[_Row], doc: Document) -> list[Task]:
    index = _item_index(doc)
    tasks: list[Task] = []
    section = item = None
    for row in rows:
        if row.section:
            if row.section != section:
                item = None  # a new section's rows do not go on with the last section's item
            section = row.section
        if row.item:
            item = row.item
        text = "".join(row.text).strip()
        sec_no = _label_number(section, SECTION)
        item_no = _label_number(item, ITEM)
        match = _best_item(text, index)
        if match is not None:
            sec_no, item_no = match[0].number, match[1]
        units_text = _join_units(row.units)
        units, open_ended = split_units(units_text) if units_text else ([], False)
        assisting = support_names(units_text) + split_units("；".join(row.support))[0]
        support = [u for u in units if any(u == a or u.endswith(a) for a in assisting)]
        deadline = "".join(row.deadline) or None
        tasks.append(
            Task(
                n=row.n,
                section=sec_no,
                item=item_no,
                text=text,
                units_text=units_text,
                units=units,
                open_ended=open_ended,
                deadline=deadline,
                section_label=section,
                item_label=item,
                support_units=support,
            )
        )
    _bind_by_order(tasks, doc)
    _fill_merged(tasks)
    from kg.parse.deadlines import parse_deadline

    for task in tasks:
        if task.deadline:
            parsed = parse_deadline(task.deadline, year=doc.year)
            task.due = parsed.due if parsed else None
    return tasks


def _bind_by_order(tasks: list[Task], doc: Document) -> None:
    """Rows whose text paraphrases the items (政策出台同步解读 for 出台政策时要同步发布解读材料)
    and that print no labels: a table follows the text's order, so such a row belongs to an item
    between the items of the bound rows around it — the one whose text shares most of its
    two-character words with it, when that is clear."""
    order = [(s.number, i.number, _grams(i.text, 2)) for s in doc.sections for i in s.items]
    position = {(sec, item): n for n, (sec, item, _) in enumerate(order)}
    bound = [
        position.get((t.section, t.item)) if t.section is not None and t.item is not None else None
        for t in tasks
    ]
    for k, task in enumerate(tasks):
        if bound[k] is not None or len(task.text) < 4:
            continue
        low = max((b for b in bound[:k] if b is not None), default=0)
        high = min((b for b in bound[k + 1 :] if b is not None), default=len(order) - 1)
        grams = _grams(task.text, 2)
        scored = sorted(
            (
                (len(grams & g) / len(grams), n)
                for n, (sec, _, g) in enumerate(order[low : high + 1], start=low)
                if task.section is None or sec == task.section  # (a row printed under its section)
            ),
            reverse=True,
        )
        if not scored or scored[0][0] < 0.3 or (len(scored) > 1 and scored[1][0] >= 0.8 * scored[0][0]):
            continue
        bound[k] = scored[0][1]
        task.section, task.item = order[scored[0][1]][0], order[scored[0][1]][1]


def _unit_cells(pieces: list[str]) -> list[str]:
    """The units cells of a row from the pieces the stream gave: two pieces that each end a name
    are two cells (牵头单位, 配合单位); a piece that ends inside a name (区人 | 力资源社会保障局,
    broken by a page) or on a separator goes on in the next.

    >>> _unit_cells(["市发展改革委", "市直有关部门"]), _unit_cells(["区教育和体育局、区人", "力资源社会保障局"])
    (['市发展改革委', '市直有关部门'], ['区教育和体育局、区人力资源社会保障局'])
    """
    cells: list[str] = []
    for piece in pieces:
        last = re.split(r"[,，、;；]", fold(cells[-1]).rstrip())[-1] if cells else ""
        if cells and not (last and _ORG_PART.search(last)):
            cells[-1] += piece
        else:
            cells.append(piece)
    return cells


def _join_units(pieces: list[str]) -> str:
    """The units cells of a row as one text, cells joined by ；."""
    return "；".join(_unit_cells(pieces))


def _fill_merged(tasks: list[Task]) -> None:
    """Give rows the units and deadline of the merged cell that spans them."""
    for attr in ("units", "deadline"):
        for i, task in enumerate(tasks):
            if getattr(task, attr):
                continue
            place = (task.section, task.item)
            source = next(
                (t for t in reversed(tasks[:i]) if (t.section, t.item) == place and getattr(t, attr)), None
            )
            if source is None:
                source = next(
                    (t for t in tasks[i + 1 :] if (t.section, t.item) == place and getattr(t, attr)), None
                )
            if source is None and attr == "deadline":
                source = next((t for t in reversed(tasks[:i]) if getattr(t, attr)), None)
            if source is not None:
                if attr == "units":
                    task.units, task.units_text, task.open_ended = (
                        list(source.units),
                        source.units_text,
                        source.open_ended,
                    )
                else:
                    task.deadline = source.deadline
