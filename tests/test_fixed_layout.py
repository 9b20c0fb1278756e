"""The corpus as governments publish it: each text file written as a .docx in the 公文 layout
(tests/gongwen.py), converted to PDF by LibreOffice and to OFD by our own writer, then read
back: `kg parse` gives what it gives on the text files (which the gold checks), tables
included, and the damaged files fail in one line."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from kg.normalize import key
from kg.parse import parse_file
from tests import gongwen
from tests.conftest import CORPUS, GOLD_DOCS

FILES = sorted({g["file"] for g in GOLD_DOCS})


def _need_soffice() -> None:
    if gongwen.soffice() is None:
        if os.environ.get("KG_REQUIRE_SOFFICE"):
            pytest.fail("LibreOffice (soffice) is required here (KG_REQUIRE_SOFFICE is set)")
        pytest.skip("LibreOffice (soffice) is not installed")


@pytest.fixture(scope="session")
def renderings(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every corpus file as .docx, .pdf (LibreOffice) and .ofd (from the PDF)."""
    _need_soffice()
    out = tmp_path_factory.mktemp("renderings")
    for name in FILES:
        gongwen.corpus_docx(CORPUS / name, out / (Path(name).stem + ".docx"))
    docx = sorted(out.glob("*.docx"))
    gongwen.convert_all(docx, "pdf", out)
    gongwen.convert_all(docx, "doc", out)
    for pdf in sorted(out.glob("*.pdf")):
        pdf.with_suffix(".ofd").write_bytes(gongwen.pdf_to_ofd(pdf.read_bytes()))
    return out


def summary(path: Path) -> list[dict]:
    """What the gold checks of each document, from a parse."""
    out = []
    for doc in parse_file(path).documents:
        out.append(
            {
                "doc_number": doc.doc_number,
                "issuer": doc.issuer,
                "title": key(doc.title or ""),
                "attached_title": key(doc.attached_title or ""),
                "date": doc.date,
                "printed": doc.printed,
                "year": doc.year,
                "publication": doc.publication,
                "registration_code": doc.registration_code,
                "published_in": doc.published_in,
                "recipients": doc.recipients,
                "cc": doc.cc,
                "sections": [
                    (s.label, key(s.heading), [(i.label, key(i.heading)) for i in s.items])
                    for s in doc.sections
                ],
                "tasks": [(t.n, t.section, t.item, t.units, t.deadline) for t in doc.tasks],
                "quantities": sorted(
                    json.dumps(q.to_dict(), ensure_ascii=False, sort_keys=True, default=str)
                    for q in doc.quantities
                ),
            }
        )
    return out


@pytest.mark.parametrize("suffix", [".pdf", ".ofd", ".doc"])
@pytest.mark.parametrize("name", FILES)
def test_a_rendering_parses_as_the_text_does(renderings: Path, name: str, suffix: str) -> None:
    want = summary(CORPUS / name)
    got = summary(renderings / (Path(name).stem + suffix))
    assert len(got) == len(want)
    for g, w in zip(got, want, strict=True):
        for field in w:
            assert g[field] == w[field], field


def test_the_renderings_hold_the_tables_the_gold_counts(renderings: Path) -> None:
    tables = {g["id"]: g["table"] for g in GOLD_DOCS if g.get("table") and "rows" in g["table"]}
    assert tables, "the gold lists table rows"
    for gold in GOLD_DOCS:
        if gold["id"] not in tables:
            continue
        for suffix in (".pdf", ".ofd"):
            docs = parse_file(renderings / (Path(gold["file"]).stem + suffix)).documents
            doc = next(d for d in docs if key(d.doc_number or "") == key(gold["doc_number"]))
            assert len(doc.tasks) == len(tables[gold["id"]]["rows"]), (gold["id"], suffix)


def test_text_stored_in_a_scrambled_order_reads_the_same(renderings: Path, tmp_path: Path) -> None:
    """Every glyph and rule of the rendered PDF drawn again one by one in a shuffled order (by
    reportlab): the 版头, body, table and 版记 come out of the layout all the same."""
    from kg.read import read_file
    from kg.read.pdf import pdf_pages

    source = renderings / "003_964c6440e979350b.pdf"
    scrambled = gongwen.pages_to_pdf(pdf_pages(source.read_bytes()), tmp_path / "scrambled.pdf", shuffle=3)
    assert summary(scrambled) == summary(source)
    layout = read_file(scrambled).layout
    assert layout is not None
    assert layout.head[0] == "招远市人民政府办公室文件"
    assert layout.record and layout.record[0].startswith("抄送")


