"""Fixed-layout pages (PDF, OFD) to text lines: reading order, ruled tables, furniture, paragraphs.

A PDF or OFD page is a set of glyphs and strokes placed at positions; the order they are
stored in says nothing. :func:`pages_to_text` rebuilds what the text pipeline reads from any
other container: lines in reading order, one paragraph per line, tables as TAB-separated rows.

- **Tables** are found from their rules (the horizontal and vertical strokes of a ruled table):
  the rules' positions give a grid, a missing rule between two grid cells merges them, a merged
  cell's text is applied to every row it spans, a cell's wrapped lines are one cell, and a table
  continued on the next page (its header row repeated or not) is one table, a row broken by the
  page re-joined.
- **Page furniture** is what recurs at the same height on many pages with the same shape
  (digits aside): running heads, page numbers ``— 9 —`` placed left and right on alternate pages,
  bulletin mastheads. No wording is assumed.
- **Paragraphs** are re-joined by geometry: a line that runs to the right margin continues on the
  next line when that one starts at the left margin, across a page break too; an indented line
  starts a paragraph.
- The 公文 layout (GB/T 9704) is recognised: the 版头 (what stands above the red rule of the
  first page) and the 版记 (the lines between full-width rules at the foot of the last page) are
  kept apart from the body, so 文号, issuer, 抄送 and the printing date are read from the right
  places whatever order the file stores its text in.

Coordinates are points, y growing downwards (the reader of each format converts).
"""

from __future__ import annotations

import re
import statistics
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

#: Strokes thinner than this are rules; thicker filled boxes are shading.
RULE_THICKNESS = 2.5
#: Two coordinates closer than this are the same grid line.
_SNAP = 2.0


