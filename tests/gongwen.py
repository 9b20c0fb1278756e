"""Test fixtures: the corpus as governments publish it, made by the tests, never committed.

- :func:`corpus_docx` writes a corpus text file as a Word document in the 公文 layout of
  GB/T 9704: the 版头 (the issuer's name in red, the 文号, a red rule), the title, the body with
  its outline, the signature and date, the 任务分工 table as a real Word table (a header row
  repeated on every page, vertically merged cells for a section, an item, units or a deadline
  shared by several rows), and the 版记 (抄送 and the printing office and date between rules),
  with page numbers ``— N —`` in the footer and, if asked, a running head.
- :func:`convert` runs LibreOffice headless (``soffice --convert-to``) for PDF and .doc.
- :func:`pdf_to_ofd` writes an OFD package (GB/T 33190: ``OFD.xml``, ``Document.xml``, a
  ``Content.xml`` per page with TextObject/TextCode and PathObject) holding what the PDF draws,
  read through :func:`kg.read.pdf.pdf_pages`.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from docx import Document as new_docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from kg.normalize import fold, key
from kg.parse import parse_read
from kg.parse.tables import is_task_table
from kg.patterns import DATE_LINE, DOC_NUMBER_LINE, PRINTED_LINE
from kg.read import join_wrapped, read_file

FONT = "Noto Serif CJK SC"


def soffice() -> str | None:
    """LibreOffice's command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert(source: Path, fmt: str, outdir: Path) -> Path:
    """*source* converted by LibreOffice headless to *fmt* (``pdf``, ``doc``) in *outdir*."""
    return convert_all([source], fmt, outdir)[0]


def convert_all(sources: list[Path], fmt: str, outdir: Path) -> list[Path]:
    """Each of *sources* converted by one LibreOffice run (it starts slowly)."""
    command = soffice()
    assert command, "LibreOffice (soffice) is not installed"
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(
        [
            command,
            f"-env:UserInstallation=file://{profile.resolve()}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            *map(str, sources),
        ],
        check=True,
        capture_output=True,
        timeout=600,
    )
    out = [outdir / (source.stem + "." + fmt.split(":")[0]) for source in sources]
    for path in out:
        assert path.exists(), f"LibreOffice made no {path}"
    return out


# -- Word ------------------------------------------------------------------------------------


def _font(run, size: float, *, red: bool = False, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    run.font.size = Pt(size)
    run.font.name = FONT
    run.font.bold = bold
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    fonts.set(qn("w:eastAsia"), FONT)
    if red:
        run.font.color.rgb = RGBColor(0xE0, 0x00, 0x00)


def _border(paragraph, *sides: str, color: str = "000000", size: int = 8) -> None:  # type: ignore[no-untyped-def]
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    for side in sides:
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "single")
        edge.set(qn("w:sz"), str(size))
        edge.set(qn("w:space"), "1")
        edge.set(qn("w:color"), color)
        borders.append(edge)
    ppr.append(borders)


def _paragraph(
    doc,
    text: str,
    *,
    size: float = 16,
    align=None,
    indent: bool = False,
    red: bool = False,
    bold: bool = False,
):  # type: ignore[no-untyped-def]
    p = doc.add_paragraph()
    if align is not None:
        p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(28.95)
    if indent:
        fmt.first_line_indent = Pt(2 * size)
    _font(p.add_run(text), size, red=red, bold=bold)
    return p


def _field(paragraph, instruction: str, size: float) -> None:  # type: ignore[no-untyped-def]
    for kind in ("begin", None, "end"):
        run = paragraph.add_run()
        _font(run, size)
        if kind is None:
            text = OxmlElement("w:instrText")
            text.set(qn("xml:space"), "preserve")
            text.text = instruction
            run._r.append(text)
        else:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._r.append(char)


def _page_setup(doc, running_head: str | None) -> None:  # type: ignore[no-untyped-def]
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    footer = section.footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _font(footer.add_run("— "), 14)
    _field(footer, "PAGE", 14)
    _font(footer.add_run(" —"), 14)
    if running_head:
        head = section.header.paragraphs[0]
        head.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _font(head.add_run(running_head), 10.5)