def test_running_heads_and_page_numbers_on_every_page_are_furniture(tmp_path: Path) -> None:
    _need_soffice()
    name = "003_964c6440e979350b"
    docx = gongwen.corpus_docx(
        CORPUS / (name + ".txt"), tmp_path / (name + ".docx"), running_head="招远市人民政府公报"
    )
    pdf = gongwen.convert(docx, "pdf", tmp_path)
    from kg.read import read_file
    from kg.read.pdf import pdf_pages

    pages = pdf_pages(pdf.read_bytes())
    assert len(pages) >= 4
    read = read_file(pdf)
    assert read.layout is not None and read.layout.furniture >= 2 * len(pages) - 1
    assert not any("招远市人民政府公报" in line or re.search(r"—\s*\d+\s*—", line) for line in read.lines)
    assert summary(pdf) == summary(CORPUS / (name + ".txt"))


def test_a_table_breaks_across_a_page_inside_a_merged_cell(renderings: Path) -> None:
    """In the rendered 莱芜 table, merged units cells run over page breaks: the part on the next
    page is an empty cell at the top of the continued table. Its rows still get the units the
    text gives them (the parse comparison above checks every task; here that the case is there)."""
    from kg.read.layout import find_tables
    from kg.read.pdf import pdf_pages

    name = "001_f58b3651bc17df0f"
    pages = pdf_pages((renderings / (name + ".pdf")).read_bytes())
    parts = [t for i, page in enumerate(pages) for t in find_tables(page, i)[0] if len(t.columns) == 7]
    units = 4  # 序号 工作任务 工作事项 具体内容 责任单位 完成时限
    split = [
        (before, after)
        for before, after in zip(parts, parts[1:], strict=False)
        if after.page == before.page + 1
        and len(after.rows) > 1
        and not after.rows[1][units]
        and before.rows[-1][units]
    ]
    assert split, "no merged units cell runs over a page break in the rendering"
    text_tasks = {t.n: t.units for d in parse_file(CORPUS / (name + ".txt")).documents for t in d.tasks}
    pdf_tasks = {t.n: t.units for d in parse_file(renderings / (name + ".pdf")).documents for t in d.tasks}
    for _, after in split:
        n = int(after.rows[1][0])
        assert pdf_tasks[n] == text_tasks[n] and pdf_tasks[n], n


def test_a_docx_made_for_the_tests_has_a_real_table_with_merged_cells(renderings: Path) -> None:
    import docx

    document = docx.Document(str(renderings / "003_964c6440e979350b.docx"))
    assert document.tables
    table = document.tables[0]
    units = [row.cells[-1]._tc for row in table.rows[1:]]
    assert len(set(map(id, units))) < len(units)  # some unit cells span rows


# -- damaged and unreadable files -------------------------------------------------------------


