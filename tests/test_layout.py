"""Fixed-layout pages to text (kg.read.layout), on pages drawn here glyph by glyph: tables with
merged cells, tables over a page break, furniture, paragraphs re-joined by geometry, and a
file whose drawing order is scrambled."""

from __future__ import annotations

import random

from kg.read.layout import Glyph, Page, Rule, pages_to_text

SIZE = 16.0
LEFT, RIGHT = 80.0, 80.0 + 28 * SIZE  # 28 characters a line


def write(page: Page, text: str, x: float, y: float, size: float = SIZE, red: bool = False) -> None:
    """Draw *text* from (x, y) (top of the line), one glyph per character, a full em apart."""
    for i, ch in enumerate(text):
        if ch != " ":
            page.glyphs.append(Glyph(ch, x + i * size, y, x + (i + 1) * size, y + size, size, red))


def grid(
    page: Page,
    xs: list[float],
    ys: list[float],
    *,
    skip_h: set[tuple[int, int]] = frozenset(),
    skip_v: set[tuple[int, int]] = frozenset(),
) -> None:  # type: ignore[assignment]
    """Rules of a table: horizontal rule r over column c unless (r, c) in *skip_h*, vertical
    rule c over row r unless (r, c) in *skip_v*."""
    for r, y in enumerate(ys):
        for c in range(len(xs) - 1):
            if (r, c) not in skip_h:
                page.rules.append(Rule(xs[c], y, xs[c + 1], y))
    for c, x in enumerate(xs):
        for r in range(len(ys) - 1):
            if (r, c) not in skip_v:
                page.rules.append(Rule(x, ys[r], x, ys[r + 1]))


def paragraph(page: Page, text: str, y: float, per_line: int = 28) -> float:
    """A paragraph with a two-character first-line indent, wrapped at the margin; returns the
    y after it."""
    first = per_line - 2
    lines = [text[:first]] + [
        text[first + i : first + i + per_line] for i in range(0, len(text) - first, per_line)
    ]
    for n, line in enumerate(lines):
        if not line:
            continue
        write(page, line, LEFT + (2 * SIZE if n == 0 else 0), y)
        y += 1.8 * SIZE
    return y


def test_paragraphs_are_rejoined_by_the_margins_and_indents() -> None:
    page = Page(595, 842)
    y = paragraph(
        page,
        "（一）加强组织领导。" + "各级政务公开主管部门要切实履行职责推进各项工作落到实处" * 2 + "。",
        100,
    )
    y = paragraph(page, "（二）强化考核。" + "将政务公开工作纳入绩效考核" * 3 + "。", y)
    out = pages_to_text([page]).lines
    assert out == [
        "（一）加强组织领导。" + "各级政务公开主管部门要切实履行职责推进各项工作落到实处" * 2 + "。",
        "（二）强化考核。" + "将政务公开工作纳入绩效考核" * 3 + "。",
    ]


def test_a_paragraph_runs_on_over_a_page_break_and_furniture_goes() -> None:
    pages = []
    text = "持续深化政府信息公开工作推动政策精准直达市场主体和人民群众" * 4
    for n in range(4):
        page = Page(595, 842)
        # running head and page number: the same shape at the same height on every page,
        # the number left on even pages and right on odd ones (GB/T 9704)
        write(page, "莱州市人民政府公报", 200, 40, size=10.5)
        write(page, f"— {n + 1} —", 450 if n % 2 == 0 else 80, 800, size=14)
        pages.append(page)
    # one paragraph that fills the last line of page 1 and goes on at the left margin of page 2
    y = 100.0
    for i in range(0, 56, 28):
        write(pages[0], text[i : i + 28], LEFT, y)
        y += 1.8 * SIZE
    write(pages[1], text[56:70] + "。", LEFT, 100)
    write(pages[2], "二、新的一节", LEFT + 2 * SIZE, 100)
    write(pages[3], "（三）又一项。", LEFT + 2 * SIZE, 100)
    layout = pages_to_text(pages)
    body = [line for line in layout.lines if line not in ("", "\f")]
    assert body == [text[:70] + "。", "二、新的一节", "（三）又一项。"]
    assert layout.furniture == 8
    assert "莱州市人民政府公报" in layout.removed


def test_a_table_with_merged_cells() -> None:
    page = Page(595, 842)
    xs = [80.0, 120.0, 260.0, 400.0, 500.0]
    ys = [100.0, 130.0, 170.0, 210.0, 250.0]
    # column 3 (deadline) merged over rows 1-3; column 1-2 merged across in row 3
    grid(page, xs, ys, skip_h={(2, 3), (3, 3)}, skip_v={(3, 2)})
    for c, head in enumerate(["序号", "具体内容", "责任单位", "完成时限"]):
        write(page, head, xs[c] + 2, 105, size=10)
    for r, (n, text, units) in enumerate(
        [
            ("1", "公开预算信息", "区财政局"),
            ("2", "公开决算信息", "区财政局、区审计局"),
            ("3", "跨两栏的内容写在一个合并的格子里", ""),
        ]
    ):
        write(page, n, xs[0] + 2, ys[r + 1] + 5, size=10)
        write(page, text, xs[1] + 2, ys[r + 1] + 5, size=10)
        write(page, units, xs[2] + 2, ys[r + 1] + 5, size=10)
    write(page, "2023年12月底前", xs[3] + 2, 185, size=6)
    rows = [line.split("\t") for line in pages_to_text([page]).lines if "\t" in line]
    assert rows == [
        ["序号", "具体内容", "责任单位", "完成时限"],
        ["1", "公开预算信息", "区财政局", "2023年12月底前"],
        ["2", "公开决算信息", "区财政局、区审计局", "2023年12月底前"],
        ["3", "跨两栏的内容写在一个合并的格子里", "", "2023年12月底前"],
    ]