@dataclass(frozen=True, slots=True)
class Glyph:
    """One character drawn on a page."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    red: bool = False

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A stroke drawn as a line or a thin filled box: one side of a table cell, or a separator."""

    x0: float
    top: float
    x1: float
    bottom: float
    red: bool = False

    @property
    def horizontal(self) -> bool:
        return (self.x1 - self.x0) >= (self.bottom - self.top)

    @property
    def y(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    """What a page draws: glyphs, rules, and how many images (a page of images has no text)."""

    width: float
    height: float
    glyphs: list[Glyph] = field(default_factory=list)
    rules: list[Rule] = field(default_factory=list)
    images: int = 0


@dataclass
class Line:
    """Glyphs on one baseline, in order."""

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float
    red: bool
    page: int

    @property
    def shape(self) -> str:
        """The line with digits and spaces folded, to recognise furniture that counts pages."""
        return re.sub(r"[0-9０-９]+", "#", re.sub(r"\s+", "", self.text))


@dataclass
class Table:
    """A ruled table on one page: rows of cell texts, with merged cells applied to every row."""

    page: int
    top: float
    bottom: float
    columns: list[float]  # x of the vertical grid lines
    rows: list[list[str]]
    first_row_spans: list[bool]  # per column: does the first row's cell come from above the page?
    last_row_open: list[bool]  # per column: is the last row's cell merged downwards over the page end?
    last_row_merged: list[bool] = field(default_factory=list)  # per column: last cell spans rows
    spans: list[list[int]] = field(default_factory=list)  # each grid cell's merged cell (an id)


@dataclass
class Layout:
    """The text of fixed-layout pages, ready for :func:`kg.read.clean.remove_furniture`."""

    lines: list[str]
    head: list[str] = field(default_factory=list)  # 版头
    record: list[str] = field(default_factory=list)  # 版记
    furniture: int = 0  # lines removed as page furniture
    removed: list[str] = field(default_factory=list)  # their texts, once each
    tables: int = 0


# -- lines -------------------------------------------------------------------------------------


def glyph_lines(glyphs: Iterable[Glyph], page: int = 0) -> list[Line]:
    """Group glyphs into lines: a glyph whose height overlaps the line's by half or more is on
    it (punctuation from a fallback font can sit a third of an em off the baseline); within a
    line glyphs are ordered left to right, a gap wider than half a character is one space."""
    ordered = sorted((g for g in glyphs if g.text.strip()), key=lambda g: (g.cy, g.x0))
    rows: list[list[Glyph]] = []
    top = bottom = 0.0
    for g in ordered:
        overlap = min(bottom, g.bottom) - max(top, g.top)
        if rows and overlap >= 0.5 * min(bottom - top, g.bottom - g.top):
            rows[-1].append(g)
            n = len(rows[-1])  # the line's extent: the running mean of its glyphs'
            top += (g.top - top) / n
            bottom += (g.bottom - bottom) / n
        else:
            rows.append([g])
            top, bottom = g.top, g.bottom
    lines = []
    for row in rows:
        row.sort(key=lambda g: g.x0)
        parts: list[str] = []
        previous: Glyph | None = None
        for g in row:
            if previous is not None and g.x0 - previous.x1 > 0.5 * max(g.size, previous.size):
                parts.append(" ")
            parts.append(g.text)
            previous = g
        size = statistics.median(g.size for g in row)
        lines.append(
            Line(
                text="".join(parts),
                x0=row[0].x0,
                top=min(g.top for g in row),
                x1=max(g.x1 for g in row),
                bottom=max(g.bottom for g in row),
                size=size,
                red=sum(g.red for g in row) * 2 > len(row),
                page=page,
            )
        )
    return lines


def _cell_text(glyphs: list[Glyph]) -> str:
    """A cell's wrapped lines are one cell: joined without a break (a space between two Latin
    words)."""
    out = ""
    for line in glyph_lines(glyphs):
        text = line.text.strip()
        if (
            out
            and text
            and out[-1].isascii()
            and out[-1].isalpha()
            and text[0].isascii()
            and text[0].isalpha()
        ):
            out += " "
        out += text
    return out.replace("\t", " ")


# -- tables ------------------------------------------------------------------------------------


def _snap(values: Iterable[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= _SNAP:
            continue
        out.append(v)
    return out


def _covered(segments: list[tuple[float, float]], a: float, b: float) -> bool:
    """True when the union of *segments* covers most of [a, b]."""
    need = b - a
    if need <= 0:
        return True
    got = 0.0
    for s, e in segments:
        lo, hi = max(a, s), min(b, e)
        if hi > lo:
            got += hi - lo
    return got >= 0.8 * need


def _union_find(n: int) -> tuple[Callable[[int], int], list[int]]:
    """A disjoint-set forest of *n* elements: its find function and its parent list (to union
    a and b, set ``parent[find(b)] = find(a)``)."""
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    return find, parent


def _rule_groups(rules: list[Rule]) -> list[list[Rule]]:
    """Rules that touch one another (a horizontal crossing or meeting a vertical), grouped."""
    find, parent = _union_find(len(rules))
    hs = [i for i, r in enumerate(rules) if r.horizontal]
    vs = [i for i, r in enumerate(rules) if not r.horizontal]
    for i in hs:
        h = rules[i]
        for j in vs:
            v = rules[j]
            if h.x0 - _SNAP <= v.x <= h.x1 + _SNAP and v.top - _SNAP <= h.y <= v.bottom + _SNAP:
                parent[find(i)] = find(j)
    groups: dict[int, list[Rule]] = {}
    for i, r in enumerate(rules):
        groups.setdefault(find(i), []).append(r)
    return list(groups.values())


def find_tables(page: Page, index: int = 0) -> tuple[list[Table], list[Glyph]]:
    """The ruled tables of a page, and the glyphs outside them."""
    tables: list[Table] = []
    inside: set[int] = set()
    for group in _rule_groups(page.rules):
        hs = [r for r in group if r.horizontal]
        vs = [r for r in group if not r.horizontal]
        ys, xs = _snap(r.y for r in hs), _snap(r.x for r in vs)
        if len(ys) < 2 or len(xs) < 2:
            continue
        n_rows, n_cols = len(ys) - 1, len(xs) - 1
        # Segments of rule along each grid line, to tell a drawn border from a merged cell.
        h_at = {y: [(r.x0, r.x1) for r in hs if abs(r.y - y) <= _SNAP] for y in ys}
        v_at = {x: [(r.top, r.bottom) for r in vs if abs(r.x - x) <= _SNAP] for x in xs}
        cell = [[r * n_cols + c for c in range(n_cols)] for r in range(n_rows)]
        find, parent = _union_find(n_rows * n_cols)
        for r in range(n_rows):
            for c in range(n_cols):
                if c + 1 < n_cols and not _covered(v_at[xs[c + 1]], ys[r], ys[r + 1]):
                    parent[find(cell[r][c + 1])] = find(cell[r][c])
                if r + 1 < n_rows and not _covered(h_at[ys[r + 1]], xs[c], xs[c + 1]):
                    parent[find(cell[r + 1][c])] = find(cell[r][c])
        texts: dict[int, list[Glyph]] = {}
        for k, g in enumerate(page.glyphs):
            if not (xs[0] <= g.cx <= xs[-1] and ys[0] <= g.cy <= ys[-1]):
                continue
            inside.add(k)
            c = max(0, min(n_cols - 1, _bisect(xs, g.cx)))
            r = max(0, min(n_rows - 1, _bisect(ys, g.cy)))
            texts.setdefault(find(cell[r][c]), []).append(g)
        text_of = {root: _cell_text(gs) for root, gs in texts.items()}
        rows: list[list[str]] = []
        for r in range(n_rows):
            row = []
            for c in range(n_cols):
                root = find(cell[r][c])
                if c > 0 and find(cell[r][c - 1]) == root:
                    row.append("")  # merged across: printed once, the column kept
                else:
                    row.append(text_of.get(root, ""))
            rows.append(row)
        # An open top or bottom side: the table goes on from the previous page or to the next one.
        first_open = [not _covered(h_at[ys[0]], xs[c], xs[c + 1]) for c in range(n_cols)]
        last_open = [not _covered(h_at[ys[-1]], xs[c], xs[c + 1]) for c in range(n_cols)]
        merged = [n_rows > 1 and find(cell[-1][c]) == find(cell[-2][c]) for c in range(n_cols)]
        tables.append(
            Table(
                page=index,
                top=ys[0],
                bottom=ys[-1],
                columns=xs,
                rows=rows,
                first_row_spans=first_open,
                last_row_open=last_open,
                last_row_merged=merged,
                spans=[[find(cell[r][c]) for c in range(n_cols)] for r in range(n_rows)],
            )
        )
    outside = [g for k, g in enumerate(page.glyphs) if k not in inside]
    tables.sort(key=lambda t: t.top)
    return tables, outside


def _bisect(edges: list[float], v: float) -> int:
    for i in range(len(edges) - 1):
        if v < edges[i + 1]:
            return i
    return len(edges) - 2


def _same_columns(a: list[float], b: list[float]) -> bool:
    return len(a) == len(b) and all(abs(x - y) <= 3 * _SNAP for x, y in zip(a, b, strict=True))


def _continue_table(
    previous: list[list[str]], before: Table, table: Table, foot: float | None = None
) -> list[list[str]]:
    """The rows of *table* as a continuation of *previous* (the rows printed so far, the last
    of them from the table part *before*, on the page above); *foot* is how low the body of
    a page reaches."""
    rows = [list(r) for r in table.rows]
    spans = [list(r) for r in table.spans] or [list(range(len(r))) for r in rows]
    top_open = list(table.first_row_spans)
    if rows and previous and _key_row(rows[0]) == _key_row(previous[0]):
        rows, spans = rows[1:], spans[1:]  # the header row, repeated on the new page
        top_open = [False] * len(top_open)  # (the header's own bottom rule closes the cells)
    if not rows or not previous:
        return rows
    first, last = rows[0], previous[-1]
    # A row broken by the page: its 序号 column (numbers in nearly every row above) empty while
    # the rest has text; its pieces are added to the row above, cell by cell.
    filled = sum(1 for r in previous if r[0].strip())
    numbers = sum(1 for r in previous[1:] if r[0].strip().isdigit())
    if (
        numbers >= 0.8 * max(1, len(previous) - 1)
        and not first[0].strip()
        and last[0].strip()
        and filled >= 0.8 * len(previous)
        and any(c.strip() for c in first)
        and _single_rows(before.spans, 0)
        and (len(spans) < 2 or spans[0][0] != spans[1][0])
    ):
        for c, text in enumerate(first):
            if text and text != last[c]:
                last[c] = _concat(last[c], text)
        rows, spans = rows[1:], spans[1:]
        if not rows:
            return rows
        first = rows[0]
    # A row broken by the page in a table without a number column: the part above runs down to
    # the foot of the page and its widest cell stops mid-sentence (Word and LibreOffice break a
    # row at a line, so both show); the part below is added to it, cell by cell.
    numbered = first[0].strip().isdigit()  # a new 序号: a new row
    if foot is not None and before.bottom >= foot - 18 and not numbered and any(c.strip() for c in first):
        wide = max(range(len(last)), key=lambda c: (sum(len(r[c]) for r in previous[1:] if c < len(r)), c))
        if last[wide].strip() and not last[wide].rstrip().endswith(_SENTENCE_END) and first[wide].strip():
            for c, text in enumerate(first):
                if text and text != last[c]:
                    last[c] = _concat(last[c], text)
            rows, spans = rows[1:], spans[1:]
            if not rows:
                return rows
            first = rows[0]
    # A merged cell split by the page: its part on the new page is empty, the text staying in
    # the part above. Word and LibreOffice close both parts with rules, so nothing but the
    # emptiness tells it: an empty cell at the top of a continued table takes the text of the
    # cell above it, and gives it to every row its part spans.
    for c, text in enumerate(first):
        if not text.strip() and last[c].strip():
            for r in range(len(rows)):
                if spans[r][c] != spans[0][c]:
                    break
                rows[r][c] = last[c]
    return rows


_SENTENCE_END = ("。", "！", "？", "；", ".", "!", "?", ";", "）", ")", "”")


def _single_rows(spans: list[list[int]], column: int) -> bool:
    """True when no cell of *column* spans several rows (a 序号 column, not a merged label)."""
    ids = [row[column] for row in spans if column < len(row)]
    return len(ids) == len(set(ids))


def _key_row(row: list[str]) -> str:
    return "|".join(re.sub(r"\s+", "", c) for c in row)


def _concat(a: str, b: str) -> str:
    if a and b and a[-1].isascii() and a[-1].isalpha() and b[0].isascii() and b[0].isalpha():
        return a + " " + b
    return a + b


# -- furniture ---------------------------------------------------------------------------------


#: Furniture stands in the margins: the top and bottom bands of the page, this deep.
_BAND = 0.15


def _furniture(lines: list[Line], pages: list[Page]) -> set[int]:
    """Indexes of lines repeated at the same height, with the same shape, on many pages, in the
    page's top or bottom band (body text may repeat itself; the margins hold furniture)."""
    n_pages = len(pages)
    if n_pages < 2:
        return set()
    need = max(2, -(-2 * n_pages // 5))  # two pages, or two fifths of them
    by_shape: dict[str, list[int]] = {}
    for i, line in enumerate(lines):
        height = pages[line.page].height
        in_band = line.bottom <= _BAND * height or line.top >= (1 - _BAND) * height
        if in_band and len(line.shape) <= 60:
            by_shape.setdefault(line.shape, []).append(i)
    out: set[int] = set()
    for members in by_shape.values():
        if len(members) < need:
            continue
        for i in members:
            seen = {lines[j].page for j in members if abs(lines[j].top - lines[i].top) <= 2 * _SNAP}
            if len(seen) >= need:
                out.add(i)
    return out


# -- the whole --------------------------------------------------------------------------------


@dataclass
class _Block:
    page: int
    top: float
    line: Line | None = None
    table: Table | None = None


def pages_to_text(pages: list[Page]) -> Layout:
    """Lines of text in reading order from *pages*: see the module's description."""
    blocks: list[_Block] = []
    all_lines: list[Line] = []
    for index, page in enumerate(pages):
        tables, outside = find_tables(page, index)
        lines = glyph_lines(outside, index)
        all_lines.extend(lines)
        blocks.extend(_Block(index, t.top, table=t) for t in tables)
    furniture = _furniture(all_lines, pages)
    kept = [line for i, line in enumerate(all_lines) if i not in furniture]
    blocks.extend(_Block(line.page, line.top, line=line) for line in kept)
    blocks.sort(key=lambda b: (b.page, b.top, b.line.x0 if b.line else -1.0))
    head_end, record_start = _zones(pages, blocks)
    margins = _margins(kept)
    # how low a page's body reaches: its lowest text line or table, furniture aside
    foot = max(
        [line.bottom for line in kept] + [b.table.bottom for b in blocks if b.table is not None], default=None
    )
    out: list[str] = []
    head: list[str] = []
    record: list[str] = []
    table_rows: list[list[str]] | None = None  # rows of the table being printed
    last_table: Table | None = None
    previous: Line | None = None
    joinable = False
    for k, block in enumerate(blocks):
        if block.table is not None:
            table = block.table
            if (
                table_rows is not None
                and last_table is not None
                and table.page == last_table.page + 1
                and _same_columns(table.columns, last_table.columns)
            ):
                rows = _continue_table(table_rows, last_table, table, foot)
                table_rows.extend(rows)
            else:
                _flush_table(out, table_rows)
                table_rows = [list(r) for r in table.rows]
            last_table = table
            previous, joinable = None, False
            continue
        line = block.line
        assert line is not None
        if table_rows is not None:  # a table ends where text starts (furniture is gone by now)
            _flush_table(out, table_rows)
            table_rows, last_table = None, None
        text = line.text.strip()
        if k < head_end:
            head.append(text)
        elif k >= record_start:
            record.append(text)
        left, right = margins.get(line.page, (line.x0, line.x1))
        starts_at_margin = line.x0 <= left + 0.6 * line.size
        if (
            joinable
            and previous is not None
            and starts_at_margin
            and abs(line.size - previous.size) <= 1.5
            and (line.page != previous.page or line.top - previous.bottom <= 1.6 * line.size)
            and head_end < k < record_start  # the 版头 and 版记 lines stand alone
        ):
            out[-1] = _concat(out[-1], text)
        else:
            # (no page-break marker: the furniture is gone already, and a paragraph that runs
            # on over the break was joined above)
            out.append(text)
        joinable = line.x1 >= right - 1.2 * line.size and line.x0 <= left + 3 * line.size and len(text) >= 8
        previous = line
    _flush_table(out, table_rows)
    return Layout(
        lines=out,
        head=head,
        record=record,
        furniture=len(furniture),
        removed=sorted({all_lines[i].text for i in furniture}),
        tables=sum(1 for b in blocks if b.table is not None),
    )


def _flush_table(out: list[str], rows: list[list[str]] | None) -> None:
    if not rows:
        return
    out.append("")
    out.extend("\t".join(row) for row in rows)
    out.append("")


def _margins(lines: list[Line]) -> dict[int, tuple[float, float]]:
    """Each page's left and right margin: where most lines start, and where full lines end."""
    by_page: dict[int, list[Line]] = {}
    for line in lines:
        by_page.setdefault(line.page, []).append(line)
    all_left = [round(line.x0) for line in lines if len(line.text) >= 8]
    all_right = [round(line.x1) for line in lines if len(line.text) >= 8]
    default = (
        (float(statistics.mode(all_left)) if all_left else 0.0),
        (float(max(all_right)) if all_right else 0.0),
    )
    out = {}
    for page, members in by_page.items():
        long = [m for m in members if len(m.text) >= 8]
        if len(long) < 3:
            out[page] = default
            continue
        lefts = sorted(round(m.x0) for m in long)
        rights = sorted(round(m.x1) for m in long)
        out[page] = (float(lefts[0]), float(rights[int(0.9 * (len(rights) - 1))]))
        out[page] = (min(out[page][0], default[0]) if default[0] else out[page][0], out[page][1])
    return out


def _zones(pages: list[Page], blocks: list[_Block]) -> tuple[int, int]:
    """Where the 版头 ends and the 版记 begins, as indexes into *blocks*.

    The 版头 is what stands above the red rule across the first page; the 版记 is the run of
    lines between full-width rules at the foot of the last page (not part of a table).
    """
    head_end = 0
    if pages:
        first = pages[0]
        red = [r for r in first.rules if r.red and r.horizontal and r.x1 - r.x0 >= 0.5 * first.width]
        if red:
            y = min(r.y for r in red)
            head_end = sum(1 for b in blocks if b.page == 0 and b.top < y)
    record_start = len(blocks)
    if pages:
        last_index = len(pages) - 1
        last = pages[last_index]
        tables, _ = find_tables(last, last_index)
        # (a 版记 rule may run a hair under a table's foot: only the table's own rules are out)
        in_table = [(t.top - 0.3, t.bottom + 0.3) for t in tables]
        full = sorted(
            r.y
            for r in last.rules
            if r.horizontal
            and r.x1 - r.x0 >= 0.6 * last.width
            and not any(a <= r.y <= b for a, b in in_table)
            and r.y >= 0.5 * last.height
        )
        if len(full) >= 2:
            y = full[0]
            record_start = next(
                (
                    k
                    for k, b in enumerate(blocks)
                    if b.page == last_index and b.line is not None and (b.line.top + b.line.bottom) / 2 >= y
                ),
                len(blocks),
            )
    return head_end, max(head_end, record_start)
