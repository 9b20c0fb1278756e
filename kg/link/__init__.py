"""Inheritance between documents: parents, siblings, aligned items and what changed.

:func:`link_documents` relates every document of a corpus (parents, expected parents, siblings)
and compares each linked pair; :func:`compare` compares two documents on demand (``kg diff``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from kg.link.align import METHOD, Match, align, similarity
from kg.link.changes import Comparison, Detail, Pair, TaskLink, compare, precision_recall
from kg.link.parents import (
    Expected,
    Family,
    ParentLink,
    find_document,
    load_stated,
    relate,
    short_id,
    short_ids,
)
from kg.parse.records import Document

__all__ = [
    "METHOD",
    "Comparison",
    "Detail",
    "Expected",
    "Family",
    "Links",
    "Match",
    "Pair",
    "TaskLink",
    "ParentLink",
    "align",
    "compare",
    "find_document",
    "link_documents",
    "load_stated",
    "precision_recall",
    "relate",
    "short_id",
    "short_ids",
    "similarity",
]


@dataclass
class Links:
    """Everything linking found in a corpus (document indices refer to ``documents``)."""

    documents: Sequence[Document]
    family: Family
    comparisons: list[tuple[int, int, Comparison]] = field(default_factory=list)


def link_documents(documents: Sequence[Document], stated: Iterable[tuple[str, str]] = ()) -> Links:
    """Relate the documents and compare each child with its parent and each sibling pair."""
    family = relate(documents, stated)
    links = Links(documents, family)
    for p in family.parents:
        links.comparisons.append(
            (p.child, p.parent, compare(documents[p.child], documents[p.parent], relation="parent"))
        )
    for a, b, _ in family.siblings:
        links.comparisons.append((a, b, compare(documents[a], documents[b], relation="sibling")))
    return links