def _merge_runs(table, column: int, values: list[str], first_row: int) -> None:  # type: ignore[no-untyped-def]
    """Write *values* down *column*, one merged cell for each run of equal neighbours."""
    start = 0
    for i in range(1, len(values) + 1):
        if i == len(values) or values[i] != values[start] or not values[i]:
            top = table.cell(first_row + start, column)
            _cell(top, values[start])
            if i - 1 > start:
                top.merge(table.cell(first_row + i - 1, column))
            start = i


def _cell(cell, text: str, *, bold: bool = False) -> None:  # type: ignore[no-untyped-def]
    p = cell.paragraphs[0]
    p.paragraph_format.space_before = p.paragraph_format.space_after = Pt(0)
    _font(p.add_run(text), 10.5, bold=bold)


def _task_table(doc, tasks, *, split_rows: bool = False) -> None:  # type: ignore[no-untyped-def]
    columns: list[tuple[str, list[str], bool]] = []  # header, values, merge equal neighbours
    if any(t.n is not None for t in tasks):
        columns.append(("序号", [str(t.n or "") for t in tasks], False))
    columns.append(("工作任务", [t.section_label or "" for t in tasks], True))
    columns.append(("工作事项", [t.item_label or "" for t in tasks], True))
    columns.append(("具体内容", [t.text for t in tasks], False))
    columns.append(("责任单位", [t.units_text for t in tasks], True))
    if any(t.deadline for t in tasks):
        columns.append(("完成时限", [t.deadline or "" for t in tasks], True))
    table = doc.add_table(rows=len(tasks) + 1, cols=len(columns))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = {"序号": 12, "工作任务": 28, "工作事项": 30, "具体内容": 60, "责任单位": 35, "完成时限": 22}
    for c, (header, values, merge) in enumerate(columns):
        for row in table.rows:
            row.cells[c].width = Mm(widths[header])
        _cell(table.cell(0, c), header, bold=True)
        if merge:
            _merge_runs(table, c, values, 1)
        else:
            for r, value in enumerate(values, start=1):
                _cell(table.cell(r, c), value)
    # the header row repeats on every page; a row is not broken by a page (a merged cell is)
    for n, row in enumerate(table.rows):
        trpr = row._tr.get_or_add_trPr()
        if not split_rows:
            keep = OxmlElement("w:cantSplit")
            keep.set(qn("w:val"), "true")
            trpr.append(keep)
        if n == 0:
            header = OxmlElement("w:tblHeader")
            header.set(qn("w:val"), "true")
            trpr.append(header)


