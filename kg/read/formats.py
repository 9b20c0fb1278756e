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
    return headings >= 2 or (headings >= 1 and (bold >= 1 or rules >= 1)) or bold >= 3


def strip_markdown(text: str) -> str:
    """Remove Markdown markup but keep every word: headings, bold, rules, hard-break spaces.

    >>> strip_markdown("## **二、规范行政决策**  \\n（六）**打造品牌**。\\n---")
    '二、规范行政决策\\n（六）打造品牌。\\n'
    """
    out: list[str] = []
    for line in text.splitlines():
        if _MD_RULE.match(line):
            out.append("")
            continue
        line = _MD_HEADING.sub("", line)
        line = _MD_EMPHASIS.sub(r"\2", line)
        out.append(line.rstrip())
    return "\n".join(out)
