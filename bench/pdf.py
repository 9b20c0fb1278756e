"""PDF reading speed: pypdfium2 (the reader's choice) against pdfplumber, on generated PDFs.

The corpus and some synthetic documents (bench/synth.py) are written as .docx in the 公文
layout and converted to PDF by LibreOffice (tests/gongwen.py, the reader tests' fixtures), then
joined into one PDF of at least 50 pages. Measured in this process, one core:

- **text**: pages per second to the characters with their positions, then lines in reading
  order — ``kg.read.pdf.pdf_pages`` + ``kg.read.layout.pages_to_text`` against pdfplumber's
  ``page.extract_text()``;
- **tables**: pages per second to the ruled tables' rows — ``pdf_pages`` + ``find_tables``
  against pdfplumber's ``page.extract_tables()`` (with the table rows each found, as a check);
- ``kg parse`` of the 50-page PDF, wall time (the target: under 10 s on one core).

Usage: python bench/pdf.py [--pages 50] [--runs 3] [--append]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _make_pdfs(work: Path, pages: int) -> Path:
    """One PDF of at least *pages* pages: the corpus, then synthetic documents, joined."""
    import pypdfium2 as pdfium

    from tests import gongwen

    texts = sorted((ROOT / "data" / "corpus").glob("*.txt"))
    synth = work / "synth"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "bench" / "synth.py"),
            "--out",
            str(synth),
            "--provinces",
            "1",
            "--prefectures",
            "2",
            "--counties",
            "2",
            "--seed",
            "7",
        ],
        check=True,
        capture_output=True,
    )
    texts += sorted(synth.glob("*.txt"))
    docx = [gongwen.corpus_docx(t, work / "docx" / (t.stem + ".docx")) for t in texts]
    print(f"[pdf] converting {len(docx)} documents with LibreOffice", file=sys.stderr)
    pdfs = gongwen.convert_all(docx, "pdf", work / "pdf")
    joined = pdfium.PdfDocument.new()
    for pdf in pdfs:
        source = pdfium.PdfDocument(str(pdf))
        joined.import_pages(source)
        source.close()
        if len(joined) >= pages:
            break
    out = work / f"joined-{len(joined)}.pdf"
    joined.save(str(out))
    joined.close()
    return out


def _timed(fn, runs: int) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    times, result = [], None
    for _ in range(runs):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--append", action="store_true", help="append the results to bench/RESULTS.md")
    args = parser.parse_args()

    import pdfplumber

    from kg.read.layout import find_tables, pages_to_text
    from kg.read.pdf import pdf_pages

    with tempfile.TemporaryDirectory(prefix="kg-bench-pdf-") as tmp:
        pdf = _make_pdfs(Path(tmp), args.pages)
        data = pdf.read_bytes()
        n_pages = len(pdf_pages(data))

        def ours_text() -> int:
            return len(pages_to_text(pdf_pages(data)).lines)

        def plumber_text() -> int:
            with pdfplumber.open(str(pdf)) as doc:
                return sum(len((page.extract_text() or "").splitlines()) for page in doc.pages)

        def ours_tables() -> int:
            return sum(len(t.rows) for i, page in enumerate(pdf_pages(data)) for t in find_tables(page, i)[0])

        def plumber_tables() -> int:
            with pdfplumber.open(str(pdf)) as doc:
                return sum(len(t) for page in doc.pages for t in page.extract_tables())

        print(f"[pdf] {n_pages} pages; timing ({args.runs} runs each)", file=sys.stderr)
        t_text, lines = _timed(ours_text, args.runs)
        t_ptext, plines = _timed(plumber_text, args.runs)
        t_tab, rows = _timed(ours_tables, args.runs)
        t_ptab, prows = _timed(plumber_tables, args.runs)
        env = dict(os.environ, OMP_NUM_THREADS="1")
        start = time.perf_counter()
        parsed = subprocess.run(
            ["taskset", "-c", "0", sys.executable, "-m", "kg.cli", "parse", str(pdf), "--format", "json"],
            capture_output=True,
            env=env,
            check=False,
        )
        t_parse = time.perf_counter() - start
        documents = parsed.stdout.count(b'"doc_number"') if parsed.returncode == 0 else 0

    lines_out = [
        f"{'':28}{'pypdfium2 (ours)':>18}{'pdfplumber':>14}{'ratio':>9}",
        f"{'text, pages/s':28}{n_pages / t_text:>18.1f}{n_pages / t_ptext:>14.1f}{t_ptext / t_text:>8.1f}×",
        f"{'  lines':28}{lines:>18}{plines:>14}",
        f"{'tables, pages/s':28}{n_pages / t_tab:>18.1f}{n_pages / t_ptab:>14.1f}{t_ptab / t_tab:>8.1f}×",
        f"{'  table rows':28}{rows:>18}{prows:>14}",
        f"kg parse of the {n_pages}-page PDF on one core: {t_parse:.2f} s "
        f"({'exit 0' if parsed.returncode == 0 else 'exit ' + str(parsed.returncode)}, "
        f"{documents} documents) — target < 10 s: {'✓' if t_parse < 10 and parsed.returncode == 0 else '✗'}",
    ]
    print("\n".join(lines_out))
    if args.append:
        machine = f"{os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}"
        command = "python bench/pdf.py " + " ".join(sys.argv[1:])
        with (ROOT / "bench" / "RESULTS.md").open("a", encoding="utf-8") as fh:
            fh.write(
                f"\n## bench/pdf.py — PDF text and tables, pypdfium2 against pdfplumber\n\n"
                f"{time.strftime('%Y-%m-%d')} · {machine} · `{command}`\n\n```\n"
                + "\n".join(lines_out)
                + "\n```\n"
            )


if __name__ == "__main__":
    main()