def corpus_docx(txt: Path, out: Path, *, running_head: str | None = None, split_rows: bool = False) -> Path:
    """Write the corpus file *txt* as a .docx in the 公文 layout (see the module)."""
    read = read_file(txt)
    parsed = parse_read(read, name=txt.name)
    paragraphs = join_wrapped(read.lines)
    tables = {}
    for document in parsed.documents:
        for annex in document.annexes:
            if is_task_table(annex) and document.tasks:
                tables[key(annex.title)] = document.tasks
    titles = {key(d.title or "") for d in parsed.documents if d.title}
    if running_head is None and read.furniture.bulletins:
        running_head = read.furniture.bulletins[0]  # the bulletin the text was printed in
    doc = new_docx()
    _page_setup(doc, running_head)
    skipping = False
    after_number = False
    record = None  # the 抄送 paragraph of the 版记, while it goes on
    paragraphs = _join_record(paragraphs)
    for text in paragraphs:
        k = fold(text).strip()
        if record is not None and not PRINTED_LINE.match(k) and not k.startswith("印发"):
            _font(record.add_run(text.strip()), 14)  # the 抄送 list goes on
            continue
        record = None
        if skipping:
            # the stream of cells the text file holds; the table replaces it
            if k.startswith("抄送") or PRINTED_LINE.match(k) or (k.endswith("文件") and len(k) <= 30):
                skipping = False
            else:
                continue
        if k.endswith("文件") and len(k) <= 30 and not re.search(r"[，。、]", k):
            p = _paragraph(doc, text.strip(), size=30, align=WD_ALIGN_PARAGRAPH.CENTER, red=True)
            p.paragraph_format.line_spacing = Pt(40)
            after_number = True
            continue
        if DOC_NUMBER_LINE.match(k) and after_number:
            p = _paragraph(doc, text.strip(), align=WD_ALIGN_PARAGRAPH.CENTER)
            _border(p, "bottom", color="E00000", size=18)  # the red rule under the 版头
            after_number = False
            continue
        if key(text) in titles:
            _paragraph(doc, text.strip(), size=22, align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
            continue
        if k.startswith("抄送"):
            record = _paragraph(doc, text.strip(), size=14)
            _border(record, "top", "bottom")
            continue
        if PRINTED_LINE.match(k):
            p = _paragraph(doc, text.strip(), size=14)
            _border(p, "bottom")
            continue
        if DATE_LINE.match(k):
            p = _paragraph(doc, text.strip(), align=WD_ALIGN_PARAGRAPH.RIGHT)
            p.paragraph_format.right_indent = Pt(64)
            continue
        if key(text) in tables:
            _paragraph(doc, text.strip(), size=22, align=WD_ALIGN_PARAGRAPH.CENTER)
            _task_table(doc, tables.pop(key(text)), split_rows=split_rows)
            skipping = True
            continue
        _paragraph(doc, text.strip(), indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def _join_record(paragraphs: list[str]) -> list[str]:
    """The printing office and the printing date stand on one line of the 版记."""
    out: list[str] = []
    for text in paragraphs:
        k = fold(text).strip()
        if (
            out
            and PRINTED_LINE.match(k)
            and not PRINTED_LINE.match(fold(out[-1]))
            and len(out[-1]) <= 20
            and not re.search(r"[，。、：]", out[-1])
            and out[-1].strip().endswith(("办公室", "办公厅", "人民政府", "委员会", "局"))
            and not k.startswith("(")
        ):
            out[-1] = out[-1].strip() + "　　　　" + text.strip()
        else:
            out.append(text)
    return out


def pages_to_pdf(pages, out: Path, *, shuffle: int | None = None) -> Path:  # type: ignore[no-untyped-def]
    """Draw *pages* (kg.read.layout.Page) again with reportlab, glyph by glyph and rule by rule,
    in a shuffled order when *shuffle* (a seed) is given: a PDF whose text is stored out of
    reading order."""
    import random

    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rng = random.Random(shuffle)
    c = canvas.Canvas(str(out), invariant=True)
    for page in pages:
        c.setPageSize((page.width, page.height))
        marks: list[tuple[str, object]] = [("g", g) for g in page.glyphs] + [("r", r) for r in page.rules]
        if shuffle is not None:
            rng.shuffle(marks)
        for kind, mark in marks:
            if kind == "g":
                c.setFillColorRGB(0.88 if mark.red else 0, 0, 0)  # type: ignore[attr-defined]
                c.setFont("STSong-Light", mark.size)  # type: ignore[attr-defined]
                baseline = mark.bottom - 0.12 * mark.size  # type: ignore[attr-defined]
                c.drawString(mark.x0, page.height - baseline, mark.text)  # type: ignore[attr-defined]
            else:
                c.setStrokeColorRGB(0.88 if mark.red else 0, 0, 0)  # type: ignore[attr-defined]
                c.setLineWidth(0.5)
                y0, y1 = page.height - mark.y, page.height - mark.y  # type: ignore[attr-defined]
                if mark.horizontal:  # type: ignore[attr-defined]
                    c.line(mark.x0, y0, mark.x1, y1)  # type: ignore[attr-defined]
                else:
                    c.line(mark.x, page.height - mark.top, mark.x, page.height - mark.bottom)  # type: ignore[attr-defined]
        c.showPage()
    c.save()
    return out


# -- OFD -------------------------------------------------------------------------------------

_MM = 25.4 / 72


def _mm(v: float) -> str:
    return f"{v * _MM:.3f}".rstrip("0").rstrip(".")


def pdf_to_ofd(pdf: bytes, *, omit_page: int | None = None) -> bytes:
    """An OFD package drawing what *pdf* draws: each line of glyphs one TextObject with one
    TextCode and its DeltaX advances, each rule one stroked PathObject. *omit_page* leaves one
    page's Content.xml out of the package (a damaged file, for the error tests)."""
    from kg.read.layout import glyph_lines
    from kg.read.pdf import pdf_pages

    pages = pdf_pages(pdf)
    ns = 'xmlns:ofd="http://www.ofdspec.org/2016"'
    files: dict[str, str] = {}
    files["OFD.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:OFD {ns} Version="1.0" DocType="OFD">'
        "<ofd:DocBody><ofd:DocInfo><ofd:DocID>policy-kg-test</ofd:DocID></ofd:DocInfo>"
        "<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>"
    )
    listing = "".join(
        f'<ofd:Page ID="{i + 1}" BaseLoc="Pages/Page_{i}/Content.xml"/>' for i in range(len(pages))
    )
    width, height = (pages[0].width, pages[0].height) if pages else (595.0, 842.0)
    files["Doc_0/Document.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Document {ns}><ofd:CommonData>'
        f"<ofd:MaxUnitID>1</ofd:MaxUnitID><ofd:PageArea><ofd:PhysicalBox>0 0 {_mm(width)} {_mm(height)}"
        "</ofd:PhysicalBox></ofd:PageArea><ofd:PublicRes>PublicRes.xml</ofd:PublicRes></ofd:CommonData>"
        f"<ofd:Pages>{listing}</ofd:Pages></ofd:Document>"
    )
    files["Doc_0/PublicRes.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Res {ns} BaseLoc="Res"><ofd:Fonts>'
        f'<ofd:Font ID="1" FontName="{FONT}" FamilyName="{FONT}"/></ofd:Fonts></ofd:Res>'
    )
    next_id = 2
    for i, page in enumerate(pages):
        objects: list[str] = []
        for line in glyph_lines(page.glyphs):
            glyphs = sorted(
                (g for g in page.glyphs if line.top <= g.cy <= line.bottom and line.x0 <= g.cx <= line.x1),
                key=lambda g: g.x0,
            )
            if not glyphs:
                continue
            size = line.size
            baseline = max(g.bottom for g in glyphs) - 0.12 * size
            x0 = glyphs[0].x0
            deltas = " ".join(_mm(b.x0 - a.x0) for a, b in zip(glyphs, glyphs[1:], strict=False))
            text = escape("".join(g.text for g in glyphs))
            colour = "224 0 0" if line.red else "0 0 0"
            objects.append(
                f'<ofd:TextObject ID="{next_id}" Boundary="{_mm(x0)} {_mm(baseline - size)} '
                f'{_mm(line.x1 - x0 + size)} {_mm(1.5 * size)}" Font="1" Size="{_mm(size)}">'
                f'<ofd:FillColor Value="{colour}"/><ofd:TextCode X="0" Y="{_mm(size)}"'
                + (f' DeltaX="{deltas}"' if deltas else "")
                + f">{text}</ofd:TextCode></ofd:TextObject>"
            )
            next_id += 1
        for rule in page.rules:
            colour = "224 0 0" if rule.red else "0 0 0"
            objects.append(
                f'<ofd:PathObject ID="{next_id}" Boundary="{_mm(rule.x0)} {_mm(rule.top)} '
                f'{_mm(rule.x1 - rule.x0 + 1)} {_mm(rule.bottom - rule.top + 1)}" LineWidth="0.25">'
                f'<ofd:StrokeColor Value="{colour}"/><ofd:AbbreviatedData>M 0 0 L '
                f"{_mm(rule.x1 - rule.x0)} {_mm(rule.bottom - rule.top)}</ofd:AbbreviatedData></ofd:PathObject>"
            )
            next_id += 1
        if i == omit_page:
            continue
        files[f"Doc_0/Pages/Page_{i}/Content.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<ofd:Page {ns}><ofd:Content>'
            f'<ofd:Layer ID="{next_id}">{"".join(objects)}</ofd:Layer></ofd:Content></ofd:Page>'
        )
        next_id += 1
    out = _zip(files)
    return out


def _zip(files: dict[str, str]) -> bytes:
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name in sorted(files):
            z.writestr(zipfile.ZipInfo(name, date_time=(2023, 1, 1, 0, 0, 0)), files[name])
    return buffer.getvalue()
