"""Plain records a parse produces. No rdflib here: kg.model turns these into triples."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from kg.parse.citations import Citation
    from kg.parse.decisions import Decision
    from kg.parse.obligations import Obligation
    from kg.parse.quantities import Quantity
    from kg.parse.tables import Task


@dataclass
class Point:
    """A third-level point (1. / （1） / ①) inside an item or a section."""

    number: int
    label: str
    text: str


@dataclass
class Item:
    """An item （一）: its number as printed, heading (up to the first 。) and full text."""

    number: int
    label: str
    heading: str
    text: str
    points: list[Point] = field(default_factory=list)


@dataclass
class Section:
    """A section 一、 with its heading, any text before its first item, and its items."""

    number: int
    label: str
    heading: str
    text: str
    items: list[Item] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)


@dataclass
class Annex:
    """An attachment (附件): its title and its lines; TAB-separated rows are split into cells."""

    number: int | None
    label: str
    title: str
    lines: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)
    #: the body with blank-line and page-break markers (cell boundaries); not part of the JSON
    raw: list[str] = field(default_factory=list, repr=False)


@dataclass
class Jurisdiction:
    """An administrative area from the gazetteer."""

    name: str
    code: str
    level: str
    parent_name: str | None = None
    parent_code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "code": self.code,
            "level": self.level,
            "parent": {"name": self.parent_name, "code": self.parent_code} if self.parent_code else None,
        }


@dataclass
class Contact:
    name: str
    phone: str


@dataclass
class StatedQuantity:
    """A quantified requirement and where it stands (section and item as printed; None outside items)."""

    section: int | None
    item: int | None
    quantity: Quantity

    def to_dict(self) -> dict[str, Any]:
        return {"section": self.section, "item": self.item, **asdict(self.quantity)}


@dataclass
class Document:
    """One policy document: the notice, its main text and its attachments."""

    source: str
    index: int
    doc_number: str | None = None
    doc_number_prefix: str | None = None
    doc_number_year: int | None = None
    doc_number_seq: int | None = None
    issuer: str | None = None
    issuers: list[str] = field(default_factory=list)
    jurisdiction: Jurisdiction | None = None
    title: str | None = None
    attached_title: str | None = None
    genre: str = "notice"
    date: str | None = None
    printed: str | None = None
    printed_by: str | None = None
    year: int | None = None
    recipients: list[str] = field(default_factory=list)
    cc: list[str] = field(default_factory=list)
    publication: str | None = None
    registration_code: str | None = None
    contact: Contact | None = None
    published_in: str | None = None
    notice_text: str = ""
    preamble: str = ""
    sections: list[Section] = field(default_factory=list)
    closing: str = ""
    annex_list: list[str] = field(default_factory=list)
    annexes: list[Annex] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)
    quantities: list[StatedQuantity] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract of ``kg parse`` (fields may be added, none renamed)."""
        data = asdict(self)
        data["quantities"] = [q.to_dict() for q in self.quantities]
        for annex in data["annexes"]:
            annex.pop("raw", None)
        data["jurisdiction"] = self.jurisdiction.to_dict() if self.jurisdiction else None
        return data

    @property
    def items(self) -> list[Item]:
        return [item for section in self.sections for item in section.items]