def test_a_cells_wrapped_lines_are_one_cell() -> None:
    page = Page(595, 842)
    xs, ys = [80.0, 200.0, 300.0], [100.0, 160.0]
    grid(page, xs, ys)
    write(page, "区发展改革局、", 82, 105, size=10)
    write(page, "区商务局", 82, 120, size=10)
    write(page, "长期坚持", 202, 105, size=10)
    assert [line for line in pages_to_text([page]).lines if "\t" in line] == [
        "区发展改革局、区商务局\t长期坚持"
    ]


def _table_page(rows: list[list[str]], skip_h: set[tuple[int, int]] | None = None) -> Page:
    page = Page(595, 842)
    xs = [80.0, 120.0, 300.0, 420.0]
    ys = [100.0 + 40 * r for r in range(len(rows) + 1)]
    grid(page, xs, ys, skip_h=skip_h or set())
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            write(page, text, xs[c] + 2, ys[r] + 5, size=10)
    return page


def test_a_table_over_a_page_break_is_one_table() -> None:
    header = ["序号", "具体内容", "责任单位"]
    # page 1: the units cell of rows 1 and 2 merged (no rule between them), running over the page end
    first = _table_page([header, ["1", "公开预算", "区财政局"], ["2", "公开决算", ""]], skip_h={(2, 2)})
    # page 2: the header repeated, row 3 under the same merged units cell (empty here), then
    # row 4 broken by the page: its rest on page 3 without a number
    second = _table_page([header, ["3", "公开专项资金", ""], ["4", "公开政府债务", "区审计局"]])
    third = _table_page([header, ["", "的限额和余额", ""], ["5", "公开国有资产", "区财政局"]])
    rows = [line.split("\t") for line in pages_to_text([first, second, third]).lines if "\t" in line]
    assert rows == [
        header,
        ["1", "公开预算", "区财政局"],
        ["2", "公开决算", "区财政局"],
        ["3", "公开专项资金", "区财政局"],
        ["4", "公开政府债务的限额和余额", "区审计局"],
        ["5", "公开国有资产", "区财政局"],
    ]


def test_a_table_without_a_repeated_header_continues_an_open_cell() -> None:
    header = ["序号", "具体内容", "责任单位"]
    first = _table_page([header, ["1", "公开预算", "区财政局"]], skip_h={(2, 2)})  # open at the foot
    second = _table_page([["2", "公开决算", ""]], skip_h={(0, 2)})  # open at the top
    rows = [line.split("\t") for line in pages_to_text([first, second]).lines if "\t" in line]
    assert rows == [header, ["1", "公开预算", "区财政局"], ["2", "公开决算", "区财政局"]]


def test_the_order_glyphs_are_stored_in_does_not_matter() -> None:
    page = Page(595, 842)
    write(page, "莱州市人民政府办公室文件", 100, 60, size=26, red=True)
    write(page, "莱政办发〔2023〕16号", 200, 130)
    page.rules.append(Rule(80, 160, 515, 161, red=True))
    paragraph(page, "现将《2023年莱州市政务公开工作要点》印发给你们，请认真贯彻实施。", 200)
    write(page, "抄送：市委有关部门，市法院。", LEFT, 700, size=14)
    write(page, "莱州市人民政府办公室 2023年8月28日印发", LEFT, 740, size=14)
    for y in (690.0, 730.0, 770.0):
        page.rules.append(Rule(80, y, 515, y))
    expected = pages_to_text([page])
    random.Random(7).shuffle(page.glyphs)
    random.Random(8).shuffle(page.rules)
    scrambled = pages_to_text([page])
    assert scrambled.lines == expected.lines
    assert scrambled.head == ["莱州市人民政府办公室文件", "莱政办发〔2023〕16号"]
    assert scrambled.record == ["抄送：市委有关部门，市法院。", "莱州市人民政府办公室 2023年8月28日印发"]
    assert scrambled.lines[0] == "莱州市人民政府办公室文件"


def test_a_row_broken_at_the_foot_of_a_page_without_a_number_column() -> None:
    """No 序号 column: a row is known broken when its part above runs to the foot of the page
    and stops mid-sentence; a row that ends its sentence is followed by a new row."""
    xs = [80.0, 200.0, 420.0]

    def part(rows: list[list[str]], ys: list[float], skip_h: set[tuple[int, int]]) -> Page:
        page = Page(595, 842)
        grid(page, xs, ys, skip_h=skip_h)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                write(page, text, xs[c] + 2, ys[r] + 5, size=10)
        return page

    header = ["工作任务", "具体内容"]
    first = part([header, ["（一）公开预算", "公开部门预算和"]], [600.0, 630.0, 760.0], set())
    second = part([header, ["", "“三公”经费预算。"], ["", "公开决算。"]], [100.0, 130.0, 170.0, 210.0], set())
    rows = [line.split("\t") for line in pages_to_text([first, second]).lines if "\t" in line]
    assert rows == [
        header,
        ["（一）公开预算", "公开部门预算和“三公”经费预算。"],
        ["（一）公开预算", "公开决算。"],
    ]
    # the same, but the row above ended its sentence: the next part starts a new row
    first = part([header, ["（一）公开预算", "公开部门预算。"]], [600.0, 630.0, 760.0], set())
    second = part([header, ["", "公开“三公”经费。"]], [100.0, 130.0, 170.0], set())
    rows = [line.split("\t") for line in pages_to_text([first, second]).lines if "\t" in line]
    assert rows == [header, ["（一）公开预算", "公开部门预算。"], ["（一）公开预算", "公开“三公”经费。"]]
