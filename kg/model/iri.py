"""Deterministic, readable IRIs built from stable keys, never from list positions or run order.

A document is named by its jurisdiction code, year and 文号: ``id/doc/370683/2023/lzbf-16-xxxx``,
where ``lzbf`` are the pinyin initials of the 文号 prefix 莱政办发, 16 its sequence number, and
``xxxx`` four hex digits of a hash of the exact prefix, so that two prefixes with the same
initials (政办发 and 证办发) never share an IRI. Subdivisions follow Akoma Ntoso's eId style:
``…/sec_3__item_8__point_2``. Everything can be rebuilt offline from the document's metadata.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from functools import lru_cache

from rdflib import URIRef

from kg.model.namespaces import ID
from kg.normalize import key


def _h(text: str, n: int = 4) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:n]


@lru_cache(maxsize=1 << 14)
def initials(text: str) -> str:
    """Lower-case ASCII initials of a Chinese name (pinyin first letters; ASCII kept).

    >>> initials("莱政办发"), initials("LZ政办")
    ('lzbf', 'lzzb')
    """
    from pypinyin import Style, lazy_pinyin

    letters = lazy_pinyin(text, style=Style.FIRST_LETTER, errors=lambda chars: list(chars))  # type: ignore[arg-type,return-value]
    out = "".join(letters).lower()
    out = unicodedata.normalize("NFKD", out).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]", "", out) or "x"


def document_iri(
    *,
    code: str | None,
    year: int | None,
    prefix: str | None,
    seq: int | None,
    title: str | None,
    source: str,
    index: int,
) -> URIRef:
    """IRI of a document from its jurisdiction code, year and 文号 (or title when it has none).

    >>> str(document_iri(code="370683", year=2023, prefix="莱政办发", seq=16, title=None, source="a.txt", index=1))
    'https://w3id.org/policy-kg/id/doc/370683/2023/lzbf-16-e4d5'
    """
    area = code or "000000"
    when = f"{year:04d}" if year else "0000"
    if prefix and seq is not None:
        slug = f"{initials(prefix)}-{seq}-{_h(key(prefix))}"
    elif title:
        slug = f"t-{_h(key(title), 10)}"
    else:
        slug = f"f-{_h(f'{source}#{index}', 10)}"
    return ID[f"doc/{area}/{when}/{slug}"]


def section_iri(doc: URIRef, number: int) -> URIRef:
    """IRI of a section of *doc*.

    >>> str(section_iri(URIRef("https://x/doc"), 2))
    'https://x/doc/sec_2'
    """
    return URIRef(f"{doc}/sec_{number}")


def item_iri(section: URIRef, number: int) -> URIRef:
    """IRI of an item of *section*.

    >>> str(item_iri(URIRef("https://x/doc/sec_2"), 5))
    'https://x/doc/sec_2__item_5'
    """
    return URIRef(f"{section}__item_{number}")


def point_iri(parent: URIRef, number: int) -> URIRef:
    return URIRef(f"{parent}__point_{number}")


def task_iri(doc: URIRef, numbers: list[int | None], index: int) -> URIRef:
    """``{doc}/task_{序号}`` of the task at *index* among a document's tasks, whose 序号 are
    *numbers*; by position (from 1) when a 序号 is missing or repeats (a table that numbers its
    rows again in each section), so that no two tasks share an IRI.

    >>> [str(task_iri(URIRef("d"), [1, 2], i)) for i in (0, 1)], str(task_iri(URIRef("d"), [1, 2, 1], 2))
    (['d/task_1', 'd/task_2'], 'd/task_3')
    """
    unique = None not in numbers and len(set(numbers)) == len(numbers)
    return URIRef(f"{doc}/task_{numbers[index] if unique else index + 1}")


def annex_iri(doc: URIRef, position: int) -> URIRef:
    return URIRef(f"{doc}/annex_{position}")


def area_iri(code: str) -> URIRef:
    """IRI of an administrative area.

    >>> str(area_iri("370116"))
    'https://w3id.org/policy-kg/id/area/370116'
    """
    return ID[f"area/{code}"]


def org_iri(name: str, code: str | None) -> URIRef:
    """IRI of an organisation from the area it serves and its name.

    >>> str(org_iri("莱州市人民政府办公室", "370683"))
    'https://w3id.org/policy-kg/id/org/370683/lzsrmzfbgs-608d'
    """
    return ID[f"org/{code or '000000'}/{initials(name)}-{_h(key(name))}"]
