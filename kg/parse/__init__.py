"""Clean text to records: documents, their headers, outlines and attachments.

:func:`parse_file` reads and parses a file; :func:`parse_text` parses text already in memory.
Both raise only :class:`kg.errors.KgError` subclasses on bad input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from kg.errors import NotAPolicyDocument
from kg.parse.document import parse_document, split_documents
from kg.parse.duties import extract_duties
from kg.parse.records import Annex, Contact, Document, Item, Jurisdiction, Point, Section
from kg.read import ReadResult, read_bytes, read_file
from kg.read.clean import typical_width

__all__ = [
    "Annex",
    "Contact",
    "Document",
    "Item",
    "Jurisdiction",
    "ParseResult",
    "Point",
    "Section",
    "parse_file",
    "parse_read",
    "parse_text",
]


@dataclass
class ParseResult:
    """The documents found in one file."""

    source: str
    encoding: str
    format: str
    documents: list[Document] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "encoding": self.encoding,
            "format": self.format,
            "documents": [d.to_dict() for d in self.documents],
        }


def parse_file(path: str | Path) -> ParseResult:
    """Read and parse one file.

    :raises InputError: the file cannot be read as text.
    :raises NotAPolicyDocument: the text holds no policy document.
    """
    return parse_read(read_file(path), name=Path(path).name)


def parse_text(text: str, *, name: str = "<text>") -> ParseResult:
    """Parse text held in memory (as if read from a UTF-8 .txt file)."""
    return parse_read(
        read_bytes(text.encode("utf-8"), name=name if "." in name else name + ".txt"), name=name
    )


def parse_read(read: ReadResult, *, name: str) -> ParseResult:
    """Parse what :func:`kg.read.read_file` returned."""
    result = ParseResult(source=name, encoding=read.encoding, format=read.format)
    # The page measure is a property of the file's layout: take it over all of its lines.
    measure = typical_width(read.lines)
    for index, lines in enumerate(split_documents(read.lines), start=1):
        doc = parse_document(
            lines, source=name, index=index, bulletins=read.furniture.bulletins, measure=measure
        )
        if _is_policy_document(doc):
            extract_duties(doc)
            result.documents.append(doc)
    if not result.documents:
        raise NotAPolicyDocument(
            "is not a policy document: no 文号, no 关于…的通知 title and no numbered outline found"
        )
    for index, doc in enumerate(result.documents, start=1):
        doc.index = index
    return result


def _is_policy_document(doc: Document) -> bool:
    has_title = bool(doc.title) and len(doc.title or "") >= 6
    has_outline = sum(len(s.items) for s in doc.sections) >= 2 or len(doc.sections) >= 2
    return (
        bool(doc.doc_number)
        or (has_title and (has_outline or bool(doc.date)))
        or (has_outline and bool(doc.issuer or doc.date))
    )
