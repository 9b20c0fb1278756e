"""Containers to plain text: .docx and .html bodies, and Markdown markup.

Each converter returns lines of text in reading order. A table becomes one line per row with its
cells separated by TAB, the same shape a copy from a web page or a word processor gives, so the
table reader downstream sees one convention whatever the container.
"""

from __future__ import annotations

import io
import re
import zipfile
from html.parser import HTMLParser

from kg.errors import InputError

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _cell_text(text: str) -> str:
    # Inside a cell a line break is layout, not structure: keep the cell on one line.
    return re.sub(r"\s*\n\s*", "", text).replace("\t", " ").strip()


def docx_to_text(data: bytes) -> str:
    """Text of a .docx body: paragraphs and tables in document order.

    :raises InputError: when the bytes are not a Word document.
    """
    try:
        import docx  # python-docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(f"is not a readable .docx file ({exc.__class__.__name__})") from None
    except Exception as exc:  # python-docx raises several private errors on damaged packages
        raise InputError(f"is not a readable .docx file ({exc.__class__.__name__})") from None
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        if child.tag == _W + "p":
            lines.append(Paragraph(child, document).text)
        elif child.tag == _W + "tbl":
            table = Table(child, document)
            for row in table.rows:
                cells: list[str] = []
                previous = None
                for cell in row.cells:
                    # python-docx repeats a horizontally merged cell; print it once, keep the column.
                    cells.append("" if cell._tc is previous else _cell_text(cell.text))
                    previous = cell._tc
                lines.append("\t".join(cells))
            lines.append("")
    return "\n".join(lines)


