"""Files to clean text: encodings, containers and page furniture.

:func:`read_file` is the one entry point; :func:`read_bytes` does the same for bytes in memory.
The container is told by the bytes, whatever the file is called: PDF (``%PDF``), OFD (a ZIP
with ``OFD.xml``), Word (a ZIP with ``word/``), legacy Word or WPS (an OLE2 compound file,
converted by LibreOffice when it is installed), HTML, Markdown or plain text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.read.clean import (
    BLANK,
    PAGE_BREAK,
    Furniture,
    bulletin_name,
    is_marker,
    join_wrapped,
    remove_furniture,
)
from kg.read.decode import decode_bytes, looks_binary
from kg.read.formats import (
    docx_headers,
    docx_to_text,
    html_declared_charset,
    html_to_text,
    legacy_to_docx,
    looks_like_markdown,
    strip_markdown,
)
from kg.read.layout import Layout, Page, pages_to_text
from kg.read.ofd import looks_like_ofd, ofd_pages
from kg.read.pdf import pdf_pages

__all__ = [
    "BLANK",
    "PAGE_BREAK",
    "is_marker",
    "ReadResult",
    "join_wrapped",
    "read_bytes",
    "read_file",
    "SUPPORTED_SUFFIXES",
]

#: File name suffixes a directory is searched for (the format itself is told by the content).
SUPPORTED_SUFFIXES = (
    ".txt",
    ".text",
    ".md",
    ".markdown",
    ".docx",
    ".html",
    ".htm",
    ".pdf",
    ".ofd",
    ".doc",
    ".wps",
)


@dataclass
class ReadResult:
    """A document file reduced to clean lines.

    :ivar lines: lines without page furniture; page breaks are :data:`PAGE_BREAK` lines, blank
        lines :data:`BLANK`.
    :ivar encoding: the encoding the bytes were decoded with (``"docx"`` for Word files).
    :ivar format: ``txt``, ``markdown``, ``docx``, ``html``, ``pdf``, ``ofd`` or ``doc``.
    :ivar layout: for PDF and OFD, what the page layout told: the 版头 and 版记 lines.
    """

    source: str
    lines: list[str]
    encoding: str
    format: str
    furniture: Furniture = field(default_factory=Furniture)
    layout: Layout | None = None


def read_file(path: str | Path) -> ReadResult:
    """Read a document file into clean lines.

    :raises InputError: the path is missing or a directory, or the file is empty, binary, or
        in a container we cannot open.
    """
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=p)
    if p.is_dir():
        raise InputError("is a directory, not a document file", path=p)
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot be read ({exc.strerror})", path=p) from None
    try:
        return read_bytes(data, name=p.name, source=str(p))
    except InputError as exc:
        if exc.path is None:
            exc.path = p
        raise


def read_bytes(data: bytes, *, name: str = "<bytes>", source: str | None = None) -> ReadResult:
    """Read a document held in memory; the container is told by the bytes (*name*'s suffix
    only tells a text file's flavour: .md, .html)."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise InputError("is empty")
    if data[:1024].lstrip().startswith(b"%PDF") or b"%PDF-" in data[:1024]:
        return _fixed_layout(pdf_pages(data), "pdf", source or name)
    if looks_like_ofd(data) or (suffix == ".ofd" and data.startswith(b"PK")):
        return _fixed_layout(ofd_pages(data), "ofd", source or name)
    heads: list[str] = []  # a Word file's page headers: furniture that may name a bulletin
    if data.startswith(_OLE):
        data = legacy_to_docx(data, name)
        text, encoding, fmt = docx_to_text(data), "doc", "doc"
        heads = docx_headers(data)
    elif data.startswith(b"PK\x03\x04") and (_is_docx(data) or suffix == ".docx"):
        text, encoding, fmt = docx_to_text(data), "docx", "docx"
        heads = docx_headers(data)
    elif suffix in (".docx", ".pdf", ".ofd", ".doc", ".wps") and looks_binary(data):
        raise InputError(f"is not a {suffix[1:]} file (its bytes are neither that format nor text)")
    else:
        if looks_binary(data):
            raise InputError("is a binary file, not a text document")
        declared = (
            html_declared_charset(data) if suffix in (".html", ".htm") or data.lstrip()[:1] == b"<" else None
        )
        text, encoding = decode_bytes(data, declared=declared)
        if suffix in (".html", ".htm") or _looks_like_html(text):
            text, fmt = html_to_text(text), "html"
        elif suffix in (".md", ".markdown") or looks_like_markdown(text):
            text, fmt = strip_markdown(text), "markdown"
        else:
            fmt = "txt"
    lines, furniture = remove_furniture(text)
    _bulletins(heads, furniture)
    if not any(not is_marker(line) for line in lines):
        raise InputError("holds no text")
    return ReadResult(source=source or name, lines=lines, encoding=encoding, format=fmt, furniture=furniture)


def _bulletins(lines: list[str], furniture: Furniture) -> None:
    """Keep the bulletin named by any of *lines* (furniture removed elsewhere) as published_in."""
    for line in lines:
        bulletin = bulletin_name(line)
        if bulletin and bulletin not in furniture.bulletins:
            furniture.bulletins.append(bulletin)


_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _is_docx(data: bytes) -> bool:
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            return any(n.startswith("word/") for n in z.namelist())
    except zipfile.BadZipFile:
        return False


def _fixed_layout(pages: list[Page], fmt: str, source: str) -> ReadResult:
    """PDF or OFD pages to a read result: the layout's lines through the same furniture and
    space clean-up as any text."""
    if not any(page.glyphs for page in pages):
        if any(page.images for page in pages):
            raise InputError(
                f"is a scanned {fmt.upper()} (pages of images, no text layer); OCR is not supported, "
                "give a version with text"
            )
        raise InputError(f"holds no text (a {fmt.upper()} without characters)")
    layout = pages_to_text(pages)
    lines, furniture = remove_furniture("\n".join(layout.lines))
    furniture.running_heads += layout.furniture
    _bulletins(layout.removed, furniture)
    if not any(not is_marker(line) for line in lines):
        raise InputError("holds no text")
    return ReadResult(
        source=source, lines=lines, encoding=fmt, format=fmt, furniture=furniture, layout=layout
    )


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
