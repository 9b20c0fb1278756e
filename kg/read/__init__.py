"""Files to clean text: encodings, containers (.txt .md .docx .html) and page furniture.

:func:`read_file` is the one entry point; :func:`read_bytes` does the same for bytes in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from kg.errors import InputError
from kg.read.clean import BLANK, PAGE_BREAK, Furniture, is_marker, join_wrapped, remove_furniture
from kg.read.decode import decode_bytes, looks_binary
from kg.read.formats import (
    docx_to_text,
    html_declared_charset,
    html_to_text,
    looks_like_markdown,
    strip_markdown,
)

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

#: File name suffixes we read; anything else is tried as plain text.
SUPPORTED_SUFFIXES = (".txt", ".text", ".md", ".markdown", ".docx", ".html", ".htm")


@dataclass
class ReadResult:
    """A document file reduced to clean lines.

    :ivar lines: lines without page furniture; page breaks are :data:`PAGE_BREAK` lines, blank
        lines :data:`BLANK`.
    :ivar encoding: the encoding the bytes were decoded with (``"docx"`` for Word files).
    :ivar format: ``txt``, ``markdown``, ``docx`` or ``html``.
    """

    source: str
    lines: list[str]
    encoding: str
    format: str
    furniture: Furniture = field(default_factory=Furniture)


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
    """Read a document held in memory; *name* decides the container by its suffix."""
    suffix = Path(name).suffix.lower()
    if not data.strip():
        raise InputError("is empty")
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        raise InputError(
            "is a PDF; PDF input is not supported yet, extract its text first (e.g. pdftotext -layout)"
        )
    if suffix == ".doc" or data.startswith(b"\xd0\xcf\x11\xe0"):
        raise InputError("is a legacy Word .doc file; save it as .docx or text first")
    if suffix == ".docx" or (data.startswith(b"PK\x03\x04") and b"word/" in data[:2000]):
        text, encoding, fmt = docx_to_text(data), "docx", "docx"
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
    if not any(not is_marker(line) for line in lines):
        raise InputError("holds no text")
    return ReadResult(source=source or name, lines=lines, encoding=encoding, format=fmt, furniture=furniture)


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:512].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