def legacy_to_docx(data: bytes, name: str) -> bytes:
    """A legacy Word (.doc) or WPS file converted to .docx by LibreOffice headless.

    :raises InputError: LibreOffice is not installed, or cannot convert the file.
    """
    import os
    import shutil
    import subprocess
    import tempfile
    from pathlib import Path

    command = shutil.which("soffice") or shutil.which("libreoffice")
    if command is None:
        raise InputError(
            "is a legacy Word/WPS file; reading it needs LibreOffice (install libreoffice-writer-nogui, "
            "which provides soffice) or save it as .docx"
        )
    with tempfile.TemporaryDirectory(prefix="kg-doc-") as tmp:
        work = Path(tmp)
        source = work / ("input" + (Path(name).suffix.lower() if Path(name).suffix else ".doc"))
        source.write_bytes(data)
        profile = work / "profile"  # a profile of its own: no clash with a running LibreOffice
        try:
            subprocess.run(
                [
                    command,
                    f"-env:UserInstallation={profile.as_uri()}",
                    "--headless",
                    "--convert-to",
                    "docx:MS Word 2007 XML",
                    "--outdir",
                    str(work / "out"),
                    str(source),
                ],
                check=True,
                capture_output=True,
                timeout=int(os.environ.get("KG_SOFFICE_TIMEOUT", "180")),
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as exc:
            raise InputError(f"could not be converted by LibreOffice ({exc.__class__.__name__})") from None
        out = work / "out" / (source.stem + ".docx")
        if not out.exists():
            raise InputError("could not be converted by LibreOffice (it wrote no .docx)")
        return out.read_bytes()


def docx_headers(data: bytes) -> list[str]:
    """The text lines of a .docx's page headers (页眉): running heads, such as a bulletin's
    name. Empty when the package cannot be read (the body reader reports that)."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except Exception:  # noqa: BLE001 - python-docx raises several private errors
        return []
    lines: list[str] = []
    for section in document.sections:
        for header in (section.header, section.first_page_header, section.even_page_header):
            if header.is_linked_to_previous and section is not document.sections[0]:
                continue
            lines.extend(p.text.strip() for p in header.paragraphs if p.text.strip())
    return list(dict.fromkeys(lines))


_BLOCK_TAGS = {
    "p",
    "div",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "table",
    "tr",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "dd",
    "dt",
    "dl",
    "title",
    "center",
}
_SKIP_TAGS = {"script", "style", "head", "noscript", "template", "svg"}


class _HtmlText(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.skip = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.pre = 0

    def _flush(self) -> None:
        text = "".join(self.current)
        if not self.pre:
            text = re.sub(r"[ \t\r\n\f]+", " ", text)
        self.current = []
        for line in text.split("\n"):
            self.lines.append(line.strip())

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self.skip += 1
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.row is not None:
            self.cell = []
            return
        if tag == "tr":
            self._flush()
            self.row = []
            return
        if self.cell is not None:
            return
        if tag == "pre":
            self._flush()
            self.pre += 1
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "br" and self.cell is None and not self.skip:
            self._flush()

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag in ("td", "th") and self.row is not None and self.cell is not None:
            self.row.append(_cell_text("".join(self.cell)))
            self.cell = None
            return
        if tag == "tr" and self.row is not None:
            self.lines.append("\t".join(self.row))
            self.row = None
            return
        if self.cell is not None:
            return
        if tag == "pre":
            self._flush()
            self.pre = max(0, self.pre - 1)
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.cell is not None:
            self.cell.append(data)
        else:
            self.current.append(data)

    def close(self) -> None:
        super().close()
        self._flush()


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)


def html_declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a ``<meta>`` tag, if any.

    >>> html_declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">')
    'gb2312'
    """
    match = _META_CHARSET.search(data[:4096])
    return match.group(1).decode("ascii").lower() if match else None


def html_to_text(markup: str) -> str:
    """Visible text of an HTML page, one block per line, table rows as TAB-separated cells."""
    parser = _HtmlText()
    parser.feed(markup)
    parser.close()
    return "\n".join(parser.lines)


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+")
_MD_RULE = re.compile(r"^\s{0,3}([-*_])(\s*\1){2,}\s*$")
_MD_EMPHASIS = re.compile(r"(\*\*|__)(.+?)\1")
_MD_TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_MD_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def looks_like_markdown(text: str) -> bool:
    """True when *text* carries Markdown markup (headings, bold, rules), whatever its file name.

    >>> looks_like_markdown("# 标题\\n\\n## **一、总体要求**")
    True
    >>> looks_like_markdown("一、总体要求\\n（一）加强领导。")
    False
    """
    lines = text.splitlines()
    headings = sum(1 for line in lines if _MD_HEADING.match(line))
    bold = len(_MD_EMPHASIS.findall(text))
    rules = sum(1 for line in lines if _MD_RULE.match(line))
    tables = sum(1 for line in lines if _MD_TABLE_RULE.match(line) and "|" in line)
    return headings >= 2 or (headings >= 1 and (bold >= 1 or rules >= 1)) or bold >= 3 or tables >= 1


def strip_markdown(text: str) -> str:
    """Remove Markdown markup but keep every word: headings, bold, rules, hard-break spaces.

    >>> strip_markdown("## **二、规范行政决策**  \\n（六）**打造品牌**。\\n---")
    '二、规范行政决策\\n（六）打造品牌。\\n'

    A pipe table's rows become TAB-separated cells, as a web page's table does; its rule goes:

    >>> strip_markdown("| 序号 | 责任单位 |\\n| --- | :---: |\\n| 1 | 市政府办公室 \\\\| 各部门 |")
    '序号\\t责任单位\\n1\\t市政府办公室 | 各部门'
    """
    out: list[str] = []
    for line in text.splitlines():
        if "|" in line and _MD_TABLE_RULE.match(line):
            continue
        if _MD_TABLE_ROW.match(line):
            cells = re.split(r"(?<!\\)\|", line.strip()[1:-1])
            line = "\t".join(_MD_EMPHASIS.sub(r"\2", c.strip().replace("\\|", "|")) for c in cells)
            out.append(line)
            continue
        if _MD_RULE.match(line):
            out.append("")
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        out.append(line.rstrip())
    return "\n".join(out)