def _reportlab_pdf(path: Path, *, encrypt: str | None = None, image: bool = False, pages: int = 2) -> Path:
    """A small Chinese PDF made with reportlab's built-in STSong-Light font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path), pagesize=(595, 842), encrypt=encrypt, invariant=True)
    for n in range(pages):
        if image:
            from PIL import Image
            from reportlab.lib.utils import ImageReader

            picture = Image.new("RGB", (200, 100), (255, 255, 255))
            c.drawImage(ImageReader(picture), 100, 500, width=400, height=200)
        else:
            c.setFont("STSong-Light", 16)
            c.drawString(100, 700, f"一、第{n + 1}页的正文")
            c.drawString(100, 670, "（一）加强组织领导。各单位要落实责任。")
        c.showPage()
    c.save()
    return path


def _error(runner, args: list[str]) -> str:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return lines[0]


def test_a_small_reportlab_pdf_reads(tmp_path: Path) -> None:
    from kg.read import read_file

    read = read_file(_reportlab_pdf(tmp_path / "ok.pdf"))
    assert read.format == "pdf"
    assert "（一）加强组织领导。各单位要落实责任。" in read.lines


def test_broken_files_fail_in_one_line(runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    good = _reportlab_pdf(tmp_path / "good.pdf").read_bytes()
    encrypted = _reportlab_pdf(tmp_path / "encrypted.pdf", encrypt="secret")
    assert "encrypted" in _error(runner, ["parse", str(encrypted)])
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(good[: len(good) // 2])
    assert "truncated" in _error(runner, ["parse", str(truncated)])
    scanned = _reportlab_pdf(tmp_path / "scanned.pdf", image=True)
    assert "scanned" in _error(runner, ["parse", str(scanned)])
    ofd = tmp_path / "missing-page.ofd"
    ofd.write_bytes(gongwen.pdf_to_ofd(good, omit_page=1))
    message = _error(runner, ["parse", str(ofd)])
    assert "Page_1/Content.xml" in message and "missing" in message
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    assert "LibreOffice" in _error(runner, ["parse", str(legacy)])


def test_a_build_keeps_going_past_broken_files(
    runner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:  # type: ignore[no-untyped-def]
    from kg.cli import cli

    corpus = tmp_path / "mixed"
    corpus.mkdir()
    shutil.copy(CORPUS / "002_36fdef9b3c1c0413.txt", corpus / "haiyang.txt")
    good = _reportlab_pdf(tmp_path / "good.pdf").read_bytes()
    (corpus / "truncated.pdf").write_bytes(good[: len(good) // 2])
    _reportlab_pdf(corpus / "scanned.pdf", image=True)
    (corpus / "missing-page.ofd").write_bytes(gongwen.pdf_to_ofd(good, omit_page=0))
    (corpus / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    monkeypatch.setenv("PATH", str(tmp_path / "no-such-bin"))
    result = runner.invoke(
        cli,
        [
            "--store",
            str(tmp_path / "store"),
            "build",
            str(corpus),
            "-o",
            str(tmp_path / "out"),
            "--keep-going",
        ],
    )
    assert result.exit_code == 0, result.output
    skipped = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert len(skipped) == 4, result.stderr
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "海政办发〔2022〕12号" in graph


def test_the_format_is_told_by_the_bytes_not_the_name(tmp_path: Path) -> None:
    from kg.read import read_file

    pdf = _reportlab_pdf(tmp_path / "real.pdf")
    disguised = tmp_path / "disguised.txt"
    disguised.write_bytes(pdf.read_bytes())
    assert read_file(disguised).format == "pdf"
    assert read_file(disguised).lines == read_file(pdf).lines
    ofd = tmp_path / "package.zip"
    ofd.write_bytes(gongwen.pdf_to_ofd(pdf.read_bytes()))
    assert read_file(ofd).format == "ofd"
    assert read_file(ofd).lines == read_file(pdf).lines


def test_rows_broken_by_a_page_are_one_row(tmp_path: Path) -> None:
    """The 招远 table (no 序号 column) with rows allowed to break across pages, as Word does by
    default: each broken row is read as one task, the same tasks as the text's."""
    _need_soffice()
    name = "003_964c6440e979350b"
    docx = gongwen.corpus_docx(CORPUS / (name + ".txt"), tmp_path / (name + ".docx"), split_rows=True)
    pdf = gongwen.convert(docx, "pdf", tmp_path)
    from kg.read.layout import find_tables
    from kg.read.pdf import pdf_pages

    pages = pdf_pages(pdf.read_bytes())
    parts = [t for i, page in enumerate(pages) for t in find_tables(page, i)[0]]
    broken = [
        after
        for before, after in zip(parts, parts[1:], strict=False)
        if after.page == before.page + 1
        and len(after.rows) > 1
        and not after.rows[1][0]
        and not after.rows[1][1]
        and not before.rows[-1][2].rstrip().endswith("。")
    ]
    assert broken, "no row of the rendering breaks across a page"
    assert summary(pdf) == summary(CORPUS / (name + ".txt"))


def test_a_mixed_folder_builds_in_one_go(runner, renderings: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """txt, md, html, docx, pdf, ofd and doc side by side (one document each), one kg build."""
    from kg.cli import cli

    folder = tmp_path / "mixed"
    folder.mkdir()
    shutil.copy(renderings / "000_01402f3f3cec93ba.pdf", folder / "laizhou.pdf")
    shutil.copy(renderings / "001_f58b3651bc17df0f.doc", folder / "laiwu.doc")
    shutil.copy(renderings / "002_36fdef9b3c1c0413.ofd", folder / "haiyang.ofd")
    shutil.copy(renderings / "003_964c6440e979350b.docx", folder / "zhaoyuan.docx")
    shutil.copy(CORPUS / "004_5c5feeab802f711e.txt", folder / "jinan.md")
    html = "<html><body>" + "".join(
        f"<p>{line}</p>"
        for line in (CORPUS / "002_36fdef9b3c1c0413.txt").read_text(encoding="utf-8").splitlines()
    )
    (folder / "haiyang-copy.html").write_text(
        html.replace("海政办发〔2022〕12号", "海政办发〔2022〕99号") + "</body></html>", encoding="utf-8"
    )
    result = runner.invoke(
        cli, ["--store", str(tmp_path / "store"), "build", str(folder), "-o", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.output
    graph = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    for number in (
        "莱政办发〔2023〕16号",
        "莱芜政办字〔2023〕10号",
        "莱芜政办发〔2023〕5号",
        "海政办发〔2022〕12号",
        "招政办发〔2023〕15号",
        "济政办发〔2023〕8号",
        "海政办发〔2022〕99号",
    ):
        assert number in graph, number
